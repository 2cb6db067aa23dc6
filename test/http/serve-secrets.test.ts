import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeModelEnv, writeUserConfig } from '../support/cli-runner.js';
import { FakeModelServer } from '../support/fake-model-server.js';
import { type LanternService, startService } from '../support/lantern-service.js';
import { FAKE_KEYS } from '../support/model-session.js';

const KEY = FAKE_KEYS.anthropic;
const TOKEN = 'secret-token-A-0123456789abcdef';
const OTHER_TOKEN = 'secret-token-B-fedcba9876543210';
const SECRETS = [KEY, TOKEN, OTHER_TOKEN];
const CODE = 'def area(width, height):\n    return width + height\n';
const FIXED = 'def area(width, height):\n    return width * height\n';
const RATE_LIMIT = 12;

/** Every file under `dir`, read as bytes (latin1: a secret in a binary SQLite page still matches). */
function filesUnder(dir: string): { path: string; text: string }[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [{ path, text: readFileSync(path, 'latin1') }];
  });
}

describe('the key and the tokens never show: logs, metrics, stats, error bodies, the store', () => {
  let fake: FakeModelServer;
  let service: LanternService;
  let env: Record<string, string>;
  const seen: string[] = [];
  beforeAll(async () => {
    fake = await FakeModelServer.start();
    env = { ...fakeModelEnv('anthropic', fake), LANTERN_API_TOKENS: `${TOKEN},${OTHER_TOKEN}` };
    writeUserConfig(env, { service: { rateLimitMax: RATE_LIMIT, bodyLimitBytes: 8_192 } });
    service = await startService(env);
  });
  afterAll(async () => {
    await service?.stop();
    await fake?.close();
  });

  // Sends a request and keeps everything the client got back: status line, headers and body.
  async function call(path: string, init: RequestInit & { token?: string } = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (init.token) headers.set('authorization', `Bearer ${init.token}`);
    if (init.body) headers.set('content-type', 'application/json');
    const response = await fetch(`${service.url}${path}`, { ...init, headers });
    const body = await response.clone().text();
    seen.push(
      `${path} ${response.status}\n${[...response.headers].map((pair) => pair.join(': ')).join('\n')}\n${body}`,
    );
    return response;
  }
  // `null`: no Authorization header at all.
  const post = (path: string, body: unknown, token: string | null = TOKEN) =>
    call(path, { method: 'POST', body: JSON.stringify(body), ...(token ? { token } : {}) });

  it('exercises every route, its successes and its errors', async () => {
    fake.script(
      { kind: 'text', text: 'Adds the sides.' },
      { kind: 'text', text: `Multiply.\n\n\`\`\`python\n${FIXED}\`\`\`` },
      { kind: 'text', text: 'Plan: add.\n\n```python\ndef add(a, b):\n    return a + b\n```' },
      { kind: 'text', text: 'general' },
      { kind: 'text', text: 'An answer.' },
      // The model's endpoint refuses the key and quotes it back: the quote must not travel on.
      {
        kind: 'status',
        status: 401,
        body: { type: 'error', error: { type: 'authentication_error', message: `invalid x-api-key ${KEY}` } },
      },
    );
    expect((await post('/api/v1/understand', { code: CODE, language: 'python', line: 2 })).status).toBe(200);
    expect(
      (await post('/api/v1/debug', { code: CODE, language: 'python', error: 'wrong area', line: 2 })).status,
    ).toBe(200);
    expect(
      (await post('/api/v1/generate', { requirement: 'add two numbers', language: 'python' })).status,
    ).toBe(200);
    expect((await post('/api/v1/ask', { question: 'what is a closure?' })).status).toBe(200);
    // The model fails with the key in its message: the explanation's note says so, without the key.
    const failed = await post('/api/v1/understand', { code: FIXED, language: 'python', line: 2 });
    expect(failed.status).toBe(200);
    expect(((await failed.json()) as { note: string }).note).toMatch(/API key/);

    expect((await post('/api/v1/understand', { code: CODE, language: 'python' }, null)).status).toBe(401);
    expect((await post('/api/v1/understand', { code: CODE, language: 'python' }, `${TOKEN}x`)).status).toBe(
      401,
    );
    expect((await post('/api/v1/understand', { code: CODE, language: 'python' }, KEY)).status).toBe(401);
    expect((await post('/api/v1/understand', { code: CODE, language: 'cobol' })).status).toBe(400);
    expect(
      (await post('/api/v1/understand', { code: `# ${'x'.repeat(9_000)}`, language: 'python' })).status,
    ).toBe(413);
    let limited = 0;
    for (let request = 0; request <= RATE_LIMIT && limited === 0; request++)
      if (
        (await post('/api/v1/understand', { code: CODE, language: 'python', line: 1 }, OTHER_TOKEN))
          .status === 429
      )
        limited++;
    expect(limited).toBe(1);
    expect((await call('/api/v1/nowhere', { token: TOKEN })).status).toBe(404);

    expect((await call('/api/v1/health')).status).toBe(200);
    expect((await call('/api/v1/ready')).status).toBe(200);
    expect((await call('/api/v1/openapi.json')).status).toBe(200);
    expect((await call('/metrics')).status).toBe(200);
    expect((await call('/api/v1/stats', { token: TOKEN })).status).toBe(200);
  });

  it('none of what the clients saw holds a secret', () => {
    expect(seen.length).toBeGreaterThan(15);
    const everything = seen.join('\n');
    expect(everything).toContain('agent_requests_total'); // the metrics are in what is searched
    for (const secret of SECRETS) expect(everything.includes(secret), secret).toBe(false);
  });

  it('nor the logs, nor the store on disk, once the service has stopped', async () => {
    expect(await service.stop()).toBe(0);
    const logs = service.stdout() + service.stderr();
    expect(logs).toContain('"reqId"');
    const files = filesUnder(env.LANTERN_CACHE_DIR as string);
    // The store holds what it should (the cached explanation), so a clean search means something.
    expect(files.some((file) => file.text.includes('Adds the sides.'))).toBe(true);
    for (const secret of SECRETS) {
      expect(logs.includes(secret), `logs: ${secret}`).toBe(false);
      for (const file of files) expect(file.text.includes(secret), `${file.path}: ${secret}`).toBe(false);
    }
  });
});
