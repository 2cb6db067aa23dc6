import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { positionAt } from '../support/cursor.js';
import { tempDir } from './editor-harness.js';

/**
 * The files the editor tests open: one healthy function to hover and explain, one with a syntax
 * error (a missing `)`) that Lantern's own syntax check reports and the fake model fixes. They live
 * here as text, written to a fresh workspace per run: the repository's type check and linter never
 * see the broken code, and no editor ever touches a tracked file.
 */
export interface ClientFixture {
  readonly name: string;
  readonly text: string;
  /** The cursor for hover and :LanternExplain: on the healthy function's name. */
  readonly hover: { line: number; character: number };
  /** Where the syntax error is; a "Fix with Lantern" is asked for there. */
  readonly fix: { line: number; character: number };
  /** The fake model's explanation; every hover on the healthy function must show it. */
  readonly explanation: string;
  /** The fake model's answer to the fix: the complete corrected function in a fenced block. */
  readonly fixAnswer: string;
  /** The file once the fix is applied. */
  readonly fixed: string;
  /** Two questions for ask (the second continues the session) and the fake model's answers. */
  readonly ask: { questions: readonly [string, string]; answers: readonly [string, string] };
  /** Where generate runs (the blank line under the header), what it is asked, and the fake's code. */
  readonly generate: {
    position: { line: number; character: number };
    instruction: string;
    answer: string;
    code: string;
  };
  /** The broken function once fixed (with its doc comment): generate must leave it intact. */
  readonly fixedUnit: string;
  /** The healthy function: generate must leave it intact too. */
  readonly healthy: string;
}

const PY_TOTAL = [
  'def total(prices):',
  '    """The sum of the prices."""',
  '    result = 0',
  '    for price in prices:',
  '        result += price',
  '    return result',
].join('\n');
const PY_BROKEN = [
  'def restock(items, count):',
  '    """Adds one to the first `count` items."""',
  '    for index in range(count:',
  '        items[index] += 1',
  '    return items',
].join('\n');
// The model's fix does more than insert the `)`, so the test can tell it from the offline fix-it.
const PY_FIXED = PY_BROKEN.replace('range(count:', 'range(min(count, len(items))):');

const TS_TOTAL = [
  '/** The sum of the prices. */',
  'export function total(prices: number[]): number {',
  '  let sum = 0;',
  '  for (const price of prices) sum += price;',
  '  return sum;',
  '}',
].join('\n');
const TS_BROKEN = [
  '/** The mean of some numbers; NaN for none. */',
  'export function average(values: number[]): number {',
  '  const sum = values.reduce((acc, value) => acc + value, 0;',
  '  return sum / values.length;',
  '}',
].join('\n');
const TS_FIXED = TS_BROKEN.replace('value, 0;', 'value, 0);').replace(
  'return sum / values.length;',
  'return values.length === 0 ? Number.NaN : sum / values.length;',
);

function fence(language: string, code: string): string {
  return `The call is missing its closing parenthesis.\n\n\`\`\`${language}\n${code}\n\`\`\`\n`;
}

function at(text: string, needle: string, offset = 0): { line: number; character: number } {
  const index = text.indexOf(needle);
  if (index === -1) throw new Error(`${needle} is not in the fixture`);
  return positionAt(text, index + offset);
}

function build(
  name: string,
  language: string,
  [header, healthy, broken, fixed]: readonly [string, string, string, string],
  marks: { hover: string; fix: string },
  generated: string,
): ClientFixture {
  const text = `${header}\n\n${healthy}\n\n\n${broken}\n`;
  return {
    name,
    text,
    hover: at(text, marks.hover, marks.hover.indexOf('total')),
    fix: at(text, marks.fix, marks.fix.length),
    explanation: `LANTERN-FAKE-EXPLANATION: ${name} total adds each price to a running sum.`,
    // The unit is the function itself: a JSDoc comment above it is not part of the answer.
    fixAnswer: fence(language, fixed.replace(/^\/\*\*.*\*\/\n/, '')),
    fixed: `${header}\n\n${healthy}\n\n\n${fixed}\n`,
    fixedUnit: fixed,
    healthy,
    ask: {
      questions: ['which function here is broken?', 'and how would you test it?'],
      answers: [`LANTERN-FAKE-ANSWER-1 for ${name}`, `LANTERN-FAKE-ANSWER-2 for ${name}`],
    },
    generate: {
      // The blank line under the file's header comment: unambiguously the top level, also in Python.
      position: { line: header.split('\n').length, character: 0 },
      instruction: 'add a function that returns the largest price',
      answer: fence(language, generated),
      code: generated,
    },
  };
}

export const PYTHON = build(
  'pricing.py',
  'python',
  ['# Prices of a shopping cart.', PY_TOTAL, PY_BROKEN, PY_FIXED],
  { hover: 'def total', fix: 'range(count' },
  'def largest(prices):\n    """The largest price."""\n    return max(prices)',
);

export const TYPESCRIPT = build(
  'pricing.ts',
  'typescript',
  ['// Prices of a shopping cart.', TS_TOTAL, TS_BROKEN, TS_FIXED],
  { hover: 'function total', fix: 'value, 0' },
  'export function largest(prices: number[]): number {\n  return Math.max(...prices);\n}',
);

/** A fresh workspace (with a .git marker, so editors take it as the project root) holding `fixture`. */
export function workspaceWith(fixture: ClientFixture): { dir: string; file: string } {
  const dir = tempDir('lantern-editor-');
  mkdirSync(join(dir, '.git'));
  const file = join(dir, fixture.name);
  writeFileSync(file, fixture.text);
  return { dir, file };
}

/**
 * The edit-the-selection run: lines 5–7 of the Python fixture (the loop that sums `total`'s prices,
 * 1-based and inclusive), rewritten per an instruction the user types at the editor's prompt.
 */
export const EDIT = {
  fixture: PYTHON,
  lines: [5, 7] as const,
  instruction: 'use the built-in sum',
  answer: fence('python', 'result = sum(prices)'),
  edited: PYTHON.text.replace(
    '    result = 0\n    for price in prices:\n        result += price\n',
    '    result = sum(prices)\n',
  ),
};

/**
 * The completion run: line 8 of the Python fixture (`total`'s return) typed as far as `return `, the
 * fake model's completion, and the file once the editor has inserted it.
 */
export const COMPLETE = {
  fixture: PYTHON,
  line: 8,
  typed: '    return ',
  answer: 'sum(prices)',
  completed: PYTHON.text.replace('    return result\n', '    return sum(prices)\n'),
};
