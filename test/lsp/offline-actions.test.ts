import { describe, expect, it } from 'vitest';
import type { ClientCapabilities, CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { OFFLINE_HINT } from '../../server/src/llm/offline-hint.js';
import { runCommand } from '../support/code-actions.js';
import { positionAt } from '../support/cursor.js';
import {
  COMMAND_CLIENT,
  DISABLED_SUPPORT_CLIENT,
  fakeModelSessions,
  rangeOfText,
} from '../support/fix-fixtures.js';
import type { LspSession } from '../support/lsp-session.js';
import { shownMessages } from '../support/model-session.js';

/** A test file (so "Debug failing test" applies) with a bug, and a comment asking for code. */
const TEXT = `def subtotal(items):
    total = 0
    for item in items:
        total += itemz.price
    return total


# TODO: a function that applies a discount code to a subtotal
def test_subtotal():
    assert subtotal([]) == 0
`;
const URI = 'file:///work/offline/test_cart.py';
const DIAGNOSTIC: Diagnostic = {
  range: rangeOfText(TEXT, 'itemz'),
  severity: 1,
  source: 'Pyright',
  message: '"itemz" is not defined',
};
const CUSTOM_ACTIONS = [
  { title: 'Simplify {{name}}', prompt: 'Simplify {{name}}.' },
  { title: 'Review {{name}}', prompt: 'Review {{name}}.', kind: 'source', answer: 'message' },
];

/** Actions that only a model can carry out: offline they have nothing to give but a refusal. */
const MODEL_ONLY = [
  'Fix with Lantern: "itemz" is not defined',
  'Explain this error: "itemz" is not defined',
  'Implement from comment with Lantern',
  'Debug failing test with Lantern',
  'Simplify subtotal',
  'Review subtotal',
];
/** Actions with an honest offline answer: the structure, a docstring or test skeleton, a missing token. */
const OFFLINE_ANSWERS = ['Explain subtotal', 'Add docstring to subtotal', 'Generate tests for subtotal'];
const REASON = `Needs a model: no ANTHROPIC_API_KEY in the environment. ${OFFLINE_HINT}`;

describe('offline, model-only code actions are never offered enabled', () => {
  const sessions = fakeModelSessions(DISABLED_SUPPORT_CLIENT);

  // Everything an editor lists on the buggy line (with its diagnostic) and on the comment line.
  async function listedOffline(traceName: string, capabilities: ClientCapabilities) {
    const started = await sessions.start(traceName, false, {
      capabilities,
      initializationOptions: { customActions: CUSTOM_ACTIONS },
    });
    await started.session.open(URI, 'python', TEXT);
    const comment = positionAt(TEXT, TEXT.indexOf('# TODO'));
    const onBug = await actions(started.session, DIAGNOSTIC.range, [DIAGNOSTIC]);
    const onComment = await actions(started.session, { start: comment, end: comment }, []);
    const byTitle = new Map([...onBug, ...onComment].map((action) => [action.title, action]));
    return { session: started.session, byTitle };
  }

  it('a client that shows disabled actions gets them greyed out, with how to get a model', async () => {
    const { byTitle } = await listedOffline('offline-actions-disabled', DISABLED_SUPPORT_CLIENT);
    for (const title of MODEL_ONLY) {
      const action = byTitle.get(title);
      expect(action?.disabled, title).toEqual({ reason: REASON });
      // Nothing to run or resolve: a disabled action does nothing.
      expect([action?.command, action?.data, action?.edit], title).toEqual([undefined, undefined, undefined]);
    }
    for (const title of OFFLINE_ANSWERS) expect(byTitle.get(title)?.disabled, title).toBeUndefined();
    expect(sessions.fake.requests).toHaveLength(0);
  });

  it('a client that cannot show them does not get them; every action it gets runs without a refusal', async () => {
    const { session, byTitle } = await listedOffline('offline-actions-hidden', COMMAND_CLIENT);
    for (const title of MODEL_ONLY) expect(byTitle.has(title), title).toBe(false);
    for (const title of OFFLINE_ANSWERS) expect(byTitle.has(title), title).toBe(true);
    for (const action of byTitle.values()) {
      expect(action.disabled, action.title).toBeUndefined();
      if (!action.command) continue;
      const result = JSON.stringify(await runCommand(session, action));
      expect(result, action.title).not.toMatch(/needs a model/i);
    }
    for (const { message } of shownMessages(session)) expect(message).not.toMatch(/needs a model/i);
    expect(sessions.fake.requests).toHaveLength(0);
  });
});

function actions(session: LspSession, range: Diagnostic['range'], diagnostics: Diagnostic[]) {
  return session.request<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri: URI },
    range,
    context: { diagnostics },
  });
}
