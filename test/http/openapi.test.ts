import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inProcessService } from '../support/in-process-service.js';

interface Operation {
  readonly security?: unknown[];
  readonly requestBody?: { content: { 'application/json': { schema: JsonSchema } } };
  readonly responses: Record<string, { content?: Record<string, { schema: JsonSchema }> }>;
}
interface JsonSchema {
  readonly required?: string[];
  readonly properties?: Record<string, JsonSchema & { enum?: string[] }>;
}
interface OpenApiDocument {
  readonly openapi: string;
  readonly paths: Record<string, Record<string, Operation>>;
}

describe('GET /api/v1/openapi.json, generated from the route schemas', () => {
  let app: FastifyInstance;
  let document: OpenApiDocument;
  beforeAll(async () => {
    // With a token, so the document's security is the one a deployment has.
    app = await inProcessService({ tokens: ['a-token-of-sixteen-chars'] });
    const response = await app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(response.statusCode).toBe(200);
    document = response.json();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('lists every route with its method, and no other', () => {
    expect(document.openapi).toBe('3.0.3');
    const routes = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(routes.sort()).toEqual(
      [
        'GET /api/v1/health',
        'GET /api/v1/ready',
        'GET /api/v1/stats',
        'GET /metrics',
        'POST /api/v1/ask',
        'POST /api/v1/debug',
        'POST /api/v1/generate',
        'POST /api/v1/understand',
      ].sort(),
    );
  });

  it('carries the request and response schemas the routes validate with', () => {
    const understand = document.paths['/api/v1/understand']?.post;
    const body = understand?.requestBody?.content['application/json'].schema;
    expect(body?.required).toEqual(['code', 'language']);
    expect(body?.properties?.language?.enum).toContain('python');
    const ok = understand?.responses['200']?.content?.['application/json']?.schema;
    expect(ok?.required).toEqual(['structure', 'explanation', 'cached']);
  });

  it('says which routes want the bearer token: all but the probes and /metrics', () => {
    expect(document.paths['/api/v1/health']?.get?.security).toEqual([]);
    expect(document.paths['/api/v1/ready']?.get?.security).toEqual([]);
    expect(document.paths['/metrics']?.get?.security).toEqual([]);
    expect(document.paths['/api/v1/understand']?.post?.security).toBeUndefined();
    expect((document as unknown as { security: unknown }).security).toEqual([{ bearer: [] }]);
  });

  it('agrees with the service: an empty body to each POST route is a 400 naming its first required field', async () => {
    for (const [path, methods] of Object.entries(document.paths)) {
      const required = methods.post?.requestBody?.content['application/json'].schema.required;
      if (!required) continue;
      const response = await app.inject({
        method: 'POST',
        url: path,
        headers: { authorization: 'Bearer a-token-of-sixteen-chars' },
        payload: {},
      });
      expect(response.statusCode, path).toBe(400);
      expect(response.json().message, path).toBe(`body/${required[0]} is required`);
    }
  });
});
