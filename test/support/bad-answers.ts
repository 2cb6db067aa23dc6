import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fenced } from './fix-fixtures.js';
import { FIXTURES_DIR } from './paths.js';

/**
 * Scripted model answers for `lantern fix` that pass tree-sitter's checks but are wrong (issue 11,
 * items 1–7), in Python and TypeScript, and what the fix pipeline must do with each: apply exactly the
 * expected file, or refuse with a reason naming what is wrong. The fixtures each have one bug per unit:
 * bitcount.py / bits.ts `bitcount` (`^=` for `&=`), report.py `Report.header` (`titel`, beside a
 * multi-line f-string) and `Report.total` (`-=`), stack.ts `Stack.pop` (`shift`) and `Stack.describe`
 * (`itemz`, beside a multi-line template literal).
 */
export type FixtureName = 'bitcount.py' | 'report.py' | 'bits.ts' | 'stack.ts';

export interface BadAnswerCase {
  readonly name: string;
  readonly file: FixtureName;
  /** The line the problem is on (inside the unit to fix). */
  readonly line: number;
  /** The problem as the request states it (`--error`). */
  readonly error: string;
  readonly answer: string;
  /** The file after the fix, or the text the one-line refusal must contain. */
  readonly expect: { readonly applied: string } | { readonly refused: string };
  /** The workspace has its own `typescript` (5.x) and is trusted, so its parser can check the edit. */
  readonly withTypescript?: boolean;
}

export const fixtureText = (name: FixtureName): string =>
  readFileSync(join(FIXTURES_DIR, 'fix', name), 'utf8');

const BITCOUNT_PY = fixtureText('bitcount.py');
const REPORT_PY = fixtureText('report.py');
const BITS_TS = fixtureText('bits.ts');
const STACK_TS = fixtureText('stack.ts');

/** The text of `file` from `from` up to (not including) `to`. */
function between(text: string, from: string, to: string): string {
  const start = text.indexOf(from);
  const end = text.indexOf(to, start);
  if (start === -1 || end === -1) throw new Error(`${from}…${to} is not in the fixture`);
  return text.slice(start, end);
}

/** Removes `count` leading spaces from every line that has them (a unit moved to column 0). */
function dedent(code: string, count: number): string {
  return code.replace(new RegExp(`^ {${count}}`, 'gm'), '');
}

// Each unit as the file has it (methods from their own indentation), and fixed.
const bitcountPy = between(BITCOUNT_PY, 'def bitcount', '\n\n\ndef average');
const bitcountPyFixed = bitcountPy.replace('n ^= n - 1', 'n &= n - 1');
const headerPy = between(REPORT_PY, '    def header', '\n\n    def total');
const headerPyFixed = headerPy.replace('self.titel', 'self.title');
const totalPy = REPORT_PY.slice(REPORT_PY.indexOf('    def total')).trimEnd();
const totalPyFixed = totalPy.replace('result -= row', 'result += row');
const bitcountTs = between(BITS_TS, 'export function bitcount', '\n\nexport function average');
const bitcountTsFixed = bitcountTs.replace('n ^= n - 1', 'n &= n - 1');
const popTs = between(STACK_TS, '  pop()', '\n\n  describe()');
const popTsFixed = popTs.replace('shift()', 'pop()');
const describeTs = between(STACK_TS, '  describe()', '\n}\n');
const describeTsFixed = describeTs.replace('this.itemz', 'this.items');

const FIXED = {
  bitcountPy: BITCOUNT_PY.replace('n ^= n - 1', 'n &= n - 1'),
  headerPy: REPORT_PY.replace('self.titel', 'self.title'),
  totalPy: REPORT_PY.replace('result -= row', 'result += row'),
  bitcountTs: BITS_TS.replace('n ^= n - 1', 'n &= n - 1'),
  popTs: STACK_TS.replace('shift()', 'pop()'),
  describeTs: STACK_TS.replace('this.itemz', 'this.items'),
};

const py = (code: string, prose = '') => fenced('python', code, prose);
const ts = (code: string, prose = '') => fenced('typescript', code, prose);

// Where each unit's bug is, and how the request states it.
const AT = {
  bitcountPy: { file: 'bitcount.py', line: 4, error: 'bitcount(8) never returns' },
  headerPy: { file: 'report.py', line: 6, error: "'Report' object has no attribute 'titel'" },
  totalPy: { file: 'report.py', line: 15, error: 'total() is negative' },
  bitcountTs: { file: 'bits.ts', line: 4, error: 'bitcount(8) never returns' },
  popTs: { file: 'stack.ts', line: 9, error: 'pop() returns the oldest item' },
  describeTs: { file: 'stack.ts', line: 13, error: "Property 'itemz' does not exist on type 'Stack'." },
} as const;

