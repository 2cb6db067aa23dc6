import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeModelServer } from '../support/fake-model-server.js';
import { COMPLETE } from './client-fixtures.js';
import { cleanUp, HOOK_TIMEOUT_MS, hasProgram, missingEditor } from './editor-harness.js';
import { runNeovimDriver } from './neovim-run.js';

interface CompleteRun {
  readonly error?: string;
  readonly messages: string[];
  readonly omnifunc?: string;
  readonly text?: string;
}

const TITLE = 'Neovim (Debian 12: 0.7.2): completion through the omnifunc';
const unavailable = hasProgram('nvim') ? undefined : '`nvim` is not on PATH (apt-get install neovim)';
if (unavailable) missingEditor(TITLE, unavailable);

describe.skipIf(unavailable !== undefined)(TITLE, () => {
  let fake: FakeModelServer;
  let run: CompleteRun;
  beforeAll(async () => {
    fake = await FakeModelServer.start();
    fake.fallback = { kind: 'text', text: COMPLETE.answer };
    run = await runNeovimDriver<CompleteRun>('neovim-complete-driver.lua', COMPLETE.fixture, fake, {
      line: COMPLETE.line,
      typed: COMPLETE.typed,
      settings: { completion: { debounceMs: 0 } },
    });
  }, HOOK_TIMEOUT_MS);
  afterAll(async () => {
    await fake.close();
    cleanUp();
  });

  it('sets the buffer omnifunc to the LSP one', () => {
    expect(run.error, `messages: ${run.messages.join(' | ')}`).toBeUndefined();
    expect(run.omnifunc).toBe('v:lua.vim.lsp.omnifunc');
  });

  it("<C-x><C-o> offers Lantern's completion and inserting it changes the line as expected", () => {
    expect(`${run.text}\n`).toBe(COMPLETE.completed);
    expect(fake.requests.length).toBeGreaterThan(0);
  });
});
