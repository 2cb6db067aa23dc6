import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeModelServer } from '../support/fake-model-server.js';
import { FAKE_KEYS, freshDir, PROVIDERS, type ProviderName } from '../support/model-session.js';
import { REPO_ROOT } from '../support/paths.js';

const ANSWER = 'Adds the item, or tops up the stock of one already there.';
const TARGET = 'examples/inventory.py:22';
const HEADER = '*method* **add** in class `Inventory`';

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `lantern` with only the given model environment. Asynchronously: the fake model server lives in
 * this process and must keep answering while the CLI runs.
 */
function lantern(env: Record<string, string>, ...args: string[]): Promise<Run> {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^(ANTHROPIC_|LANTERN_|OPENAI_)/.test(key)),
  );
  const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'lantern.js'), ...args], {
    cwd: REPO_ROOT,
    env: { ...base, ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/**
 * The environment that points the CLI at the fake: Anthropic through its SDK's variables; OpenAI
 * through LANTERN_PROVIDER and a user config file naming the base URL. Each gets its own cache.
 */
function modelEnv(provider: ProviderName, fake: FakeModelServer): Record<string, string> {
  const configHome = freshDir('lantern-config-');
  const env: Record<string, string> = {
    LANTERN_CACHE_DIR: freshDir(),
    XDG_CONFIG_HOME: configHome,
  };
  if (provider === 'anthropic') {
    env.ANTHROPIC_BASE_URL = fake.url;
    env.ANTHROPIC_API_KEY = FAKE_KEYS.anthropic;
  } else {
    env.LANTERN_PROVIDER = 'openai';
    mkdirSync(join(configHome, 'lantern'));
    writeFileSync(
      join(configHome, 'lantern', 'config.json'),
      JSON.stringify({ openai: { baseUrl: `${fake.url}/v1` } }),
    );
  }
  return env;
}

describe.each(PROVIDERS)('lantern explain with a model (%s)', (provider) => {
  let fake: FakeModelServer;
  beforeEach(async () => {
    fake = await FakeModelServer.start();
  });
  afterEach(async () => {
    await fake.close();
  });

  it('prints the header and the model text; a second run says cached', async () => {
    fake.script({ kind: 'text', text: ANSWER, chunks: 4 });
    const env = modelEnv(provider, fake);
    const first = await lantern(env, 'explain', TARGET);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('def add(self, item: Item) -> None');
    expect(first.stdout).toContain(HEADER);
    expect(first.stdout).toContain(ANSWER);
    expect(first.stdout).not.toContain('cached');
    expect(fake.requests).toHaveLength(1);

    const second = await lantern(env, 'explain', TARGET);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain(ANSWER);
    expect(second.stdout).toContain('· cached');
    expect(fake.requests).toHaveLength(1);
  });

  it('a 401 is one line on stderr and a non-zero exit', async () => {
    fake.fallback = { kind: 'status', status: 401 };
    const run = await lantern(modelEnv(provider, fake), 'explain', TARGET);
    expect(run.code).not.toBe(0);
    expect(run.stdout).toContain(HEADER);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^lantern: .*API key.*missing or wrong/);
    expect(fake.requests).toHaveLength(1);
  });
});

describe('lantern explain with LANTERN_PROVIDER=anthropic and no key', () => {
  it('fails with one line naming the missing key', async () => {
    const run = await lantern(
      { LANTERN_PROVIDER: 'anthropic', LANTERN_CACHE_DIR: freshDir(), XDG_CONFIG_HOME: freshDir() },
      'explain',
      TARGET,
    );
    expect(run.code).not.toBe(0);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('ANTHROPIC_API_KEY is not set');
  });
});