/** Item 1: a "Before:" block holding the bug (marked, and the longer block), then the fix. */
export const BEFORE_AFTER: readonly BadAnswerCase[] = [
  {
    name: 'Before/After, the Before block marked `# <- BUG`',
    ...AT.bitcountPy,
    answer: `${py(bitcountPy.replace('n ^= n - 1', 'n ^= n - 1  # <- BUG: clears nothing useful'), 'Before:')}\n${py(bitcountPyFixed, 'After:')}`,
    expect: { applied: FIXED.bitcountPy },
  },
  {
    name: 'a method: Buggy/Fixed',
    ...AT.totalPy,
    answer: `${py(dedent(totalPy, 4).replace('result -= row', 'result -= row  # <- BUG, subtracts'), 'Buggy version:')}\n${py(dedent(totalPyFixed, 4), 'Fixed version:')}`,
    expect: { applied: FIXED.totalPy },
  },
  {
    name: 'unlabelled, the first block the original with a comment, the second the fix',
    ...AT.bitcountPy,
    answer: `${py(bitcountPy.replace('n ^= n - 1', 'n ^= n - 1  # <- BUG'), 'Your code has this bug:')}\n${py(bitcountPyFixed, 'Use this instead:')}`,
    expect: { applied: FIXED.bitcountPy },
  },
  {
    name: 'Before/After, the Before block marked `// <- BUG`',
    ...AT.bitcountTs,
    answer: `${ts(bitcountTs.replace('n ^= n - 1;', 'n ^= n - 1; // <- BUG: should clear the lowest set bit'), 'Before:')}\n${ts(bitcountTsFixed, 'After:')}`,
    expect: { applied: FIXED.bitcountTs },
  },
  {
    name: 'a method: Original/Corrected',
    ...AT.popTs,
    answer: `${ts(dedent(popTs, 2).replace('shift();', 'shift(); // <- BUG: takes the oldest'), '**Original:**')}\n${ts(dedent(popTsFixed, 2), '**Corrected:**')}`,
    expect: { applied: FIXED.popTs },
  },
];

/** Item 1: two different versions of the unit and nothing saying which is the fix. */
export const DISAGREEING_BLOCKS: readonly BadAnswerCase[] = [
  {
    name: 'two different rewrites of `bitcount`',
    ...AT.bitcountPy,
    answer: `${py(bitcountPyFixed, 'One way:')}\n${py(bitcountPy.replace('n ^= n - 1', 'n >>= 1'), 'Another way:')}`,
    expect: { refused: 'the answer has 2 code blocks with different versions of `bitcount`' },
  },
  {
    name: 'two different rewrites of `pop`',
    ...AT.popTs,
    answer: `${ts(dedent(popTsFixed, 2))}\n${ts(dedent(popTs.replace('shift()', 'at(-1)'), 2))}`,
    expect: { refused: 'the answer has 2 code blocks with different versions of `pop`' },
  },
];

/** Item 2: the unit's logic deleted, the request never asking for that. */
export const GUTTED_BODIES: readonly BadAnswerCase[] = [
  {
    name: '`pass`',
    ...AT.bitcountPy,
    answer: py('def bitcount(n):\n    pass'),
    expect: { refused: 'the answer deletes the body of `bitcount`' },
  },
  {
    name: '`...` under the docstring',
    ...AT.totalPy,
    answer: py('def total(self, rows):\n    """The sum of the rows."""\n    ...'),
    expect: { refused: 'the answer deletes the body of `total`' },
  },
  {
    name: 'a bare `return`',
    ...AT.bitcountPy,
    answer: py('def bitcount(n):\n    # TODO: count the bits\n    return'),
    expect: { refused: 'the answer deletes the body of `bitcount`' },
  },
  {
    name: '`{}`',
    ...AT.bitcountTs,
    answer: ts('export function bitcount(n: number): number {}'),
    expect: { refused: 'the answer deletes the body of `bitcount`' },
  },
  {
    name: 'a bare `return;`',
    ...AT.popTs,
    answer: ts('pop(): number | undefined {\n  return;\n}'),
    expect: { refused: 'the answer deletes the body of `pop`' },
  },
  {
    name: 'only a comment',
    ...AT.popTs,
    answer: ts('pop(): number | undefined {\n  // removed: it was wrong\n}'),
    expect: { refused: 'the answer deletes the body of `pop`' },
  },
];

