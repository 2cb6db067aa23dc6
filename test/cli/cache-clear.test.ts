import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IndexStore } from '../../server/src/store/index-store.js';
import { openStore } from '../../server/src/store/open-store.js';
import { fakeModelEnv, runLantern } from '../support/cli-runner.js';
import { FakeModelServer } from '../support/fake-model-server.js';
import { sqliteKeys } from '../support/store-contents.js';

const ANSWER = 'Adds the item, or tops up the stock of one already there.';
const TARGET = 'examples/inventory.py:22';

describe('lantern cache clear', () => {
  let fake: FakeModelServer;
  beforeEach(async () => {
    fake = await FakeModelServer.start();
  });
  afterEach(async () => {
    await fake.close();
  });

  it('empties the cache and the workspace index in the store: the next explain asks the model again', async () => {
    fake.script({ kind: 'text', text: ANSWER });
    const env = fakeModelEnv('anthropic', fake);
    await runLantern(env, ['explain', TARGET]);
    const cached = await runLantern(env, ['explain', TARGET]);
    expect(cached.stdout).toContain('· cached');
    expect(fake.requests).toHaveLength(1);

    // What a language server's workspace index left in the same store: facts and a folder's manifest.
    const index = new IndexStore(
      () => openStore('sqlite', 'lantern-index', env),
      'sqlite',
      (problem) => {
        throw new Error(problem);
      },
    );
    await index.saveFacts([{ hash: 'a1', facts: { units: [{ name: 'addItem' }] } }]);
    await index.saveManifest('/work/shop', { '/work/shop/inventory.py': [1, 2, 'a1'] });
    await index.close();
    const keys = () => sqliteKeys(join(env.LANTERN_CACHE_DIR as string, 'cache.sqlite'));
    expect(keys().filter((key) => key.startsWith('lantern-index:'))).toHaveLength(2);

    const clear = await runLantern(env, ['cache', 'clear']);
    expect(clear.stderr).toBe('');
    expect(clear.code).toBe(0);
    expect(clear.stdout).toMatch(/^cleared the cache: answers and the workspace index \(.*lantern.*\)\n$/);
    expect(
      keys().filter((key) => key.startsWith('lantern-index:') || key.startsWith('lantern-responses:')),
    ).toEqual([]);

    fake.script({ kind: 'text', text: ANSWER });
    const fresh = await runLantern(env, ['explain', TARGET]);
    expect(fresh.stdout).toContain(ANSWER);
    expect(fresh.stdout).not.toContain('· cached');
    expect(fake.requests).toHaveLength(2);
  });

  it('refuses anything but `clear`, with the usage', async () => {
    const run = await runLantern(fakeModelEnv('anthropic', fake), ['cache', 'drop']);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('usage: lantern cache clear');
  });
});
