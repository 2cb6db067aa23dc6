import { describe, expect, it } from 'vitest';
import { OFFLINE_HINT } from '../../server/src/llm/offline-hint.js';
import { applyWorkspaceEdit, editsFor } from '../support/apply-edit-recorder.js';
import { actionsAt, runCommand } from '../support/code-actions.js';
import { fakeModelSessions, nextWarning } from '../support/fix-fixtures.js';
import {
  executeCommand,
  generateAnswer,
  generateFixture,
  type MarkedFixture,
  marker,
  positionOf,
  replaceOnce,
} from '../support/generate-fixtures.js';
import { FULL_CAPABILITIES } from '../support/lsp-session.js';
import { promptOf } from '../support/model-session.js';

const ts = generateFixture('cart.ts');
const py = generateFixture('cart.py');
const stock = generateFixture('stock.py');
const DROP_EMPTY = [
  'def drop_empty(levels: dict[str, int]) -> dict[str, int]:',
  '    return {name: level for name, level in levels.items() if level > 0}',
].join('\n');

const TS_TOTAL = [
  'export function total(cart: Cart): number {',
  '  return cart.items.reduce((sum, item) => sum + item.price, 0);',
  '}',
].join('\n');
const TS_RECEIPT_LOOP = [
  'for (const item of cart.items) {',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: TypeScript source, with its own template literal
  '  lines.push(`${item.name}: ${item.price.toFixed(2)}`);',
  '}',
].join('\n');
/** cart.ts once the loop is inserted under its `// TODO:` comment, at the body's indentation. */
const TS_RECEIPT_DONE = replaceOnce(
  ts.text,
  'with its name and price\n',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: TypeScript source, with its own template literal
  'with its name and price\n  for (const item of cart.items) {\n    lines.push(`${item.name}: ${item.price.toFixed(2)}`);\n  }\n',
);

interface Case {
  readonly name: string;
  readonly fixture: MarkedFixture;
  readonly args: Record<string, unknown>;
  /** The instruction the server found (argument, selection or comment). */
  readonly instruction: string;
  /** How the prompt describes the insertion point. */
  readonly where: string;
  /** The code block of the fake's answer, as the model wrote it. */
  readonly code: string;
  /** The whole document once the client has applied the edit. */
  readonly expected: string;
}

