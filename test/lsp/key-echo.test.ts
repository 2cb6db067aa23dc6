import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fakeModelEnv, runLantern } from '../support/cli-runner.js';
import type { FakeReply } from '../support/fake-model-server.js';
import {
  FAKE_KEYS,
  freshDir,
  hoverText,
  modelSessionsPerTest,
  openSample,
  PROVIDERS,
  type ProviderName,
  SAMPLE_URI,
} from '../support/model-session.js';

/** An error body as each API words it, repeating the key it was sent (as some proxies and local servers do). */
function echoing(provider: ProviderName, status: number, message: string): FakeReply {
  const body =
    provider === 'anthropic'
      ? { type: 'error', error: { type: 'invalid_request_error', message } }
      : { error: { message, type: 'invalid_request_error' } };
  return { kind: 'status', status, body };
}

/** Every way the endpoint can hand the key back: error bodies, a cut error body, an SSE error, an answer. */
function echoes(provider: ProviderName): FakeReply[] {
  const key = FAKE_KEYS[provider];
  const header = provider === 'anthropic' ? `x-api-key: ${key}` : `Authorization: Bearer ${key}`;
  return [
    ...[400, 404, 422, 500, 529].map((status) =>
      echoing(provider, status, `rejected request with ${header}`),
    ),
    // Long enough that the error detail is cut (at 300 characters) 15 characters into the key.
    echoing(provider, 400, `${'x'.repeat(provider === 'anthropic' ? 202 : 241)} ${header}`),
    { kind: 'stream-error', text: 'Adds up', message: `stream failed for ${header}` },
    { kind: 'text', text: `Adds up the prices. (Your key is ${key}.)` },
  ];
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** The key, or a leading part of it long enough to matter (what a cut leaves), found in `text`. */
function leaks(text: string, key: string): boolean {
  return text.includes(key) || text.includes(key.slice(0, 12)) || text.includes('SECRET');
}

describe.each(PROVIDERS)('an endpoint that echoes the key (%s)', (provider) => {
  const sessions = modelSessionsPerTest(provider);

  it('never shows, logs or caches it: hover, showMessage, logMessage, log file, stderr, cache', async () => {
    const key = FAKE_KEYS[provider];
    const root = freshDir();
    const logFile = join(root, 'lantern.log');
    const replies = echoes(provider);
    sessions.fake.script(...replies);
    const { session } = await sessions.start({
      cacheDir: join(root, 'cache'),
      env: { LANTERN_LOG_FILE: logFile },
      // No circuit breaker in the way: every reply must reach a front.
      settings: { request: { maxRetries: 0 }, circuitBreaker: { failureThreshold: 100 } },
      openAiKey: true,
    });
    const { total, average } = await openSample(session);
    const hovers: string[] = [];
    for (let index = 0; index < replies.length; index++)
      hovers.push(await hoverText(session, SAMPLE_URI, index % 2 === 0 ? total : average));
    await session.request('lantern/status', null);

    // Every reply was asked for, and its text did come back to the user (so absence means something).
    expect(sessions.fake.requests).toHaveLength(replies.length);
    expect(hovers.join('\n')).toContain('Adds up the prices.');
    expect(readFileSync(logFile, 'utf8')).toMatch(/HTTP 4\d\d/);
    for (const hover of hovers) expect(leaks(hover, key), hover).toBe(false);
    // The trace holds every hover, showMessage and logMessage.
    for (const file of [session.tracePath, logFile, ...filesUnder(join(root, 'cache'))])
      expect(leaks(readFileSync(file, 'latin1'), key), `${file} holds the key`).toBe(false);
    expect(leaks(session.stderr, key)).toBe(false);
  });

  it('lantern explain keeps it off stderr', async () => {
    const key = FAKE_KEYS[provider];
    const { fake } = sessions;
    fake.script(echoing(provider, 400, `bad request with ${key}`));
    const env = { ...fakeModelEnv(provider, fake), OPENAI_API_KEY: FAKE_KEYS.openai };
    const run = await runLantern(env, ['explain', 'examples/inventory.py:22']);
    expect(fake.requests).toHaveLength(1);
    expect(run.stderr).toMatch(/HTTP 400/);
    expect(leaks(run.stderr + run.stdout, key)).toBe(false);
  });
});
