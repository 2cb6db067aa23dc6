import { describe, expect, it } from 'vitest';
import { applyWorkspaceEdit } from '../support/apply-edit-recorder.js';
import { actionsAt, runCommand } from '../support/code-actions.js';
import { fakeModelSessions, fenced, nextWarning } from '../support/fix-fixtures.js';
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

const py = generateFixture('stubs.py');
const ts = generateFixture('stubs.ts');

interface StubCase {
  readonly fixture: MarkedFixture;
  readonly name: string;
  /** What the stub's body holds, as the fixture writes it. */
  readonly stub: string;
  /** The body the model writes in its place. */
  readonly body: string;
  /** The docstring the prompt must carry. */
  readonly doc: string;
}

const STUBS: readonly StubCase[] = [
  {
    fixture: py,
    name: 'mean',
    stub: '    ...',
    body: '    return sum(values) / len(values) if values else 0.0',
    doc: 'The arithmetic mean of values; 0.0 for an empty list.',
  },
  {
    fixture: py,
    name: 'clamp',
    stub: '    pass',
    body: '    return min(max(value, low), high)',
    doc: 'Value limited to the range from low to high.',
  },
  {
    fixture: py,
    name: 'slug',
    stub: '    # TODO',
    body: '    return "-".join(title.lower().split())',
    doc: 'Title in lower case, its words joined by hyphens.',
  },
  {
    fixture: py,
    name: 'initials',
    stub: '    raise NotImplementedError',
    body: '    return "".join(word[0].upper() for word in name.split())',
    doc: 'The upper-case first letter of each word of name.',
  },
  {
    fixture: ts,
    name: 'mean',
    stub: "  throw new Error('not implemented');",
    body: '  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;',
    doc: 'The arithmetic mean of values; 0 for an empty list.',
  },
  {
    fixture: ts,
    name: 'clamp',
    stub: '  // TODO',
    body: '  return Math.min(Math.max(value, low), high);',
    doc: 'Value limited to the range from low to high.',
  },
  {
    fixture: ts,
    name: 'balance',
    stub: '    throw new Error("Not implemented yet");',
    body: '    return this.entries.reduce((sum, entry) => sum + entry, 0);',
    doc: 'The sum of the entries.',
  },
];

/** The stub's unit as the file has it (its header line to its end), and where its stub statement is. */
function stubOf({ fixture, name, stub }: StubCase) {
  const header = fixture.text.indexOf(`${name}(`);
  const at = fixture.text.indexOf(stub, header);
  if (header === -1 || at === -1) throw new Error(`no stub ${name} in ${fixture.uri}`);
  const start = fixture.text.lastIndexOf('\n', header) + 1;
  // TypeScript: the line after the stub closes the body.
  const end = fixture === ts ? fixture.text.indexOf('\n', at + stub.length + 1) : at + stub.length;
  return { unit: fixture.text.slice(start, end), at };
}

const languageOf = (fixture: MarkedFixture) => (fixture === py ? 'Python' : 'TypeScript');

