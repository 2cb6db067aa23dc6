import { describe, expect, it } from 'vitest';
import { CallBudget } from '../../server/src/agent/completion/call-budget.js';
import { buildCompletionContext } from '../../server/src/agent/completion/completion-context.js';
import { shapeCompletion } from '../../server/src/agent/completion/shape-completion.js';
import { InsertionCheck } from '../../server/src/agent/edits/insertion-check.js';
import type { LanguageName } from '../../server/src/syntax/languages.js';
import { WorkspaceFiles } from '../../server/src/workspace/workspace-files.js';
import { openDocument, testRegistry } from '../support/syntax-documents.js';

const MARKER = '<|>';

/** The document and context of a completion at the marker, and how an answer would be shaped and checked. */
function at(language: LanguageName, marked: string) {
  const offset = marked.indexOf(MARKER);
  const text = marked.replace(MARKER, '');
  const document = openDocument(language, text);
  const sources = { files: new WorkspaceFiles(testRegistry(), () => undefined), workspaceRoot: undefined };
  const context = buildCompletionContext(document, offset, sources, { prefixChars: 4000, suffixChars: 1500 });
  const check = new InsertionCheck(document, offset, testRegistry());
  return {
    context,
    /** The preferred candidate ('' for none). */
    shape: (answer: string, maxLines = 24) => shapeCompletion(answer, context, maxLines)[0] ?? '',
    candidates: (answer: string) => shapeCompletion(answer, context, 24),
    parses: (inserted: string) => check.keepsSyntax(inserted),
  };
}

const TS_BODY = [
  'export function total(prices: number[]): number {',
  '  let sum = 0;',
  '  <|>',
  '}',
  '',
].join('\n');

describe('shaping a completion', () => {
  it('takes the fenced code out of prose and converts tabs to the file’s two spaces', () => {
    const { candidates } = at('typescript', TS_BODY);
    // The `}` may be the one after the cursor again: without it first, the syntax check decides.
    expect(candidates('Sure:\n```ts\nfor (const p of prices) {\n\t\tsum += p;\n\t}\n```\nDone.')).toEqual([
      'for (const p of prices) {\n    sum += p;',
      'for (const p of prices) {\n    sum += p;\n  }',
    ]);
  });

  it('does not insert the indentation the line already has, and repeats nothing typed before the cursor', () => {
    expect(at('typescript', TS_BODY).shape('  return sum;')).toBe('return sum;');
    const typed = at('typescript', TS_BODY.replace('  <|>', '  return <|>'));
    expect(typed.shape('  return sum;')).toBe('sum;');
  });

  it('stops where the answer leaves the block, keeping a line that only closes it', () => {
    const python = at('python', 'def mean(xs):\n    total = 0\n    <|>\n');
    expect(python.shape('return total\n\ndef other():\n    pass')).toBe('return total');
    const top = at('typescript', 'const a = 1;\n<|>\n');
    expect(top.shape('function f() {\n  return a;\n}\n\nfunction g() {\n  return 2;\n}')).toBe(
      'function f() {\n  return a;\n}',
    );
    expect(at('typescript', TS_BODY).shape('return sum;\n}\nexport const x = 1;')).toBe('return sum;');
  });

  it('drops what the text after the cursor already has: an auto-closed bracket, a repeated next line', () => {
    expect(at('typescript', 'console.log(<|>);\n').shape('names.sort());')).toBe('names.sort()');
    const next = at('python', 'def f(x):\n    <|>\n    return y\n');
    expect(next.shape('y = x * 2\n    return y')).toBe('y = x * 2');
  });

  it('keeps code that merely looks like the start of the suffix', () => {
    const branch = at('python', 'if x:\n    y = 1\n<|>else:\n    y = 2\n');
    expect(branch.shape('z = some_valu')).toBe('z = some_valu');
    expect(branch.shape('z = 1\ne')).toBe('z = 1\ne');
  });

  it('answers nothing for an empty block or whitespace', () => {
    expect(at('typescript', TS_BODY).shape('```ts\n```')).toBe('');
    expect(at('typescript', TS_BODY).shape('   \n  ')).toBe('');
  });

  it('cuts at maxLines', () => {
    expect(at('typescript', TS_BODY).shape('a();\n  b();\n  c();', 2)).toBe('a();\n  b();');
  });
});

describe('the syntax check of an insertion', () => {
  it('accepts code that completes a statement the user is writing (an error it removes)', () => {
    const { parses } = at('typescript', 'function f(a: number, b: number) {\n  return a +<|>\n}\n');
    expect(parses(' b;')).toBe(true);
  });

  it('refuses code that leaves a block open or an expression broken', () => {
    const { parses } = at('typescript', TS_BODY);
    expect(parses('if (sum > 0) {')).toBe(false);
    expect(parses('sum += ;')).toBe(false);
    expect(parses('sum += 1;')).toBe(true);
  });

  it('does not count an error the file had already, moved by the insertion', () => {
    const { parses } = at('typescript', 'const total = sum(<|>\n');
    expect(parses('a, b')).toBe(true);
  });

  it('checks a Python body continued after the function’s last statement with that function', () => {
    const { parses } = at('python', 'def mean(xs):\n    total = 0\n    <|>\n\nprint(1)\n');
    expect(parses('return total')).toBe(true);
    expect(parses('return (total')).toBe(false);
  });
});

describe('the per-minute budget of model calls', () => {
  it('lets `limit` calls through in any minute, then more as the first ones age out', () => {
    let now = 0;
    const budget = new CallBudget(() => now);
    expect(budget.take(2)).toBe(true);
    now = 30_000;
    expect([budget.take(2), budget.take(2)]).toEqual([true, false]);
    now = 59_999;
    expect(budget.take(2)).toBe(false);
    now = 60_000;
    expect([budget.take(2), budget.take(2)]).toEqual([true, false]);
  });
});
