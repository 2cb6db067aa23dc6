import { describe, expect, it } from 'vitest';
import type { CodeAction } from 'vscode-languageserver-protocol';
import { OFFLINE_HINT } from '../../server/src/llm/offline-hint.js';
import { runCommand } from '../support/code-actions.js';
import {
  cart,
  diagnosticActions,
  fakeModelSessions,
  pyrightUndefined,
  RESOLVING_CLIENT,
  SUBTOTAL,
} from '../support/fix-fixtures.js';
import type { LspSession } from '../support/lsp-session.js';
import { promptOf, shownMessages } from '../support/model-session.js';

const diagnostic = pyrightUndefined(cart);
const TITLE = 'Explain this error: "itemz" is not defined';
const HEADER = '**Pyright: "itemz" is not defined** — line 9';
const ANSWER =
  '`itemz` is not a name in `subtotal`.\n\n**Why:** a typo for the loop variable `item`.\n\n**Fix:** write `item.price`.';

/** The one "Explain this error" action listed for the diagnostic. */
async function explainErrorAction(session: LspSession): Promise<CodeAction> {
  const actions = (await diagnosticActions(session, cart.uri, diagnostic)).filter(
    (action) => action.title === TITLE,
  );
  const [action] = actions;
  if (!action || actions.length !== 1) throw new Error(`expected one "${TITLE}", got ${actions.length}`);
  return action;
}

describe('"Explain this error" (lantern.explain with a diagnostic)', () => {
  const sessions = fakeModelSessions(RESOLVING_CLIENT);

  it('asks the model about the diagnostic in its code, and shows and returns the answer', async () => {
    sessions.fake.script({ kind: 'text', text: ANSWER });
    const { session } = await sessions.start('error-explanation-model');
    await session.open(cart.uri, cart.languageId, cart.text);
    const action = await explainErrorAction(session);
    // Listing is cheap: the command and its arguments, no model call yet.
    expect(action.kind).toBe('');
    expect(action.diagnostics).toEqual([diagnostic]);
    expect(action.command?.command).toBe('lantern.explain');
    expect(action.command?.arguments).toEqual([
      {
        uri: cart.uri,
        position: diagnostic.range.start,
        present: true,
        diagnostic: { message: diagnostic.message, source: 'Pyright' },
      },
    ]);
    expect(sessions.fake.requests).toHaveLength(0);

    const markdown = await runCommand(session, action);
    expect(markdown).toBe(`${HEADER}\n\n---\n\n${ANSWER}\n\n*claude-sonnet-5-5*`);
    // Editors that drop command results (Helix) see it as a message.
    expect(shownMessages(session)).toEqual([{ type: 3, message: markdown }]);

    expect(sessions.fake.requests).toHaveLength(1);
    const { user } = promptOf(await sessions.fake.waitForRequests(1));
    expect(user).toContain('Explain this error (from Pyright) at line 9 of `fix/cart.py`:');
    expect(user).toContain(`> ${diagnostic.message}`);
    // The source around it: the unit the diagnostic is in.
    expect(user).toContain(SUBTOTAL);
  });

  it('a second run is answered from the cache, and says so', async () => {
    sessions.fake.script({ kind: 'text', text: ANSWER });
    const { session } = await sessions.start('error-explanation-cached');
    await session.open(cart.uri, cart.languageId, cart.text);
    const action = await explainErrorAction(session);
    await runCommand(session, action);
    expect(await runCommand(session, action)).toBe(
      `${HEADER}\n\n---\n\n${ANSWER}\n\n*claude-sonnet-5-5 · cached*`,
    );
    expect(sessions.fake.requests).toHaveLength(1);
  });

  it('offline, is not listed (it could only restate the message); run from a palette, it says how to enable', async () => {
    const { session } = await sessions.start('error-explanation-offline', false);
    await session.open(cart.uri, cart.languageId, cart.text);
    const listed = await diagnosticActions(session, cart.uri, diagnostic);
    expect(listed.map((action) => action.title)).not.toContain(TITLE);
    const args = {
      uri: cart.uri,
      position: diagnostic.range.start,
      present: true,
      diagnostic: { message: diagnostic.message, source: 'Pyright' },
    };
    const markdown = await session.request('workspace/executeCommand', {
      command: 'lantern.explain',
      arguments: [args],
    });
    expect(markdown).toBe(`${HEADER}\n\n---\n\n*Offline: structure only. ${OFFLINE_HINT}*`);
    expect(shownMessages(session)).toEqual([{ type: 3, message: markdown }]);
    expect(sessions.fake.requests).toHaveLength(0);
  });
});
