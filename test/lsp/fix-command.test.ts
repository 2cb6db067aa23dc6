import { describe, expect, it } from 'vitest';
import { OFFLINE_HINT } from '../../server/src/llm/offline-hint.js';
import { applyWorkspaceEdit, editsFor } from '../support/apply-edit-recorder.js';
import { runCommand } from '../support/code-actions.js';
import {
  answerAfterChange,
  COMMAND_CLIENT,
  cart,
  eslintUndefined,
  FIXED_CART,
  FIXED_SUBTOTAL,
  fakeModelSessions,
  fenced,
  fixActionFor,
  fixActionsFor,
  fixture,
  nextWarning,
  pyrightUndefined,
  SUBTOTAL,
} from '../support/fix-fixtures.js';
import { REJECTED_CART_FIXES } from '../support/fix-rejections.js';
import { promptOf } from '../support/model-session.js';

const invoice = fixture('invoice.ts');
const AT_TOP = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/**
 * Clients that cannot resolve `edit` (no codeAction.resolveSupport): the action carries the
 * lantern.fix command, and running it makes the server send the verified edit with workspace/applyEdit.
 */
describe('"Fix with Lantern" as the lantern.fix command + workspace/applyEdit', () => {
  const sessions = fakeModelSessions(COMMAND_CLIENT);
  const start = (traceName: string, withModel = true) => sessions.start(traceName, withModel);

  it('lists the command, and running it sends the verified edit to the client', async () => {
    sessions.fake.script({
      kind: 'text',
      // Prose on both sides of the block: only the block is code.
      text: `${fenced('python', FIXED_SUBTOTAL, '`itemz` is a typo for the loop variable `item`.')}\nNothing else needed changing.\n`,
    });
    const { session, applyEdits } = await start('fix-command-correct');
    await session.open(cart.uri, cart.languageId, cart.text);
    const diagnostic = pyrightUndefined(cart);
    const action = await fixActionFor(session, cart.uri, diagnostic);
    expect(action.title).toBe('Fix with Lantern: "itemz" is not defined');
    expect(action.data).toBeUndefined();
    expect(action.command?.command).toBe('lantern.fix');
    expect(action.command?.arguments).toEqual([
      {
        uri: cart.uri,
        version: 1,
        diagnostic: {
          range: { start: diagnostic.range.start },
          message: diagnostic.message,
          source: 'Pyright',
        },
      },
    ]);
    expect(sessions.fake.requests).toHaveLength(0);

    expect(await runCommand(session, action)).toEqual({ applied: true });
    expect(applyEdits.received).toHaveLength(1);
    const sent = await applyEdits.waitFor(1);
    expect(sent.label).toBe('Lantern: fix subtotal');
    const { version, edits } = editsFor(sent.edit, cart.uri);
    expect(version).toBe(1);
    expect(edits).toHaveLength(1);
    expect(applyWorkspaceEdit(cart.text, cart.uri, sent.edit)).toBe(FIXED_CART);
    const { user } = promptOf(await sessions.fake.waitForRequests(1));
    expect(user).toContain('"itemz" is not defined (Pyright)');
    expect(user).toContain(SUBTOTAL);
  });

  it('fixes an eslint diagnostic in a TypeScript method, adding the import after the existing one', async () => {
    const method = invoice.text.slice(
      invoice.text.indexOf('total(): number'),
      invoice.text.indexOf('\n\n  count()'),
    );
    sessions.fake.script({
      kind: 'text',
      text: fenced('typescript', `import { roundCents } from './money';\n\n${method.replace(/^ {2}/gm, '')}`),
    });
    const { session, applyEdits } = await start('fix-command-import');
    await session.open(invoice.uri, invoice.languageId, invoice.text);
    const action = await fixActionFor(session, invoice.uri, eslintUndefined(invoice));
    expect(await runCommand(session, action)).toEqual({ applied: true });
    const sent = await applyEdits.waitFor(1);
    expect(sent.label).toBe('Lantern: fix total');
    // The workspace has no `typescript` of its own: the edit went out, and the log says what was not checked.
    const log = await session.waitForNotification<{ message: string }>('window/logMessage', (p) =>
      p.message.includes('was skipped'),
    );
    expect(log.message).toBe(
      'Lantern: fix total: the check with the TypeScript parser was skipped: no `typescript` package is resolvable from the workspace.',
    );
    expect(applyWorkspaceEdit(invoice.text, invoice.uri, sent.edit)).toBe(
      invoice.text.replace(
        "import type { Line } from './line';\n",
        "import type { Line } from './line';\nimport { roundCents } from './money';\n",
      ),
    );
  });

  it.each(REJECTED_CART_FIXES)('sends no edit for %s, and says why', async (_, answer, reason) => {
    sessions.fake.script({ kind: 'text', text: answer });
    const { session, applyEdits } = await start('fix-command-rejected');
    await session.open(cart.uri, cart.languageId, cart.text);
    const action = await fixActionFor(session, cart.uri, pyrightUndefined(cart));
    expect(await runCommand(session, action)).toEqual({ applied: false, reason });
    expect(await nextWarning(session)).toBe(reason);
    expect(applyEdits.received).toHaveLength(0);
    expect(sessions.fake.requests).toHaveLength(1);
  });

  it('sends no edit when the document changed while the model was thinking', async () => {
    const held = answerAfterChange(sessions.fake, fenced('python', FIXED_SUBTOTAL));
    const { session, applyEdits } = await start('fix-command-changed-meanwhile');
    await session.open(cart.uri, cart.languageId, cart.text);
    const action = await fixActionFor(session, cart.uri, pyrightUndefined(cart));
    const running = runCommand(session, action);
    await held.changeThenAnswer(session, cart.uri);
    const reason =
      'Lantern did not apply the fix: the document changed while the model was writing; ask again.';
    expect(await running).toEqual({ applied: false, reason });
    expect(await nextWarning(session)).toBe(reason);
    expect(applyEdits.received).toHaveLength(0);
  });

  it('refuses a command for an older version of the document without asking the model', async () => {
    const { session, applyEdits } = await start('fix-command-stale');
    await session.open(cart.uri, cart.languageId, cart.text);
    const action = await fixActionFor(session, cart.uri, pyrightUndefined(cart));
    await session.change(cart.uri, [{ range: AT_TOP, text: '# cart\n' }]);
    const reason = 'Lantern: the document changed since this fix was offered (version 1, now 2); ask again.';
    expect(await runCommand(session, action)).toEqual({ applied: false, reason });
    expect(await nextWarning(session)).toBe(reason);
    expect(sessions.fake.requests).toHaveLength(0);
    expect(applyEdits.received).toHaveLength(0);
  });

  it('offline, is not listed for a client without disabledSupport; run from a palette, it says how to enable', async () => {
    const { session, applyEdits } = await start('fix-command-offline', false);
    await session.open(cart.uri, cart.languageId, cart.text);
    const diagnostic = pyrightUndefined(cart);
    expect(await fixActionsFor(session, cart.uri, diagnostic)).toEqual([]);
    const reason = `Lantern needs a model for the fix: no ANTHROPIC_API_KEY in the environment. ${OFFLINE_HINT}`;
    const args = {
      uri: cart.uri,
      version: 1,
      diagnostic: {
        range: { start: diagnostic.range.start },
        message: diagnostic.message,
        source: 'Pyright',
      },
    };
    const result = await session.request('workspace/executeCommand', {
      command: 'lantern.fix',
      arguments: [args],
    });
    expect(result).toEqual({ applied: false, reason });
    expect(await nextWarning(session)).toBe(reason);
    expect(applyEdits.received).toHaveLength(0);
  });
});
