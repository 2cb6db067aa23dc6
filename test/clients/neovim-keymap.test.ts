import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeModelServer } from '../support/fake-model-server.js';
import { PYTHON } from './client-fixtures.js';
import { cleanUp, HOOK_TIMEOUT_MS, hasProgram, missingEditor } from './editor-harness.js';
import { runNeovimDriver } from './neovim-run.js';

interface KeymapRun {
  readonly error?: string;
  readonly k?: { rhs: string; buffer: boolean };
}

/** Neovim headless on the Python fixture with the plugin set up as given; reports K's mapping. */
async function kMapping(fake: FakeModelServer, options: { mapHover: boolean; userMapping: boolean }) {
  const run = await runNeovimDriver<KeymapRun>('neovim-keymap-driver.lua', PYTHON, fake, {
    map_hover: options.mapHover,
    user_mapping: options.userMapping,
  });
  expect(run.error).toBeUndefined();
  return run.k;
}

const TITLE = 'Neovim (Debian 12: 0.7.2): who owns K in a Lantern buffer';
const unavailable = hasProgram('nvim') ? undefined : '`nvim` is not on PATH (apt-get install neovim)';
if (unavailable) missingEditor(TITLE, unavailable);

// 0.7–0.9 map nothing on K (it runs 'keywordprg'); the plugin maps hover there, never over the user.
describe.skipIf(unavailable !== undefined)(TITLE, () => {
  let fake: FakeModelServer;
  beforeAll(async () => {
    fake = await FakeModelServer.start();
  });
  afterAll(async () => {
    await fake.close();
    cleanUp();
  });

  const CASES = [
    {
      title: 'maps K to hover, buffer-locally, by default',
      options: { mapHover: true, userMapping: false },
      expected: { rhs: expect.stringContaining('vim.lsp.buf.hover()'), buffer: true },
    },
    {
      title: 'maps nothing with map_hover = false',
      options: { mapHover: false, userMapping: false },
      expected: { rhs: expect.not.stringContaining('vim.lsp.buf.hover'), buffer: false },
    },
    {
      title: "keeps the user's own buffer-local K",
      options: { mapHover: true, userMapping: true },
      expected: { rhs: expect.stringContaining("the user's K"), buffer: true },
    },
  ];
  for (const { title, options, expected } of CASES) {
    it(title, async () => expect(await kMapping(fake, options)).toEqual(expected), HOOK_TIMEOUT_MS);
  }
});