/** Item 2: the same kind of answer, when the request asks for the removal. */
export const REQUESTED_REMOVALS: readonly BadAnswerCase[] = [
  {
    name: '`pass` when asked to remove the body',
    ...AT.bitcountPy,
    error: 'remove the body of bitcount',
    answer: py('def bitcount(n):\n    pass'),
    expect: { applied: BITCOUNT_PY.replace(bitcountPy, 'def bitcount(n):\n    pass') },
  },
  {
    name: '`{}` when asked to stub it out',
    ...AT.bitcountTs,
    error: 'stub out bitcount',
    answer: ts('export function bitcount(n: number): number {}'),
    expect: { applied: BITS_TS.replace(bitcountTs, 'export function bitcount(n: number): number {}') },
  },
];

/** Item 3: a unit holding a multi-line string whose lines start at column 0, one identifier fixed. */
export const MULTILINE_STRINGS: readonly BadAnswerCase[] = [
  {
    name: 'an f-string method answered at column 0',
    ...AT.headerPy,
    answer: py(dedent(headerPyFixed, 4)),
    expect: { applied: FIXED.headerPy },
  },
  {
    name: 'an f-string method answered at the class’s indentation',
    ...AT.headerPy,
    answer: py(headerPyFixed),
    expect: { applied: FIXED.headerPy },
  },
  {
    name: 'a template-literal method answered at column 0',
    ...AT.describeTs,
    answer: ts(dedent(describeTsFixed, 2)),
    expect: { applied: FIXED.describeTs },
  },
  {
    name: 'a template-literal method answered at the class’s indentation',
    ...AT.describeTs,
    answer: ts(describeTsFixed),
    expect: { applied: FIXED.describeTs },
  },
];

/** Item 4: answers whose indentation differs from the file's; the edit must change one line. */
export const NOISY_INDENTATION: readonly BadAnswerCase[] = [
  {
    name: 'tabs in a 4-space file',
    ...AT.bitcountPy,
    answer: py(bitcountPyFixed.replace(/ {4}/g, '\t')),
    expect: { applied: FIXED.bitcountPy },
  },
  {
    name: '2 spaces in a 4-space file',
    ...AT.bitcountPy,
    answer: py(bitcountPyFixed.replace(/ {4}/g, '  ')),
    expect: { applied: FIXED.bitcountPy },
  },
  {
    name: 'a method already indented as in the file (the first line at column 0)',
    ...AT.totalPy,
    answer: py(totalPyFixed.trimStart()),
    expect: { applied: FIXED.totalPy },
  },
  {
    name: '4 spaces in a 2-space file',
    ...AT.bitcountTs,
    answer: ts(bitcountTsFixed.replace(/ {2}/g, '    ')),
    expect: { applied: FIXED.bitcountTs },
  },
  {
    name: 'a method in tabs in a 2-space file',
    ...AT.popTs,
    answer: ts(dedent(popTsFixed, 2).replace(/ {2}/g, '\t')),
    expect: { applied: FIXED.popTs },
  },
  {
    name: 'a method already indented as in the file (the first line at column 0)',
    ...AT.popTs,
    answer: ts(popTsFixed.trimStart()),
    expect: { applied: FIXED.popTs },
  },
];

/** Item 5: a unit that is not complete on its own (the file around it would stand in). */
export const INCOMPLETE_UNITS: readonly BadAnswerCase[] = [
  {
    name: 'a method whose loop has no body',
    ...AT.totalPy,
    answer: py('def total(self, rows):\n    result = 0\n    for row in rows:'),
    expect: { refused: "Python refuses the change: expected an indented block after 'for' statement" },
  },
  {
    name: 'a method missing its closing `}`',
    ...AT.popTs,
    answer: ts('pop(): number | undefined {\n  return this.items.pop();'),
    expect: { refused: 'the answer’s `pop` is missing its closing `}`' },
  },
  {
    name: 'a method missing its closing `}`, at the class’s indentation',
    ...AT.describeTs,
    answer: ts(describeTsFixed.replace(/\n {2}\}$/, '')),
    expect: { refused: 'the answer’s `describe` is missing its closing `}`' },
  },
];

