import { describe, expect, it } from 'vitest';
import { applyWorkspaceEdit, editsFor } from '../support/apply-edit-recorder.js';
import { codeActionsAt, runCommand } from '../support/code-actions.js';
import { cursors, type Position } from '../support/cursor.js';
import { answerAfterChange, fakeModelSessions, fenced, nextWarning } from '../support/fix-fixtures.js';
import { executeCommand } from '../support/generate-fixtures.js';
import { FULL_CAPABILITIES, LspSession } from '../support/lsp-session.js';
import { promptOf } from '../support/model-session.js';

const PY_URI = 'file:///work/edit/prices.py';
// The selection runs from the first marker to the second: the loop, four lines.
const py = cursors(
  [
    'def report(prices: list[float]) -> str:',
    '    """One line per price, then the total."""',
    '    lines = []',
    '<|>    for price in prices:',
    '        lines.append(str(price))',
    '    total = sum(prices)',
    '    lines.append(str(total))',
    '<|>    return "\\n".join(lines)',
    '',
    '',
    'def untouched() -> int:',
    '    return 1',
    '',
  ].join('\n'),
);
const [SELECTION_START, SELECTION_END] = py.positions as [Position, Position];
const SELECTION = { start: SELECTION_START, end: SELECTION_END };
// The model answers at column 0; the loop's line stays, the two append lines change.
const ANSWER = [
  'for price in prices:',
  '    lines.append(f"{price:.2f}")',
  'total = sum(prices)',
  'lines.append(f"{total:.2f}")',
].join('\n');
const EDITED = py.text
  .replace('        lines.append(str(price))', '        lines.append(f"{price:.2f}")')
  .replace('    lines.append(str(total))', '    lines.append(f"{total:.2f}")');
const INSTRUCTION = 'format every number with two decimals';

const TS_URI = 'file:///work/edit/total.ts';
const TS = [
  'export function total(prices: number[]): number {',
  '  let sum = 0;',
  '  for (const price of prices) sum += price;',
  '  return sum;',
  '}',
  '',
].join('\n');

