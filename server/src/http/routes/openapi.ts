import swagger from '@fastify/swagger';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { VERSION } from '../../version.js';

/**
 * Collects every route's schema into an OpenAPI 3 document as routes are registered: call it on the
 * root before any route. The document is generated, never written by hand, so it cannot drift from
 * what the routes validate and answer.
 */
export async function collectOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Lantern',
        version: VERSION,
        description:
          'The Lantern agent as a service: understand, generate, debug and ask about code. Send `Accept: text/event-stream` to understand, generate or ask to receive the model’s text as Server-Sent Events (`text` events, then one `result` event with the JSON body).',
      },
      components: {
        securitySchemes: {
          bearer: {
            type: 'http',
            scheme: 'bearer',
            description: 'one of LANTERN_API_TOKENS / --tokens-file',
          },
        },
      },
      // Every route wants the token unless its schema says otherwise (the probes and this document).
      security: [{ bearer: [] }],
    },
  });
}

/** GET /api/v1/openapi.json: the document collectOpenApi built (public: it holds no secret). */
export const openApiRoutes: FastifyPluginAsync = async (app) => {
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
};
