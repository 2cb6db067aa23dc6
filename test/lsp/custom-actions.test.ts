import { describe, expect, it } from 'vitest';
import type { CodeAction, Range } from 'vscode-languageserver-protocol';
import { OFFLINE_HINT } from '../../server/src/llm/offline-hint.js';
import { applyWorkspaceEdit, editsFor } from '../support/apply-edit-recorder.js';
import { codeActionsAt, runCommand } from '../support/code-actions.js';
import {
  COMMAND_CLIENT,
  cart,
  DISABLED_SUPPORT_CLIENT,
  type FixSession,
  fakeModelSessions,
  fenced,
  fixture,
  nextWarning,
  RESOLVING_CLIENT,
  rangeOfText,
  SUBTOTAL,
} from '../support/fix-fixtures.js';
import type { LspSession } from '../support/lsp-session.js';
import { promptOf } from '../support/model-session.js';

const invoice = fixture('invoice.ts');
const ITERATIVE = SUBTOTAL.replace(
  '    for item in items:\n        total += itemz.price * item.quantity',
  '    for item in items:\n        total += item.price * item.quantity  # one item at a time',
);

/** The user's settings: an edit action for Python, a question for every language, one for TypeScript. */
const CUSTOM_ACTIONS: Record<string, unknown>[] = [
  {
    title: 'Simplify {{name}}',
    prompt: 'Simplify the {{kind}} {{name}} without changing what it returns.',
    languages: ['python'],
  },
  { title: 'Review {{name}}', prompt: 'Review {{name}} for bugs.', kind: 'source', answer: 'message' },
  { title: 'Add types to {{name}}', prompt: 'Add type annotations.', languages: ['typescript'] },
];

/** Where an editor asks for actions with the cursor in subtotal's body. */
const IN_SUBTOTAL: Range = rangeOfText(cart.text, 'total = Decimal(0)');