/** Item 6: code tree-sitter accepts and CPython's compile() refuses. */
export const LANGUAGE_REFUSES: readonly BadAnswerCase[] = [
  {
    name: '`break` outside a loop',
    ...AT.bitcountPy,
    answer: py(bitcountPyFixed.replace('    return count', '    break\n    return count')),
    expect: { refused: "Python refuses the change: 'break' outside loop (line 6)" },
  },
  {
    name: '`await` in a function that is not async',
    ...AT.bitcountPy,
    answer: py(bitcountPyFixed.replace('count = 0', 'count = await start()')),
    expect: { refused: "Python refuses the change: 'await' outside async function (line 2)" },
  },
  {
    name: 'a duplicate parameter',
    ...AT.bitcountPy,
    answer: py(bitcountPyFixed.replace('def bitcount(n):', 'def bitcount(n, n):')),
    expect: { refused: "Python refuses the change: duplicate argument 'n' in function definition (line 1)" },
  },
  {
    name: 'an unbound `nonlocal`',
    ...AT.bitcountPy,
    answer: py(bitcountPyFixed.replace('count = 0', 'count = 0\n    def step():\n        nonlocal total')),
    expect: { refused: "Python refuses the change: no binding for nonlocal 'total' found (line 4)" },
  },
  {
    name: 'tabs and spaces mixed',
    ...AT.bitcountPy,
    answer: py(bitcountPyFixed.replace('        n &= n - 1', '\tn &= n - 1')),
    expect: {
      refused: 'Python refuses the change: inconsistent use of tabs and spaces in indentation (line 4)',
    },
  },
];

/** Item 6: code tree-sitter accepts and the workspace's TypeScript parser refuses. */
export const TYPESCRIPT_REFUSES: readonly BadAnswerCase[] = [
  {
    name: 'a Unicode escape past 0x10FFFF',
    ...AT.bitcountTs,
    answer: ts(bitcountTsFixed.replace('let count = 0;', 'let count = 0;\n  const mark = "\\u{FFFFFFF}";')),
    expect: {
      refused:
        'TypeScript refuses the change: An extended Unicode escape value must be between 0x0 and 0x10FFFF inclusive (line 3)',
    },
    withTypescript: true,
  },
  {
    name: 'a decimal with a leading zero',
    ...AT.bitcountTs,
    answer: ts(bitcountTsFixed.replace('let count = 0;', 'let count = 08;')),
    expect: {
      refused: 'TypeScript refuses the change: Decimals with leading zeros are not allowed (line 2)',
    },
    withTypescript: true,
  },
  {
    name: 'a for-of over two expressions',
    ...AT.popTs,
    answer: ts(
      'pop(): number | undefined {\n  for (const item of this.items, []) return item;\n  return this.items.pop();\n}',
    ),
    expect: { refused: "TypeScript refuses the change: ')' expected (line 9)" },
    withTypescript: true,
  },
];

/** Item 7: refusals whose reason used to name the wrong thing, and echoes that were refused. */
export const MISLEADING_REASONS: readonly BadAnswerCase[] = [
  {
    name: 'a def line missing its colon',
    ...AT.bitcountPy,
    answer: py(bitcountPyFixed.replace('def bitcount(n):', 'def bitcount(n)')),
    expect: { refused: 'the change would break the syntax (unexpected `def bitcount(n)` at line 1)' },
  },
  {
    name: 'a whole-file echo that also changes `average`',
    ...AT.bitcountPy,
    answer: py(FIXED.bitcountPy.replace('/ len(values)', '/ max(len(values), 1)')),
    expect: { refused: 'the answer changes more than `bitcount` (it also changes `average`)' },
  },
  {
    name: 'a function header missing its `)`',
    ...AT.bitcountTs,
    answer: ts(bitcountTsFixed.replace('(n: number)', '(n: number')),
    expect: { refused: 'the change would break the syntax' },
  },
  {
    name: 'a whole-file echo that also changes `average`',
    ...AT.bitcountTs,
    answer: ts(FIXED.bitcountTs.replace('/ values.length', '/ Math.max(values.length, 1)')),
    expect: { refused: 'the answer changes more than `bitcount` (it also changes `average`)' },
  },
];

/** Item 7: a whole-file echo where only the unit changed is the unit's fix. */
export const WHOLE_FILE_ECHOES: readonly BadAnswerCase[] = [
  {
    name: 'a function',
    ...AT.bitcountPy,
    answer: py(FIXED.bitcountPy),
    expect: { applied: FIXED.bitcountPy },
  },
  { name: 'a method', ...AT.totalPy, answer: py(FIXED.totalPy), expect: { applied: FIXED.totalPy } },
  {
    name: 'a function',
    ...AT.bitcountTs,
    answer: ts(FIXED.bitcountTs),
    expect: { applied: FIXED.bitcountTs },
  },
  { name: 'a method', ...AT.popTs, answer: ts(FIXED.popTs), expect: { applied: FIXED.popTs } },
];