describe('lantern.edit: the selection rewritten per an instruction', () => {
  const sessions = fakeModelSessions(FULL_CAPABILITIES);

  it('is a command the server declares', async () => {
    const session = await LspSession.start({ traceName: 'edit-declared' });
    try {
      const declared = session.initializeResult.capabilities.executeCommandProvider?.commands;
      expect(declared).toContain('lantern.edit');
    } finally {
      await session.finish();
    }
  });

  it('applies the instruction as a minimal, versioned, verified edit of the selected lines', async () => {
    sessions.fake.script({ kind: 'text', text: fenced('python', ANSWER, 'Formatted with two decimals.') });
    const { session, applyEdits } = await sessions.start('edit-applied');
    await session.open(PY_URI, 'python', py.text);
    const result = await executeCommand(session, 'lantern.edit', {
      uri: PY_URI,
      range: SELECTION,
      instruction: INSTRUCTION,
      version: 1,
    });
    // (A `note` says so when the language's own checker was skipped, e.g. python3 too slow on a busy machine.)
    expect(result).toMatchObject({ applied: true, summary: 'Formatted with two decimals.' });
    const sent = await applyEdits.waitFor(1);
    expect(sent.label).toBe(`Lantern: ${INSTRUCTION}`);
    const { version, edits } = editsFor(sent.edit, PY_URI);
    expect(version).toBe(1);
    // Minimal: only the two lines that change are replaced, each on its own line.
    expect(edits.map((edit) => [edit.range.start.line, edit.range.end.line])).toEqual([
      [4, 4],
      [6, 6],
    ]);
    expect(applyWorkspaceEdit(py.text, PY_URI, sent.edit)).toBe(EDITED);

    const { user } = promptOf(await sessions.fake.waitForRequests(1));
    expect(user).toContain(INSTRUCTION);
    expect(user).toContain('the selected code at lines 4–7');
    expect(user).toContain('        lines.append(str(price))');
  });

  it('with an empty range, rewrites the function at the cursor', async () => {
    const whole = TS.replace(
      '  let sum = 0;\n  for (const price of prices) sum += price;\n  return sum;',
      '  return prices.reduce((a, b) => a + b, 0);',
    );
    sessions.fake.script({ kind: 'text', text: fenced('typescript', whole) });
    const { session, applyEdits } = await sessions.start('edit-unit');
    await session.open(TS_URI, 'typescript', TS);
    const cursor = { line: 2, character: 4 };
    const result = await executeCommand<{ applied: boolean }>(session, 'lantern.edit', {
      uri: TS_URI,
      range: { start: cursor, end: cursor },
      instruction: 'use reduce',
    });
    expect(result.applied).toBe(true);
    expect(applyWorkspaceEdit(TS, TS_URI, (await applyEdits.waitFor(1)).edit)).toBe(whole);
  });

  it('takes three selected lines rewritten as one: a selection has no header or closing line to keep', async () => {
    const shorter = TS.replace(
      '  let sum = 0;\n  for (const price of prices) sum += price;\n  return sum;',
      '  return prices.reduce((a, b) => a + b, 0);',
    );
    sessions.fake.script({
      kind: 'text',
      text: fenced('typescript', 'return prices.reduce((a, b) => a + b, 0);'),
    });
    const { session, applyEdits } = await sessions.start('edit-collapsed');
    await session.open(TS_URI, 'typescript', TS);
    const result = await executeCommand<{ applied: boolean }>(session, 'lantern.edit', {
      uri: TS_URI,
      range: { start: { line: 1, character: 0 }, end: { line: 3, character: 12 } },
      instruction: 'use reduce',
    });
    expect(result.applied).toBe(true);
    expect(applyWorkspaceEdit(TS, TS_URI, (await applyEdits.waitFor(1)).edit)).toBe(shorter);
  });

  it('refuses an answer that would break the syntax, and applies nothing', async () => {
    const broken = TS.replace('sum += price;', 'sum += (price;');
    sessions.fake.script({ kind: 'text', text: fenced('typescript', broken) });
    const { session, applyEdits } = await sessions.start('edit-broken');
    await session.open(TS_URI, 'typescript', TS);
    const result = await executeCommand<{ applied: boolean; reason: string }>(session, 'lantern.edit', {
      uri: TS_URI,
      range: { start: { line: 0, character: 0 }, end: { line: 5, character: 0 } },
      instruction: 'parenthesise the price',
    });
    expect(result.applied).toBe(false);
    expect(result.reason).toMatch(
      /^Lantern did not apply the edit: the change would break the syntax \(.+ at line 3\)\.$/,
    );
    expect(await nextWarning(session)).toBe(result.reason);
    expect(applyEdits.received).toHaveLength(0);
  });

  it('refuses a selection made in an older version of the document, without asking the model', async () => {
    const { session, applyEdits } = await sessions.start('edit-stale');
    await session.open(PY_URI, 'python', py.text);
    const top = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const now = await session.change(PY_URI, [{ range: top, text: '# changed\n' }]);
    const result = await executeCommand(session, 'lantern.edit', {
      uri: PY_URI,
      range: SELECTION,
      instruction: INSTRUCTION,
      version: 1,
    });
    const reason = `Lantern: the document changed since the selection was offered (version 1, now ${now}); ask again.`;
    expect(result).toEqual({ applied: false, reason });
    expect(sessions.fake.requests).toHaveLength(0);
    expect(applyEdits.received).toHaveLength(0);
  });

  it('refuses the answer when the document changed while the model was writing', async () => {
    const gate = answerAfterChange(sessions.fake, fenced('python', ANSWER));
    const { session, applyEdits } = await sessions.start('edit-changed-meanwhile');
    await session.open(PY_URI, 'python', py.text);
    const running = executeCommand(session, 'lantern.edit', {
      uri: PY_URI,
      range: SELECTION,
      instruction: INSTRUCTION,
    });
    await gate.changeThenAnswer(session, PY_URI);
    expect(await running).toEqual({
      applied: false,
      reason: 'Lantern did not apply the edit: the document changed while the model was writing; ask again.',
    });
    expect(applyEdits.received).toHaveLength(0);
  });

  it('without an instruction, says one is needed and asks no model', async () => {
    const { session } = await sessions.start('edit-no-instruction');
    await session.open(PY_URI, 'python', py.text);
    const result = await executeCommand(session, 'lantern.edit', { uri: PY_URI, range: SELECTION });
    expect(result).toEqual({
      applied: false,
      reason: 'Lantern needs an instruction: say how to change the selected code.',
    });
    expect(sessions.fake.requests).toHaveLength(0);
  });
});

describe('"Edit selection with Lantern…": a code action for clients that ask for the instruction', () => {
  const sessions = fakeModelSessions(FULL_CAPABILITIES);
  const PROMPTING = { ...FULL_CAPABILITIES, experimental: { lantern: { editPrompt: true } } };
  const TITLE = 'Edit selection with Lantern…';

  it('is listed on a selection for such a client; its command, with the instruction added, edits', async () => {
    sessions.fake.script({ kind: 'text', text: fenced('python', ANSWER) });
    const { session, applyEdits } = await sessions.start('edit-action', true, { capabilities: PROMPTING });
    await session.open(PY_URI, 'python', py.text);
    const onCursor = await codeActionsAt(session, PY_URI, SELECTION_START);
    expect(onCursor.map((action) => action.title)).not.toContain(TITLE);
    const action = (await codeActionsAt(session, PY_URI, SELECTION)).find((one) => one.title === TITLE);
    expect(action?.kind).toBe('refactor.rewrite');
    expect(action?.command?.command).toBe('lantern.edit');
    const args = action?.command?.arguments?.[0] as Record<string, unknown>;
    expect(args).toEqual({ uri: PY_URI, range: SELECTION, version: 1 });
    // What the client does once the user has typed the instruction.
    const withInstruction = {
      ...action,
      command: { ...action?.command, arguments: [{ ...args, instruction: INSTRUCTION }] },
    };
    expect(await runCommand<{ applied: boolean }>(session, withInstruction as never)).toMatchObject({
      applied: true,
    });
    expect(applyWorkspaceEdit(py.text, PY_URI, (await applyEdits.waitFor(1)).edit)).toBe(EDITED);
  });

  it('is not listed for a client that cannot ask (Helix): run bare, it could only be refused', async () => {
    const { session } = await sessions.start('edit-action-none');
    await session.open(PY_URI, 'python', py.text);
    const titles = (await codeActionsAt(session, PY_URI, SELECTION)).map((action) => action.title);
    expect(titles).not.toContain(TITLE);
  });
});
