import { expect, it } from 'vitest';
import { COMPLETE } from './client-fixtures.js';
import { hasProgram } from './editor-harness.js';
import { describeEditorRun } from './editor-suite.js';
import { runNeovimDriver } from './neovim-run.js';

interface CompleteRun {
  readonly error?: string;
  readonly messages: string[];
  readonly omnifunc?: string;
  readonly text?: string;
}

const TITLE = 'Neovim (Debian 12: 0.7.2): completion through the omnifunc';
const unavailable = hasProgram('nvim') ? undefined : '`nvim` is not on PATH (apt-get install neovim)';

describeEditorRun<CompleteRun>(
  TITLE,
  unavailable,
  (fake) => {
    fake.fallback = { kind: 'text', text: COMPLETE.answer };
    return runNeovimDriver<CompleteRun>('neovim-complete-driver.lua', COMPLETE.fixture, fake, {
      line: COMPLETE.line,
      typed: COMPLETE.typed,
      settings: { completion: { debounceMs: 0 } },
    });
  },
  (run, fake) => {
    it('sets the buffer omnifunc to the LSP one', () => {
      expect(run().error, `messages: ${run().messages.join(' | ')}`).toBeUndefined();
      expect(run().omnifunc).toBe('v:lua.vim.lsp.omnifunc');
    });

    it("<C-x><C-o> offers Lantern's completion and inserting it changes the line as expected", () => {
      expect(`${run().text}\n`).toBe(COMPLETE.completed);
      expect(fake().requests.length).toBeGreaterThan(0);
    });
  },
);