const CASES: readonly Case[] = [
  {
    name: 'an instruction argument, at the top level (TypeScript)',
    fixture: ts,
    args: { position: marker(ts, 3), instruction: 'a function total that sums the prices of a cart' },
    instruction: 'a function total that sums the prices of a cart',
    where: 'at the top level of the file',
    code: TS_TOTAL,
    // The cursor is on the blank line before the file's last line break: the code takes that line.
    expected: ts.text.replace(/\n\n\n$/, `\n\n${TS_TOTAL}\n\n`),
  },
  {
    name: 'a selection, replaced by a method inside a class (TypeScript)',
    fixture: ts,
    args: { range: { start: marker(ts, 0), end: marker(ts, 1) } },
    instruction: '// a getter for the number of items',
    where: 'inside class `Cart` (a member)',
    code: 'get count(): number {\n  return this.items.length;\n}',
    expected: replaceOnce(
      ts.text,
      '  // a getter for the number of items',
      '  get count(): number {\n    return this.items.length;\n  }',
    ),
  },
  {
    name: 'the `// TODO:` comment at the cursor, inside a function body (TypeScript)',
    fixture: ts,
    args: { position: marker(ts, 2) },
    instruction: 'add one line per item with its name and price',
    where: 'inside the body of function `receipt`',
    code: TS_RECEIPT_LOOP,
    expected: TS_RECEIPT_DONE,
  },
  {
    name: 'an instruction argument, on an indented blank line inside a function body (Python)',
    fixture: py,
    args: { position: marker(py, 1), instruction: 'add a line per item with its price to two decimals' },
    instruction: 'add a line per item with its price to two decimals',
    where: 'inside the body of function `receipt`',
    code: 'for item in cart.items:\n    lines.append(f"{item.name}: {item.price:.2f}")',
    expected: replaceOnce(
      py.text,
      '    \n    return',
      '    for item in cart.items:\n        lines.append(f"{item.name}: {item.price:.2f}")\n    return',
    ),
  },
  {
    name: 'a two-line selection, replaced by a function at the top level (Python)',
    fixture: py,
    args: { range: { start: marker(py, 2), end: marker(py, 3) } },
    instruction: "# the total of the cart's prices,\n# after an optional discount",
    where: 'at the top level of the file',
    code: [
      'def total(cart: Cart, discount: float = 0.0) -> float:',
      '    return sum(item.price for item in cart.items) * (1 - discount)',
    ].join('\n'),
    expected: replaceOnce(
      py.text,
      "# the total of the cart's prices,\n# after an optional discount",
      'def total(cart: Cart, discount: float = 0.0) -> float:\n    return sum(item.price for item in cart.items) * (1 - discount)',
    ),
  },
  {
    // Python has no closing brace: an empty line below a function's last statement is the top level.
    name: 'an instruction argument, on an empty line two blank lines below a function (Python)',
    fixture: stock,
    args: { position: marker(stock, 0), instruction: 'a function that drops the items out of stock' },
    instruction: 'a function that drops the items out of stock',
    where: 'at the top level of the file',
    code: DROP_EMPTY,
    expected: stock.text.replace(/\n\n\n\n$/, `\n\n\n${DROP_EMPTY}\n\n`),
  },
  {
    name: 'the `# implement:` comment at the cursor, a method inside a class, from an answer indented 8 spaces (Python)',
    fixture: py,
    args: { position: marker(py, 0) },
    instruction: 'count the items',
    where: 'inside class `Cart` (a member)',
    code: '        def count(self) -> int:\n            return len(self.items)',
    expected: replaceOnce(
      py.text,
      '    # implement: count the items\n',
      '    # implement: count the items\n    def count(self) -> int:\n        return len(self.items)\n',
    ),
  },
  {
    name: 'a method holding a multi-line f-string whose lines start at column 0 (Python)',
    fixture: py,
    args: { position: marker(py, 0) },
    instruction: 'count the items',
    where: 'inside class `Cart` (a member)',
    code: 'def describe(self) -> str:\n    return f"""\\\nCart of {len(self.items)}\n  items\n"""',
    expected: replaceOnce(
      py.text,
      '    # implement: count the items\n',
      '    # implement: count the items\n    def describe(self) -> str:\n        return f"""\\\nCart of {len(self.items)}\n  items\n"""\n',
    ),
  },
  {
    name: 'a getter holding a template literal whose lines start at column 0 (TypeScript)',
    fixture: ts,
    args: { range: { start: marker(ts, 0), end: marker(ts, 1) } },
    instruction: '// a getter for the number of items',
    where: 'inside class `Cart` (a member)',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: TypeScript source, with its own template literal
    code: 'get count(): string {\n  return `${this.items.length}\nitems`;\n}',
    expected: replaceOnce(
      ts.text,
      '  // a getter for the number of items',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: TypeScript source, with its own template literal
      '  get count(): string {\n    return `${this.items.length}\nitems`;\n  }',
    ),
  },
  {
    name: 'an instruction argument, answered with tabs in a 4-space file (Python)',
    fixture: py,
    args: { position: marker(py, 1), instruction: 'add a line per item with its price to two decimals' },
    instruction: 'add a line per item with its price to two decimals',
    where: 'inside the body of function `receipt`',
    code: 'for item in cart.items:\n\tlines.append(f"{item.name}: {item.price:.2f}")',
    expected: replaceOnce(
      py.text,
      '    \n    return',
      '    for item in cart.items:\n        lines.append(f"{item.name}: {item.price:.2f}")\n    return',
    ),
  },
];

