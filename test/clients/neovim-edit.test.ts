import { expect, it } from 'vitest';
import { promptOf } from '../support/model-session.js';
import { EDIT } from './client-fixtures.js';
import { hasProgram } from './editor-harness.js';
import { describeEditorRun } from './editor-suite.js';
import { runNeovimDriver } from './neovim-run.js';

interface EditRun {
  readonly error?: string;
  readonly code_action_menu?: string[];
  readonly prompts: string[];
  readonly messages: string[];
  readonly text?: string;
}

const TITLE =
  'Neovim (Debian 12: 0.7.2): editing a selection prompts for the instruction and applies the edit';
const unavailable = hasProgram('nvim') ? undefined : '`nvim` is not on PATH (apt-get install neovim)';

const ROUTES = [
  { via: 'command', how: ':5,7LanternEdit' },
  { via: 'code_action', how: '"Edit selection with Lantern…" from vim.lsp.buf.range_code_action' },
] as const;

for (const { via, how } of ROUTES) {
  describeEditorRun<EditRun>(
    `${TITLE}: ${how}`,
    unavailable,
    (fake) => {
      fake.script({ kind: 'text', text: EDIT.answer });
      return runNeovimDriver<EditRun>('neovim-edit-driver.lua', EDIT.fixture, fake, {
        lines: EDIT.lines,
        instruction: EDIT.instruction,
        via,
      });
    },
    (run, fake) => {
      it('asks for the instruction with vim.ui.input', () => {
        expect(run().error, `messages: ${run().messages.join(' | ')}`).toBeUndefined();
        expect(run().prompts).toEqual(['Lantern edit: ']);
        if (via === 'code_action') expect(run().code_action_menu).toContain('Edit selection with Lantern…');
      });

      it('sends the typed instruction and the selected lines, and the buffer holds the edit', async () => {
        const { user } = promptOf(await fake().waitForRequests(1));
        expect(user).toContain(EDIT.instruction);
        expect(user).toContain(`the selected code at lines ${EDIT.lines[0]}–${EDIT.lines[1]}`);
        expect(`${run().text}\n`).toBe(EDIT.edited);
      });
    },
  );
}
