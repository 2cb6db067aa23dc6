import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeModelEnv, offlineEnv, runLantern } from '../support/cli-runner.js';
import { FakeModelServer } from '../support/fake-model-server.js';
import { PROVIDERS } from '../support/model-session.js';

const ANSWER = 'Adds the item, or tops up the stock of one already there.';
const TARGET = 'examples/inventory.py:22';
const HEADER = '*method* **add** in class `Inventory`';

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
    const env = fakeModelEnv(provider, fake);
    const first = await runLantern(env, ['explain', TARGET]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('def add(self, item: Item) -> None');
    expect(first.stdout).toContain(HEADER);
    expect(first.stdout).toContain(ANSWER);
    expect(first.stdout).not.toContain('cached');
    expect(first.stdout).not.toContain('Offline');
    expect(fake.requests).toHaveLength(1);

    const second = await runLantern(env, ['explain', TARGET]);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain(ANSWER);
    expect(second.stdout).toContain('· cached');
    expect(fake.requests).toHaveLength(1);
  });

  it('a corrupted cache file: the answer still comes, one line on stderr, and the next run is cached', async () => {
    fake.fallback = { kind: 'text', text: ANSWER };
    const env = fakeModelEnv(provider, fake);
    writeFileSync(join(env.LANTERN_CACHE_DIR as string, 'cache.sqlite'), Buffer.alloc(16_384, 0x41));
    const first = await runLantern(env, ['explain', TARGET]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(ANSWER);
    const lines = first.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('not a usable SQLite database');
    const second = await runLantern(env, ['explain', TARGET]);
    expect(second.stderr).toBe('');
    expect(second.stdout).toContain('· cached');
    expect(fake.requests).toHaveLength(1);
  });

  it('a 401 is one line on stderr and a non-zero exit', async () => {
    fake.fallback = { kind: 'status', status: 401 };
    const run = await runLantern(fakeModelEnv(provider, fake), ['explain', TARGET]);
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
    const run = await runLantern({ ...offlineEnv(), LANTERN_PROVIDER: 'anthropic' }, ['explain', TARGET]);
    expect(run.code).not.toBe(0);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('ANTHROPIC_API_KEY is not set');
  });
});