describe('lantern.generate: instruction, placement and indentation', () => {
  const sessions = fakeModelSessions(FULL_CAPABILITIES);
  const start = (traceName: string, withModel = true) => sessions.start(traceName, withModel);

  it.each(CASES.map((one) => [one.name, one] as const))('from %s', async (_name, one) => {
    const { fixture, args, instruction, where, code, expected } = one;
    const requirement = 'Write the code the instruction asks for.';
    const fence = fixture.languageId;
    sessions.fake.script({
      kind: 'text',
      text: generateAnswer(requirement, ['Follow the file.'], fence, code),
    });
    const { session, applyEdits } = await start('generate-placement');
    await session.open(fixture.uri, fixture.languageId, fixture.text);

    const result = await executeCommand(session, 'lantern.generate', { uri: fixture.uri, ...args });
    expect(result).toEqual({
      applied: true,
      instruction,
      plan: `**Requirement:** ${requirement}\n\n**Plan:**\n- Follow the file.`,
    });
    expect(applyEdits.received).toHaveLength(1);
    const sent = await applyEdits.waitFor(1);
    expect(sent.label).toBe(`Lantern: ${instruction.slice(0, 60)}`);
    expect(editsFor(sent.edit, fixture.uri).version).toBe(1);
    expect(applyWorkspaceEdit(fixture.text, fixture.uri, sent.edit)).toBe(expected);

    const { user } = promptOf(await sessions.fake.waitForRequests(1));
    expect(user).toContain(`Instruction: ${instruction}\n`);
    expect(user).toContain(`, ${where}.`);
  });

  it('"Implement from comment with Lantern" is offered on the comment and inserts its code', async () => {
    sessions.fake.script({
      kind: 'text',
      text: generateAnswer('Add the lines.', ['Loop.'], 'typescript', TS_RECEIPT_LOOP),
    });
    const { session, applyEdits } = await start('generate-implement-action');
    await session.open(ts.uri, ts.languageId, ts.text);
    const actions = await actionsAt(session, ts.uri, marker(ts, 2));
    const implement = actions.get('Implement from comment with Lantern');
    expect(implement?.kind).toBe('refactor.rewrite');
    // Not on a line of code: there is no instruction there.
    const elsewhere = await actionsAt(session, ts.uri, positionOf(ts, 'this.items.push'));
    expect(elsewhere.has('Implement from comment with Lantern')).toBe(false);
    expect(sessions.fake.requests).toHaveLength(0);

    await runCommand(session, implement);
    const sent = await applyEdits.waitFor(1);
    expect(applyWorkspaceEdit(ts.text, ts.uri, sent.edit)).toBe(TS_RECEIPT_DONE);
  });

  it('offline, "Implement from comment" is not offered and the command says a model is needed', async () => {
    const { session, applyEdits } = await start('generate-offline', false);
    await session.open(ts.uri, ts.languageId, ts.text);
    const actions = await actionsAt(session, ts.uri, marker(ts, 2));
    expect(actions.has('Implement from comment with Lantern')).toBe(false);
    expect(actions.has('Add docstring to receipt')).toBe(true);

    const reason = `Lantern needs a model to generate code: no ANTHROPIC_API_KEY in the environment. ${OFFLINE_HINT}`;
    const result = await executeCommand(session, 'lantern.generate', {
      uri: ts.uri,
      position: marker(ts, 2),
    });
    expect(result).toEqual({ applied: false, reason });
    expect(await nextWarning(session)).toBe(reason);
    expect(applyEdits.received).toHaveLength(0);
  });

  it('with no instruction anywhere, asks for one without calling the model', async () => {
    const { session, applyEdits } = await start('generate-no-instruction');
    await session.open(ts.uri, ts.languageId, ts.text);
    const reason =
      'Lantern needs an instruction: pass one, select it, or put the cursor on a comment such as "// TODO: …".';
    const result = await executeCommand(session, 'lantern.generate', {
      uri: ts.uri,
      position: positionOf(ts, 'this.items.push'),
    });
    expect(result).toEqual({ applied: false, reason });
    expect(await nextWarning(session)).toBe(reason);
    expect(sessions.fake.requests).toHaveLength(0);
    expect(applyEdits.received).toHaveLength(0);
  });

  it.each([
    {
      problem: 'code that does not parse',
      answer: generateAnswer('Sum the prices.', ['Reduce.'], 'typescript', TS_TOTAL.replace(', 0);', ', 0;')),
      reason: 'Lantern did not insert the code: the change would break the syntax (missing `)` at line 23).',
    },
    {
      problem: 'no code block',
      answer: '**Requirement:** Sum the prices.\n\n**Plan:**\n- Reduce over the items.\n\nThat is all.',
      reason: 'Lantern did not insert the code: the answer contains no fenced code block.',
    },
  ])('an answer with $problem is not inserted, and the user is told why', async ({ answer, reason }) => {
    sessions.fake.script({ kind: 'text', text: answer });
    const { session, applyEdits } = await start('generate-rejected');
    await session.open(ts.uri, ts.languageId, ts.text);
    const result = await executeCommand(session, 'lantern.generate', {
      uri: ts.uri,
      position: marker(ts, 3),
      instruction: 'a function total that sums the prices of a cart',
    });
    expect(result).toEqual({ applied: false, reason });
    expect(await nextWarning(session)).toBe(reason);
    expect(applyEdits.received).toHaveLength(0);
  });
});
