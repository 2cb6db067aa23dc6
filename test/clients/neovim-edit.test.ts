import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeModelServer } from '../support/fake-model-server.js';
import { promptOf } from '../support/model-session.js';
import { EDIT } from './client-fixtures.js';
import { cleanUp, HOOK_TIMEOUT_MS, hasProgram, missingEditor } from './editor-harness.js';
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
if (unavailable) missingEditor(TITLE, unavailable);

describe.skipIf(unavailable !== undefined).each([
  { via: 'command', how: ':5,7LanternEdit' },
  { via: 'code_action', how: '"Edit selection with Lantern…" from vim.lsp.buf.range_code_action' },
])(`${TITLE}: $how`, ({ via }) => {
  let fake: FakeModelServer;
  let run: EditRun;
  beforeAll(async () => {
    fake = await FakeModelServer.start();
    fake.script({ kind: 'text', text: EDIT.answer });
    run = await runNeovimDriver<EditRun>('neovim-edit-driver.lua', EDIT.fixture, fake, {
      lines: EDIT.lines,
      instruction: EDIT.instruction,
      via,
    });
  }, HOOK_TIMEOUT_MS);
  afterAll(async () => {
    await fake.close();
    cleanUp();
  });

  it('asks for the instruction with vim.ui.input', () => {
    expect(run.error, `messages: ${run.messages.join(' | ')}`).toBeUndefined();
    expect(run.prompts).toEqual(['Lantern edit: ']);
    if (via === 'code_action') expect(run.code_action_menu).toContain('Edit selection with Lantern…');
  });

  it('sends the typed instruction and the selected lines, and the buffer holds the edit', async () => {
    const { user } = promptOf(await fake.waitForRequests(1));
    expect(user).toContain(EDIT.instruction);
    expect(user).toContain(`the selected code at lines ${EDIT.lines[0]}–${EDIT.lines[1]}`);
    expect(`${run.text}\n`).toBe(EDIT.edited);
  });
});
