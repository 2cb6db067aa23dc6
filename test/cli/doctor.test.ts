import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OFFLINE_HINT } from '../../server/src/llm/offline-hint.js';
import {
  fakeModelEnv,
  offlineEnv,
  oneLineError,
  runLantern,
  writeUserConfig,
} from '../support/cli-runner.js';
import { FakeModelServer } from '../support/fake-model-server.js';
import { FAKE_KEYS } from '../support/model-session.js';

/** The report's line for a check: its status mark and detail. */
function line(stdout: string, name: string): string {
  return stdout.split('\n').find((candidate) => candidate.slice(5).startsWith(`${name} `)) ?? '';
}

// A port on 127.0.0.1 that nothing listens on (it was free a moment ago).
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('lantern doctor, offline', () => {
  it('reports config, offline provider, cache and grammars, and exits 0', async () => {
    const env = offlineEnv();
    const run = await runLantern(env, ['doctor']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^lantern \d+\.\d+\.\d+ · node v\d+/);
    expect(line(run.stdout, 'config')).toContain(
      `ok   config    ${join(env.XDG_CONFIG_HOME as string, 'lantern', 'config.json')} not found`,
    );
    expect(line(run.stdout, 'provider')).toMatch(/^ok {3}provider +offline/);
    expect(line(run.stdout, 'provider')).toContain(OFFLINE_HINT);
    expect(line(run.stdout, 'api key')).toMatch(/^skip api key +ANTHROPIC_API_KEY is not set/);
    expect(line(run.stdout, 'reachable')).toMatch(/^skip/);
    expect(line(run.stdout, 'cache')).toContain(
      `ok   cache     ${join(env.LANTERN_CACHE_DIR as string, 'cache.sqlite')} (read and write work)`,
    );
    expect(line(run.stdout, 'grammars')).toContain('typescript, tsx, javascript, python');
  });

  it('--json parses and holds every check and the effective config', async () => {
    const run = await runLantern(offlineEnv(), ['doctor', '--json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.ok).toBe(true);
    expect(report.checks.map((check: { name: string }) => check.name)).toEqual([
      'config',
      'provider',
      'api key',
      'reachable',
      'cache',
      'grammars',
    ]);
    expect(report.config.provider).toBe('auto');
  });

  it('an invalid setting in the config file fails, naming the key', async () => {
    const env = offlineEnv();
    writeUserConfig(env, { hover: { explain: 'sometimes' } });
    const run = await runLantern(env, ['doctor']);
    expect(oneLineError(run)).toContain('config: Lantern: setting `hover.explain` is invalid');
    expect(line(run.stdout, 'config')).toMatch(/^FAIL/);
  });

  it('provider anthropic without a key: the missing key is the one-line error', async () => {
    const run = await runLantern({ ...offlineEnv(), LANTERN_PROVIDER: 'anthropic' }, ['doctor']);
    expect(oneLineError(run)).toBe(
      `lantern: provider: offline: provider is anthropic but ANTHROPIC_API_KEY is not set. ${OFFLINE_HINT} (and 1 more problems)`,
    );
    expect(line(run.stdout, 'api key')).toBe(
      'FAIL api key   ANTHROPIC_API_KEY is not set (provider is anthropic)',
    );
  });
});

describe('lantern doctor with a model endpoint', () => {
  let fake: FakeModelServer;
  beforeEach(async () => {
    fake = await FakeModelServer.start();
  });
  afterEach(async () => {
    await fake.close();
  });

  it('anthropic: lists models with the key (never printing it) and exits 0', async () => {
    const run = await runLantern(fakeModelEnv('anthropic', fake), ['doctor']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(line(run.stdout, 'provider')).toContain(`anthropic · claude-sonnet-5-5 · ${fake.url}`);
    expect(line(run.stdout, 'api key')).toBe('ok   api key   ANTHROPIC_API_KEY is set');
    expect(line(run.stdout, 'reachable')).toMatch(
      new RegExp(`^ok {3}reachable ${fake.url} answered in \\d+ ms$`),
    );
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]).toMatchObject({ method: 'GET', path: '/v1/models?limit=1' });
    expect(fake.requests[0]?.headers['x-api-key']).toBe(FAKE_KEYS.anthropic);
    expect(run.stdout).not.toContain(FAKE_KEYS.anthropic);
    expect(run.stdout).not.toContain('SECRET');
  });

  it('openai-compatible: lists the server models; no key needed', async () => {
    const run = await runLantern(fakeModelEnv('openai', fake), ['doctor', '--json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.ok).toBe(true);
    expect(report.checks.find((check: { name: string }) => check.name === 'reachable')).toMatchObject({
      status: 'ok',
    });
    expect(fake.requests[0]).toMatchObject({ method: 'GET', path: '/v1/models' });
  });

  it('a refused key fails the reachability check, in one line', async () => {
    fake.fallback = { kind: 'status', status: 401 };
    const run = await runLantern(fakeModelEnv('anthropic', fake), ['doctor', '--json']);
    expect(oneLineError(run)).toBe(
      `lantern: reachable: ${fake.url} refused the key (HTTP 401): ANTHROPIC_API_KEY is missing or wrong`,
    );
    const report = JSON.parse(run.stdout);
    expect(report.ok).toBe(false);
    expect(JSON.stringify(report)).not.toContain(FAKE_KEYS.anthropic);
  });

  it('an endpoint nobody listens on is unreachable', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const env = { ...fakeModelEnv('anthropic', fake), ANTHROPIC_BASE_URL: url };
    const run = await runLantern(env, ['doctor']);
    expect(oneLineError(run)).toBe(`lantern: reachable: cannot reach ${url} (ECONNREFUSED)`);
  });
});
