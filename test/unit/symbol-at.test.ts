import { describe, expect, it } from 'vitest';
import type { LanguageName } from '../../server/src/syntax/languages.js';
import { type SymbolTarget, symbolAt } from '../../server/src/syntax/symbol-at.js';
import { SyntaxDocument } from '../../server/src/syntax/syntax-document.js';
import { cursor } from '../support/cursor.js';
import { openDocument, testRegistry } from '../support/syntax-documents.js';

/** What the `<|>` marker in `marked` resolves to, as [kind, name, via, line of the target]. */
function resolve(language: LanguageName, marked: string) {
  const { text, position } = cursor(marked);
  const document = openDocument(language, text);
  const target: SymbolTarget | undefined = symbolAt(document, document.textDocument.offsetAt(position));
  if (!target) return undefined;
  if (target.kind === 'import') {
    return [
      'import',
      target.name,
      target.statement.source,
      document.textDocument.positionAt(target.statement.startIndex).line,
    ];
  }
  return [
    'unit',
    target.unit.name,
    target.via,
    document.textDocument.positionAt(target.unit.startIndex).line,
  ];
}

const TWO_CLASSES = [
  "import { format } from './format';",
  'class First {',
  '  render() { return 1; }',
  '  show() { return this.ren<|>der(); }',
  '}',
  'class Second {',
  '  render() { return 2; }',
  '  show() { return this.render(); }',
  '}',
  'function helper(n: number) { return n; }',
  'function main() {',
  '  const ref = helper;',
  '  return format(helper(1));',
  '}',
  '',
].join('\n');

/** TWO_CLASSES with the cursor moved to the `occurrence`-th (0-based) `needle`, `offset` characters in. */
function twoClassesAt(needle: string, occurrence: number, offset = 1): string {
  const text = TWO_CLASSES.replace('<|>', '');
  let index = -1;
  for (let i = 0; i <= occurrence; i++) index = text.indexOf(needle, index + 1);
  if (index === -1) throw new Error(`no ${needle} #${occurrence}`);
  return `${text.slice(0, index + offset)}<|>${text.slice(index + offset)}`;
}

describe('symbolAt', () => {
  it('resolves a declaration to its unit', () => {
    expect(resolve('typescript', twoClassesAt('helper(n', 0))).toEqual(['unit', 'helper', 'declaration', 9]);
    expect(resolve('typescript', twoClassesAt('render() {', 1))).toEqual([
      'unit',
      'render',
      'declaration',
      6,
    ]);
  });

  it('resolves a call of a function of the same file to its definition', () => {
    expect(resolve('typescript', twoClassesAt('helper(1)', 0, 3))).toEqual(['unit', 'helper', 'call', 9]);
    expect(resolve('typescript', twoClassesAt('helper;', 0))).toEqual(['unit', 'helper', 'reference', 9]);
  });

  it('resolves this.m() to the sibling method, not to the same name in another class', () => {
    expect(resolve('typescript', TWO_CLASSES)).toEqual(['unit', 'render', 'call', 2]);
    expect(resolve('typescript', twoClassesAt('this.render', 1, 6))).toEqual(['unit', 'render', 'call', 6]);
  });

  it('resolves self.m() in Python to the method of the same class', () => {
    const text = [
      'class A:',
      '    def step(self): return 1',
      '    def run(self): return self.step()',
      'class B:',
      '    def step(self): return 2',
      '    def run(self): return self.st<|>ep()',
      '',
    ].join('\n');
    expect(resolve('python', text)).toEqual(['unit', 'step', 'call', 4]);
  });

  it('resolves an imported name to its import statement', () => {
    expect(resolve('typescript', twoClassesAt('format(', 0, 2))).toEqual(['import', 'format', './format', 0]);
    const python = 'import numpy as np, sys\n\ndef f():\n    return np<|>.zeros(3)\n';
    expect(resolve('python', python)).toEqual(['import', 'np', 'numpy', 0]);
  });

  it('accepts a cursor right after the word', () => {
    expect(resolve('typescript', twoClassesAt('helper(1)', 0, 6))).toEqual(['unit', 'helper', 'call', 9]);
  });

  it("resolves a position in a unit's header to that unit", () => {
    expect(resolve('typescript', twoClassesAt('(n: number)', 0, 2))).toEqual([
      'unit',
      'helper',
      'declaration',
      9,
    ]);
    expect(resolve('typescript', twoClassesAt('function main', 0, 2))).toEqual([
      'unit',
      'main',
      'declaration',
      10,
    ]);
    const decorated = '@cache\ndef load(path):\n    return path\n';
    expect(resolve('python', `@ca<|>${decorated.slice(3)}`)).toEqual(['unit', 'load', 'declaration', 0]);
  });

  it('finds nothing outside any symbol or header', () => {
    expect(resolve('typescript', twoClassesAt('return n', 0, 7))).toBeUndefined(); // a parameter use in a body
    expect(resolve('typescript', twoClassesAt('{ return 1', 0, 0))).toBeUndefined(); // the body's brace
    expect(resolve('python', 'x = 1\n<|>\n')).toBeUndefined();
    expect(resolve('python', 'print(undefined_na<|>me)\n')).toBeUndefined();
  });

  it('finds nothing in a document it does not analyse', () => {
    const text = 'function f() {}\n';
    const document = new SyntaxDocument('file:///w/notes.txt', 'plaintext', 1, text, testRegistry());
    expect(document.skipReason).toBe("no grammar for language 'plaintext'");
    expect(symbolAt(document, text.indexOf('f('))).toBeUndefined();
  });
});
