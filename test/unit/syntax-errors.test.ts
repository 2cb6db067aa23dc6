import { describe, expect, it } from 'vitest';
import type { LanguageName } from '../../server/src/syntax/languages.js';
import { findSyntaxProblems } from '../../server/src/syntax/syntax-errors.js';
import { openDocument, treeOf } from '../support/syntax-documents.js';

/** The problems of a text, each with the text it underlines. */
function problems(language: LanguageName, text: string, limit?: number) {
  return findSyntaxProblems(treeOf(openDocument(language, text)), limit).map((problem) => ({
    message: problem.message,
    missingToken: problem.missingToken,
    at: problem.startIndex,
    underlined: text.slice(problem.startIndex, problem.endIndex),
  }));
}

describe('findSyntaxProblems', () => {
  it('finds nothing in valid code', () => {
    expect(problems('typescript', 'function f(a: number) {\n  return a;\n}\n')).toEqual([]);
    expect(problems('python', 'def f(a):\n    return a\n')).toEqual([]);
  });

  it('names a missing closing token and where to insert it', () => {
    const text = 'function f(a: number {\n  return a;\n}\n';
    expect(problems('typescript', text)).toEqual([
      { message: 'missing `)`', missingToken: ')', at: text.indexOf(' {'), underlined: '' },
    ]);
    const array = 'const a = [1, 2;\n';
    expect(problems('javascript', array)).toEqual([
      { message: 'missing `]`', missingToken: ']', at: array.indexOf(';'), underlined: '' },
    ]);
    expect(problems('python', 'def f(:\n    pass\n')).toEqual([
      { message: 'missing `)`', missingToken: ')', at: 6, underlined: '' },
    ]);
  });

  it('has no token to insert for a missing named construct', () => {
    expect(problems('javascript', 'if () {}\n')).toEqual([
      { message: 'missing identifier', missingToken: undefined, at: 4, underlined: '' },
    ]);
    expect(problems('python', 'for x in :\n    pass\n')).toEqual([
      { message: 'missing identifier', missingToken: undefined, at: 8, underlined: '' },
    ]);
  });

  it('quotes what was unexpected and the construct it appeared in', () => {
    expect(problems('typescript', 'class A { m() { } ) }\n')).toEqual([
      {
        message: 'unexpected `)` in statement block',
        missingToken: undefined,
        at: 18,
        underlined: ')',
      },
    ]);
    expect(problems('typescript', 'function f(a: ) {}\n')[0]?.message).toBe(
      'unexpected `:` in formal parameters',
    );
    // At the top level there is no construct to name.
    expect(problems('javascript', 'function (\n')).toEqual([
      { message: 'unexpected `function (`', missingToken: undefined, at: 0, underlined: 'function (' },
    ]);
  });

  it('underlines the first line of a multi-line error only, and shortens a long quote', () => {
    const text = `x = (1, 2, ${'a_long_argument, '.repeat(4)}\n  more,\n  lines\n`;
    const [problem] = problems('python', text);
    expect(problem?.underlined).toBe(text.split('\n')[0]?.trim());
    expect(problem?.message).toBe(`unexpected \`${text.slice(0, 30)}…\``);
  });

  it('counts offsets in UTF-16 code units after emoji and CJK text', () => {
    const text = 'const s = "😀数据" +;\n';
    // 17 UTF-16 units before the `+`, but 22 UTF-8 bytes: a byte offset would land past it.
    expect(text.indexOf('+')).toBe(17);
    expect(problems('javascript', text)).toEqual([
      { message: 'unexpected `+` in lexical declaration', missingToken: undefined, at: 17, underlined: '+' },
    ]);
  });

  it('reports each error once and stops at the limit', () => {
    const text = 'let a = 1 +;\n'.repeat(150);
    expect(problems('typescript', text)).toHaveLength(100);
    const first = problems('typescript', text, 5);
    expect(first).toHaveLength(5);
    expect(first.map((problem) => problem.at)).toEqual([10, 23, 36, 49, 62]);
    expect(problems('typescript', 'let a = 1 +;\n'.repeat(3))).toHaveLength(3);
  });

  it('survives 20,000 unclosed brackets', () => {
    const unclosed = problems('javascript', `x = ${'['.repeat(20_000)}`);
    expect(unclosed).toHaveLength(1);
    expect(unclosed[0]?.message).toBe(`unexpected \`x = ${'['.repeat(26)}…\``);
    expect(problems('python', `x = ${'('.repeat(20_000)}1`)).toHaveLength(1);
  });

  it('walks a tree 20,000 levels deep to the one missing bracket at the bottom', () => {
    const depth = 20_000;
    const text = `x = ${'['.repeat(depth)}1${']'.repeat(depth - 1)};\n`;
    const document = openDocument('javascript', text);
    expect(findSyntaxProblems(treeOf(document))).toEqual([
      { startIndex: 4 + 2 * depth, endIndex: 4 + 2 * depth, message: 'missing `]`', missingToken: ']' },
    ]);
    // The rest of the syntax layer walks the same tree without recursing either.
    expect(document.units()).toEqual([]);
    expect(document.imports()).toEqual([]);
  });
});
