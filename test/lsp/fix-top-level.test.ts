import { describe, expect, it } from 'vitest';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { applyWorkspaceEdit, editsFor } from '../support/apply-edit-recorder.js';
import { runCommand } from '../support/code-actions.js';
import {
  COMMAND_CLIENT,
  diagnosticActions,
  fakeModelSessions,
  fenced,
  fixActionFor,
  fixture,
  nextWarning,
  RESOLVING_CLIENT,
  rangeOfText,
} from '../support/fix-fixtures.js';
import type { LspSession } from '../support/lsp-session.js';
import { promptOf } from '../support/model-session.js';

const orders = fixture('orders.py');
const report = fixture('report.ts');

function pyright(needle: string, message: string): Diagnostic {
  return { range: rangeOfText(orders.text, needle), severity: 1, source: 'Pyright', message };
}

const UNDEFINED_RATE = pyright('rat\n', '"rat" is not defined');
const UNKNOWN_IMPORT = pyright('discont', '"discont" is unknown import symbol');
const LONG_COMMENT = pyright('# The demo', 'Line too long (95 > 88)');
const FIXED_TAX = 'TAX = Decimal("0.2") * RATE';

/** The titles of the actions for the diagnostic itself (a comment line also gets "Implement from comment"). */
async function titles(session: LspSession, diagnostic: Diagnostic): Promise<string[]> {
  return (await diagnosticActions(session, orders.uri, diagnostic))
    .filter((action) => action.diagnostics !== undefined)
    .map((action) => action.title);
}

describe('diagnostics outside every function and class (resolving client)', () => {
  const sessions = fakeModelSessions(RESOLVING_CLIENT);

  async function openOrders(traceName: string) {
    const started = await sessions.start(traceName);
    await started.session.open(orders.uri, orders.languageId, orders.text);
    return started.session;
  }

  const resolve = (session: LspSession, action: CodeAction) =>
    session.request<CodeAction>('codeAction/resolve', action);

  it('a stray statement gets both actions; the fix rewrites that statement only', async () => {
    sessions.fake.script({ kind: 'text', text: fenced('python', FIXED_TAX, '`rat` is a typo for `RATE`.') });
    const session = await openOrders('fix-top-level-statement');
    expect(await titles(session, UNDEFINED_RATE)).toEqual([
      'Fix with Lantern: "rat" is not defined',
      'Explain this error: "rat" is not defined',
    ]);
    const resolved = await resolve(session, await fixActionFor(session, orders.uri, UNDEFINED_RATE));
    const { version, edits } = editsFor(resolved.edit ?? {}, orders.uri);
    expect(version).toBe(1);
    expect(edits).toEqual([
      { range: { start: { line: 5, character: 0 }, end: { line: 5, character: 26 } }, newText: FIXED_TAX },
    ]);
    const { system, user } = promptOf(await sessions.fake.waitForRequests(1));
    expect(system).toContain('the statement at line 6');
    expect(user).toContain('> line 6: "rat" is not defined (Pyright)');
    expect(user).toContain('```python\nTAX = Decimal("0.2") * rat\n```');
  });

  it('a bad import: the fix rewrites the import block', async () => {
    const imports = 'import json\nfrom decimal import Decimal\nfrom pricing import discount';
    sessions.fake.script({ kind: 'text', text: fenced('python', imports) });
    const session = await openOrders('fix-top-level-import');
    const resolved = await resolve(session, await fixActionFor(session, orders.uri, UNKNOWN_IMPORT));
    expect(applyWorkspaceEdit(orders.text, orders.uri, resolved.edit ?? {})).toBe(
      orders.text.replace('discont', 'discount'),
    );
    expect(promptOf(await sessions.fake.waitForRequests(1)).user).toContain(
      'Fix this problem in the imports at lines 1–3 of `fix/orders.py`:',
    );
  });

  it('refuses a whole-file rewrite for a top-level problem, and says why', async () => {
    sessions.fake.script({ kind: 'text', text: fenced('python', orders.text.replace('* rat', '* RATE')) });
    const session = await openOrders('fix-top-level-rejected');
    const resolved = await resolve(session, await fixActionFor(session, orders.uri, UNDEFINED_RATE));
    expect(resolved.edit).toBeUndefined();
    expect(await nextWarning(session)).toBe(
      'Lantern did not apply the fix: the answer changes more than the statement at line 6 (it also defines `subtotal`).',
    );
  });

  it('a diagnostic on a comment can be explained but gets no fix', async () => {
    const session = await openOrders('fix-top-level-comment');
    expect(await titles(session, LONG_COMMENT)).toEqual(['Explain this error: Line too long (95 > 88)']);
    expect(sessions.fake.requests).toHaveLength(0);
  });
});

describe('diagnostics outside every function and class (lantern.fix command)', () => {
  const sessions = fakeModelSessions(COMMAND_CLIENT);

  it('fixes an unresolved TypeScript import and sends it with workspace/applyEdit', async () => {
    const imports = "import type { Line } from './line';\nimport { formatMoney } from './money';";
    sessions.fake.script({ kind: 'text', text: fenced('ts', imports) });
    const { session, applyEdits } = await sessions.start('fix-top-level-command');
    await session.open(report.uri, report.languageId, report.text);
    const diagnostic: Diagnostic = {
      range: rangeOfText(report.text, "'./mony'"),
      severity: 1,
      source: 'eslint',
      code: 'import/no-unresolved',
      message: "Unable to resolve path to module './mony'.",
    };
    const action = await fixActionFor(session, report.uri, diagnostic);
    expect(action.command?.command).toBe('lantern.fix');
    expect(await runCommand(session, action)).toEqual({ applied: true });
    const sent = await applyEdits.waitFor(1);
    expect(sent.label).toBe('Lantern: fix the imports at lines 1–2');
    expect(applyWorkspaceEdit(report.text, report.uri, sent.edit)).toBe(
      report.text.replace("'./mony'", "'./money'"),
    );
  });
});