describe('custom code actions from the settings (the plugin mechanism)', () => {
  const sessions = fakeModelSessions(RESOLVING_CLIENT);

  async function start(
    traceName: string,
    { capabilities = RESOLVING_CLIENT, customActions = CUSTOM_ACTIONS, withModel = true } = {},
  ): Promise<FixSession> {
    const started = await sessions.start(traceName, withModel, {
      capabilities,
      initializationOptions: { customActions },
    });
    await started.session.open(cart.uri, cart.languageId, cart.text);
    return started;
  }

  async function customAction(current: LspSession, title: string): Promise<CodeAction> {
    const action = (await codeActionsAt(current, cart.uri, IN_SUBTOTAL)).find((a) => a.title === title);
    if (!action) throw new Error(`no action '${title}'`);
    return action;
  }

  it('lists each action for its languages and kind, with the unit named, without asking the model', async () => {
    const { session } = await start('custom-actions-list');
    await session.open(invoice.uri, invoice.languageId, invoice.text);
    const inPython = await codeActionsAt(session, cart.uri, IN_SUBTOTAL);
    const custom = inPython.filter((action) => /^(Simplify|Review|Add types)/.test(action.title));
    expect(custom.map(({ title, kind }) => ({ title, kind }))).toEqual([
      { title: 'Simplify subtotal', kind: 'refactor.rewrite' },
      { title: 'Review subtotal', kind: 'source' },
    ]);
    // The edit is resolved lazily; the question runs as a command that shows the answer.
    expect(custom[0]?.data).toBeDefined();
    expect(custom[0]?.edit).toBeUndefined();
    expect(custom[1]?.command?.command).toBe('lantern.runAction');

    const inTypeScript = await codeActionsAt(session, invoice.uri, rangeOfText(invoice.text, 'roundCents'));
    expect(inTypeScript.map((action) => action.title)).toContain('Add types to total');
    expect(inTypeScript.map((action) => action.title)).not.toContain('Simplify total');

    const onlyRefactors = await codeActionsAt(session, cart.uri, IN_SUBTOTAL, ['refactor']);
    expect(onlyRefactors.map((action) => action.title)).toContain('Simplify subtotal');
    expect(onlyRefactors.map((action) => action.title)).not.toContain('Review subtotal');
    // A narrower kind than the provider declares still reaches it.
    const onlyRewrites = await codeActionsAt(session, cart.uri, IN_SUBTOTAL, ['refactor.rewrite']);
    expect(onlyRewrites.map((action) => action.title)).toContain('Simplify subtotal');
    // Outside any unit there is nothing to act on.
    expect(await codeActionsAt(session, cart.uri, rangeOfText(cart.text, 'import json'))).toEqual([]);
    expect(sessions.fake.requests).toHaveLength(0);
  });

  it('resolves an edit action to the verified rewrite, asked with the user prompt and the unit', async () => {
    sessions.fake.script({ kind: 'text', text: fenced('python', ITERATIVE, 'Fixed the loop.') });
    const { session } = await start('custom-actions-resolve');
    const resolved = await session.request<CodeAction>(
      'codeAction/resolve',
      await customAction(session, 'Simplify subtotal'),
    );
    expect(editsFor(resolved.edit ?? {}, cart.uri).version).toBe(1);
    expect(applyWorkspaceEdit(cart.text, cart.uri, resolved.edit ?? {})).toBe(
      cart.text.replace(SUBTOTAL, ITERATIVE),
    );
    const { system, user } = promptOf(await sessions.fake.waitForRequests(1));
    expect(user).toContain('Simplify the function subtotal without changing what it returns.');
    expect(user).toContain(SUBTOTAL);
    expect(system).toContain('ONE fenced code block');
  });

  it('applies nothing when the rewrite breaks the syntax, and says why', async () => {
    sessions.fake.script({
      kind: 'text',
      text: fenced('python', SUBTOTAL.replace('return total', 'return (total')),
    });
    const { session } = await start('custom-actions-broken');
    const warning = nextWarning(session);
    const resolved = await session.request<CodeAction>(
      'codeAction/resolve',
      await customAction(session, 'Simplify subtotal'),
    );
    expect(resolved.edit).toBeUndefined();
    expect(await warning).toMatch(/^Lantern did not apply “Simplify subtotal”: .*syntax/);
  });

  it('empties a body only when the action asks for removal: "Simplify" refuses `pass`, "Stub out" applies it', async () => {
    const STUBBED = 'def subtotal(items):\n    pass';
    const stubOut = { title: 'Stub out {{name}}', prompt: 'Stub out {{name}}: keep its signature only.' };
    sessions.fake.script(
      { kind: 'text', text: fenced('python', STUBBED) },
      { kind: 'text', text: fenced('python', STUBBED) },
    );
    const { session } = await start('custom-actions-removal', {
      customActions: [...CUSTOM_ACTIONS, stubOut],
    });
    const warning = nextWarning(session);
    const simplified = await session.request<CodeAction>(
      'codeAction/resolve',
      await customAction(session, 'Simplify subtotal'),
    );
    expect(simplified.edit).toBeUndefined();
    expect(await warning).toBe(
      'Lantern did not apply “Simplify subtotal”: the answer deletes the body of `subtotal` (it leaves `pass`); Lantern applies that only when the request asks to remove, delete, empty or stub out the code.',
    );
    const stubbed = await session.request<CodeAction>(
      'codeAction/resolve',
      await customAction(session, 'Stub out subtotal'),
    );
    expect(applyWorkspaceEdit(cart.text, cart.uri, stubbed.edit ?? {})).toBe(
      cart.text.replace(SUBTOTAL, STUBBED),
    );
  });

  it('refuses an action listed for an older version of the document', async () => {
    sessions.fake.script({ kind: 'text', text: fenced('python', ITERATIVE) });
    const { session } = await start('custom-actions-stale');
    const action = await customAction(session, 'Simplify subtotal');
    await session.change(cart.uri, [
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '\n' },
    ]);
    const warning = nextWarning(session);
    const resolved = await session.request<CodeAction>('codeAction/resolve', action);
    expect(resolved.edit).toBeUndefined();
    expect(await warning).toContain('the document changed since “Simplify subtotal” was offered');
    expect(sessions.fake.requests).toHaveLength(0);
  });

  it('shows the answer of a message action', async () => {
    sessions.fake.script({ kind: 'text', text: 'Line 9 uses `itemz`, which is never defined.' });
    const { session } = await start('custom-actions-message');
    const shown = session.waitForNotification<{ type: number; message: string }>(
      'window/showMessage',
      (params) => params.type === 3,
    );
    const result = await runCommand(session, await customAction(session, 'Review subtotal'));
    expect(result).toEqual({ message: 'Line 9 uses `itemz`, which is never defined.' });
    expect((await shown).message).toBe('Line 9 uses `itemz`, which is never defined.');
    expect(promptOf(await sessions.fake.waitForRequests(1)).system).not.toContain('ONE fenced code block');
  });

  it('runs an edit action as a command (workspace/applyEdit) for clients that cannot resolve', async () => {
    sessions.fake.script({ kind: 'text', text: fenced('python', ITERATIVE) });
    const { session, applyEdits } = await start('custom-actions-command', { capabilities: COMMAND_CLIENT });
    const action = await customAction(session, 'Simplify subtotal');
    expect(action.data).toBeUndefined();
    expect(await runCommand(session, action)).toEqual({ applied: true });
    const { edit, label } = await applyEdits.waitFor();
    expect(label).toBe('Lantern: Simplify subtotal');
    expect(applyWorkspaceEdit(cart.text, cart.uri, edit)).toBe(cart.text.replace(SUBTOTAL, ITERATIVE));
  });

  it('offline: listed greyed out with how to enable a model', async () => {
    const { session } = await start('custom-actions-offline', {
      capabilities: DISABLED_SUPPORT_CLIENT,
      withModel: false,
    });
    const action = await customAction(session, 'Simplify subtotal');
    expect(action.disabled?.reason).toBe(
      `Needs a model: no ANTHROPIC_API_KEY in the environment. ${OFFLINE_HINT}`,
    );
  });

  it('an invalid entry is reported by key and ignored; the others still work', async () => {
    const broken = [{ title: '', prompt: 'x' }, ...CUSTOM_ACTIONS];
    const { session } = await start('custom-actions-invalid', { customActions: broken });
    const warning = await nextWarning(session);
    expect(warning).toContain('setting `customActions.0.title` is invalid');
    expect(warning).toContain('ignoring `customActions.0`');
    expect((await customAction(session, 'Review subtotal')).command?.command).toBe('lantern.runAction');
  });
});
