import { describe, expect, it } from 'vitest';
import type { CodeAction } from 'vscode-languageserver-protocol';
import { OFFLINE_HINT } from '../../server/src/llm/offline-hint.js';
import { applyWorkspaceEdit, editsFor } from '../support/apply-edit-recorder.js';
import {
  answerAfterChange,
  cart,
  DISABLED_SUPPORT_CLIENT,
  eslintUndefined,
  FIXED_CART,
  FIXED_SUBTOTAL,
  fakeModelSessions,
  fenced,
  fixActionFor,
  fixture,
  nextWarning,
  pyrightUndefined,
  RESOLVING_CLIENT,
  SUBTOTAL,
} from '../support/fix-fixtures.js';
import { REJECTED_CART_FIXES } from '../support/fix-rejections.js';
import type { LspSession } from '../support/lsp-session.js';
import { promptOf } from '../support/model-session.js';

const invoice = fixture('invoice.ts');

describe('"Fix with Lantern" resolved lazily (codeAction/resolve)', () => {
  const sessions = fakeModelSessions(RESOLVING_CLIENT);

  async function openCart(traceName: string) {
    const { session } = await sessions.start(traceName);
    await session.open(cart.uri, cart.languageId, cart.text);
    const diagnostic = pyrightUndefined(cart);
    return { session, diagnostic, action: await fixActionFor(session, cart.uri, diagnostic) };
  }

  function resolve(current: LspSession, action: CodeAction): Promise<CodeAction> {
    return current.request<CodeAction>('codeAction/resolve', action);
  }

  it('lists a fix for a pyright diagnostic and resolves it to a versioned edit of the changed line only', async () => {
    sessions.fake.script({
      kind: 'text',
      text: fenced('python', FIXED_SUBTOTAL, '`itemz` is a typo for the loop variable `item`.'),
    });
    const { session, diagnostic, action } = await openCart('fix-resolve-correct');
    // Listing is cheap: a title and data to resolve later, no model call yet.
    expect(action.title).toBe('Fix with Lantern: "itemz" is not defined');
    expect(action.kind).toBe('quickfix');
    expect(action.edit).toBeUndefined();
    expect(action.command).toBeUndefined();
    expect(sessions.fake.requests).toHaveLength(0);

    const resolved = await resolve(session, action);
    expect(resolved.edit?.documentChanges).toHaveLength(1);
    const { version, edits } = editsFor(resolved.edit ?? {}, cart.uri);
    expect(version).toBe(1);
    expect(edits).toEqual([
      {
        range: { start: { line: 8, character: 0 }, end: { line: 8, character: 44 } },
        newText: '        total += item.price * item.quantity',
      },
    ]);
    expect(applyWorkspaceEdit(cart.text, cart.uri, resolved.edit ?? {})).toBe(FIXED_CART);

    expect(sessions.fake.requests).toHaveLength(1);
    const { user } = promptOf(await sessions.fake.waitForRequests(1));
    expect(user).toContain(`line 9: ${diagnostic.message} (Pyright)`);
    expect(user).toContain(SUBTOTAL);
  });

  it.each(REJECTED_CART_FIXES)('applies nothing for %s, and says why', async (_, answer, reason) => {
    sessions.fake.script({ kind: 'text', text: answer });
    const { session, action } = await openCart('fix-resolve-rejected');
    const resolved = await resolve(session, action);
    expect(resolved.edit).toBeUndefined();
    expect(await nextWarning(session)).toBe(reason);
    expect(sessions.fake.requests).toHaveLength(1);
  });

  it('refuses an answer for a document that changed while the model was thinking', async () => {
    const held = answerAfterChange(sessions.fake, fenced('python', FIXED_SUBTOTAL));
    const { session, action } = await openCart('fix-resolve-changed-meanwhile');
    const resolving = resolve(session, action);
    await held.changeThenAnswer(session, cart.uri);
    const resolved = await resolving;
    expect(resolved.edit).toBeUndefined();
    expect(await nextWarning(session)).toBe(
      'Lantern did not apply the fix: the document changed while the model was writing; ask again.',
    );
  });

  it('refuses to resolve an action listed for an older version, without asking the model', async () => {
    const { session, action } = await openCart('fix-resolve-stale');
    await session.change(cart.uri, [
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# cart\n' },
    ]);
    const resolved = await resolve(session, action);
    expect(resolved.edit).toBeUndefined();
    expect(await nextWarning(session)).toBe(
      'Lantern: the document changed since this fix was offered (version 1, now 2); ask again.',
    );
    expect(sessions.fake.requests).toHaveLength(0);
  });

  it('puts a new import of a fixed TypeScript method after the existing imports (eslint diagnostic)', async () => {
    const method = invoice.text.slice(
      invoice.text.indexOf('total(): number'),
      invoice.text.indexOf('\n\n  count()'),
    );
    const unindented = method.replace(/^ {2}/gm, '');
    sessions.fake.script({
      kind: 'text',
      text: fenced(
        'ts',
        `import { roundCents } from './money';\n\n${unindented}`,
        '`roundCents` was never imported.',
      ),
    });
    const { session } = await sessions.start('fix-resolve-import');
    await session.open(invoice.uri, invoice.languageId, invoice.text);
    const diagnostic = eslintUndefined(invoice);
    const action = await fixActionFor(session, invoice.uri, diagnostic);
    expect(action.title).toBe("Fix with Lantern: 'roundCents' is not defined.");
    const resolved = await resolve(session, action);
    expect(applyWorkspaceEdit(invoice.text, invoice.uri, resolved.edit ?? {})).toBe(
      invoice.text.replace(
        "import type { Line } from './line';\n",
        "import type { Line } from './line';\nimport { roundCents } from './money';\n",
      ),
    );
    expect(promptOf(await sessions.fake.waitForRequests(1)).user).toContain(
      "'roundCents' is not defined. (eslint)",
    );
  });

  it('offline, lists the fix disabled with the reason for a client that shows disabled actions', async () => {
    const { session } = await sessions.start('fix-offline-disabled', false, {
      capabilities: DISABLED_SUPPORT_CLIENT,
    });
    await session.open(cart.uri, cart.languageId, cart.text);
    const action = await fixActionFor(session, cart.uri, pyrightUndefined(cart));
    expect(action.disabled?.reason).toBe(
      `Needs a model: no ANTHROPIC_API_KEY in the environment. ${OFFLINE_HINT}`,
    );
    expect(action.data).toBeUndefined();
    expect(action.command).toBeUndefined();
  });
});