describe('"Implement with Lantern" on a stub', () => {
  const sessions = fakeModelSessions(FULL_CAPABILITIES);

  it.each(STUBS.map((one) => [`${one.name} (${languageOf(one.fixture)}, ${one.stub.trim()})`, one] as const))(
    'writes the body of %s from its signature and docstring',
    async (_title, one) => {
      const { fixture, name, stub, body, doc } = one;
      const { unit, at } = stubOf(one);
      sessions.fake.script({
        kind: 'text',
        text: fenced(fixture.languageId, unit.replace(stub, body), 'Implemented it.'),
      });
      const { session, applyEdits } = await sessions.start('generate-stub');
      await session.open(fixture.uri, fixture.languageId, fixture.text);

      const actions = await actionsAt(session, fixture.uri, positionOf(fixture, `${name}(`));
      const implement = actions.get(`Implement ${name} with Lantern`);
      expect(implement?.kind).toBe('refactor.rewrite');
      expect(sessions.fake.requests).toHaveLength(0);

      const result = await runCommand<{ applied: boolean }>(session, implement);
      expect(result.applied).toBe(true);
      const sent = await applyEdits.waitFor(1);
      const expected = fixture.text.slice(0, at) + body + fixture.text.slice(at + stub.length);
      expect(applyWorkspaceEdit(fixture.text, fixture.uri, sent.edit)).toBe(expected);

      const { user } = promptOf(await sessions.fake.waitForRequests(1));
      expect(user).toContain(doc);
      expect(user).toContain(`${name}(`);
    },
  );

  it('is offered with the cursor on the stub line too, and runs from lantern.generate with no instruction', async () => {
    const one = STUBS[1] as StubCase;
    const { unit, at } = stubOf(one);
    sessions.fake.script({ kind: 'text', text: fenced('python', unit.replace(one.stub, one.body)) });
    const { session, applyEdits } = await sessions.start('generate-stub-line');
    await session.open(py.uri, py.languageId, py.text);
    const onStub = positionOf(py, '    pass');
    expect((await actionsAt(session, py.uri, onStub)).has('Implement clamp with Lantern')).toBe(true);

    await executeCommand(session, 'lantern.generate', { uri: py.uri, position: onStub });
    const sent = await applyEdits.waitFor(1);
    const expected = py.text.slice(0, at) + one.body + py.text.slice(at + one.stub.length);
    expect(applyWorkspaceEdit(py.text, py.uri, sent.edit)).toBe(expected);
  });

  it('is not offered on a function that has a body', async () => {
    const { session } = await sessions.start('generate-stub-none');
    for (const fixture of [py, ts]) {
      await session.open(fixture.uri, fixture.languageId, fixture.text);
      for (const name of ['double', 'summary']) {
        const titles = [...(await actionsAt(session, fixture.uri, positionOf(fixture, `${name}(`))).keys()];
        expect(titles.filter((title) => title.startsWith('Implement'))).toEqual([]);
      }
    }
  });

  it('an answer that leaves the stub a stub is refused, and nothing is applied', async () => {
    const one = STUBS[4] as StubCase;
    const { unit } = stubOf(one);
    const still = unit.replace(one.stub, "  throw new Error('TODO: mean');");
    sessions.fake.script({ kind: 'text', text: fenced('typescript', still) });
    const { session, applyEdits } = await sessions.start('generate-stub-still');
    await session.open(ts.uri, ts.languageId, ts.text);
    const result = await executeCommand<{ applied: boolean; reason: string }>(session, 'lantern.generate', {
      uri: ts.uri,
      position: positionOf(ts, 'mean('),
    });
    expect(result.applied).toBe(false);
    expect(result.reason).toContain('leaves `mean` unimplemented');
    expect(await nextWarning(session)).toBe(result.reason);
    expect(applyEdits.received).toHaveLength(0);
  });
});

describe('"Implement from comment" on the blank line right under the comment', () => {
  const sessions = fakeModelSessions(FULL_CAPABILITIES);
  const CASES = [
    {
      fixture: py,
      code: 'for price in prices:\n    parts.append(f"{price:.2f}")',
      // The code takes the (auto-indented) blank line the cursor is on.
      expected: replaceOnce(
        py.text,
        'two decimals\n    \n',
        'two decimals\n    for price in prices:\n        parts.append(f"{price:.2f}")\n',
      ),
    },
    {
      fixture: ts,
      code: 'for (const price of prices) {\n  parts.push(price.toFixed(2));\n}',
      expected: replaceOnce(
        ts.text,
        'two decimals\n\n',
        // An empty line stays below the code, as on any empty line (only an indented one is taken).
        'two decimals\n  for (const price of prices) {\n    parts.push(price.toFixed(2));\n  }\n\n',
      ),
    },
  ];

  it.each(CASES.map((one) => [languageOf(one.fixture), one] as const))(
    'is offered there and writes the code in its place (%s)',
    async (_language, { fixture, code, expected }) => {
      sessions.fake.script({
        kind: 'text',
        text: generateAnswer('Format the prices.', ['Loop.'], fixture.languageId, code),
      });
      const { session, applyEdits } = await sessions.start('generate-blank-under-comment');
      await session.open(fixture.uri, fixture.languageId, fixture.text);
      const actions = await actionsAt(session, fixture.uri, marker(fixture, 0));
      const implement = actions.get('Implement from comment with Lantern');
      expect(implement).toBeDefined();

      await runCommand(session, implement);
      const sent = await applyEdits.waitFor(1);
      expect(applyWorkspaceEdit(fixture.text, fixture.uri, sent.edit)).toBe(expected);
      const { user } = promptOf(await sessions.fake.waitForRequests(1));
      expect(user).toContain('Instruction: one part per price, formatted to two decimals\n');
    },
  );

  it('is not offered on a blank line under code', async () => {
    const { session } = await sessions.start('generate-blank-under-code');
    await session.open(ts.uri, ts.languageId, ts.text);
    // The blank line after `mean`'s closing brace.
    const afterMean = { line: positionOf(ts, "throw new Error('not").line + 2, character: 0 };
    const actions = await actionsAt(session, ts.uri, afterMean);
    expect(actions.has('Implement from comment with Lantern')).toBe(false);
  });
});
