import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offlineEnv, writeUserConfig } from '../support/cli-runner.js';
import { failedStart, type LanternService, postJson, startService } from '../support/lantern-service.js';
import { freshDir } from '../support/model-session.js';

const ENV_TOKEN = 'env-token-0123456789abcdef';
const OTHER_ENV_TOKEN = 'env-token-fedcba9876543210';
const FILE_TOKEN = 'file-token-0123456789abcdef';
const UNDERSTAND = { code: 'def f(x):\n    return x\n', language: 'python', line: 2 };
const RATE_LIMIT = 4;

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('lantern serve refuses to start unsafely', () => {
  it('beyond loopback with no token: one line naming LANTERN_API_TOKENS, exit 1', async () => {
    const run = await failedStart(offlineEnv(), ['--host', '0.0.0.0', '--port', '0']);
    expect(run.code).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^lantern serve: refusing to listen on 0\.0\.0\.0 without API tokens.*LANTERN_API_TOKENS/,
    );
  });

  it('a token too short to be safe is refused, and not quoted', async () => {
    const run = await failedStart({ ...offlineEnv(), LANTERN_API_TOKENS: 'short-secret' }, ['--port', '0']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('1 API token is shorter than 16 characters');
    expect(run.stderr + run.stdout).not.toContain('short-secret');
  });

  it('a tokens file that cannot be read: one line, exit 1', async () => {
    const run = await failedStart(offlineEnv(), ['--port', '0', '--tokens-file', '/nonexistent/tokens']);
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe(
      'lantern serve: --tokens-file /nonexistent/tokens: cannot be read (ENOENT)',
    );
  });
});

describe('lantern serve with API tokens and tight limits', () => {
  let service: LanternService;
  beforeAll(async () => {
    const env = { ...offlineEnv(), LANTERN_API_TOKENS: ` ${ENV_TOKEN}, ${OTHER_ENV_TOKEN} ` };
    writeUserConfig(env, {
      service: { bodyLimitBytes: 4_096, rateLimitMax: RATE_LIMIT, rateLimitWindowMs: 60_000 },
    });
    const tokensFile = join(freshDir('lantern-tokens-'), 'tokens');
    writeFileSync(tokensFile, `# the CI bot\n${FILE_TOKEN}\n\n`);
    // Listening on every interface is allowed once there are tokens.
    service = await startService(env, ['--host', '0.0.0.0', '--tokens-file', tokensFile]);
  });
  afterAll(async () => {
    await service?.stop();
  });

  const understand = (headers: Record<string, string>, body: unknown = UNDERSTAND) =>
    postJson(`${service.url.replace('0.0.0.0', '127.0.0.1')}/api/v1/understand`, body, headers);

  it('401 without a token, and with a wrong one; the message quotes neither', async () => {
    const missing = await understand({});
    expect(missing.status).toBe(401);
    expect(missing.body.message).toBe('missing Authorization: Bearer <token> header');
    const wrong = await understand(bearer(`${ENV_TOKEN}x`));
    expect(wrong.status).toBe(401);
    expect(wrong.body.message).toBe('invalid API token (Authorization: Bearer <token>)');
    expect(JSON.stringify(wrong.body)).not.toContain(ENV_TOKEN);
  });

  it('a token from the environment and one from the file are both accepted', async () => {
    expect((await understand(bearer(OTHER_ENV_TOKEN))).status).toBe(200);
    expect((await understand(bearer(FILE_TOKEN))).status).toBe(200);
  });

  it('probes need no token', async () => {
    const base = service.url.replace('0.0.0.0', '127.0.0.1');
    expect((await fetch(`${base}/api/v1/health`)).status).toBe(200);
    const ready = await fetch(`${base}/api/v1/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      ready: true,
      draining: false,
      store: 'reachable',
      usageStore: 'reachable',
      circuit: 'offline',
    });
  });

  it('413 for a body over service.bodyLimitBytes', async () => {
    const { status, body } = await understand(bearer(FILE_TOKEN), {
      ...UNDERSTAND,
      code: `# ${'x'.repeat(5_000)}\n`,
    });
    expect(status).toBe(413);
    expect(body.error).toBe('Payload Too Large');
  });

  it('429 with Retry-After past the per-token limit; another token is not affected', async () => {
    const statuses: number[] = [];
    let limited: Awaited<ReturnType<typeof understand>> | undefined;
    for (let request = 0; request <= RATE_LIMIT; request++) {
      const response = await understand(bearer(ENV_TOKEN));
      statuses.push(response.status);
      limited = response;
    }
    expect(statuses).toEqual([...Array(RATE_LIMIT).fill(200), 429]);
    const retryAfter = Number(limited?.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(limited?.body.message).toMatch(/^rate limit of 4 requests reached; retry in \d+ s$/);
    // OTHER_ENV_TOKEN made one request above: it has allowance left.
    expect((await understand(bearer(OTHER_ENV_TOKEN))).status).toBe(200);
  });

  it('no CORS headers unless configured', async () => {
    const response = await fetch(`${service.url.replace('0.0.0.0', '127.0.0.1')}/api/v1/understand`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('lantern serve with service.corsOrigins', () => {
  it('answers a preflight from a configured origin, and only from it', async () => {
    const env = offlineEnv();
    writeUserConfig(env, { service: { corsOrigins: ['https://tools.example.com'] } });
    const service = await startService(env);
    try {
      const preflight = (origin: string) =>
        fetch(`${service.url}/api/v1/understand`, {
          method: 'OPTIONS',
          headers: { origin, 'access-control-request-method': 'POST' },
        });
      const allowed = await preflight('https://tools.example.com');
      expect(allowed.headers.get('access-control-allow-origin')).toBe('https://tools.example.com');
      const other = await preflight('https://evil.example');
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await service.stop();
    }
  });
});
