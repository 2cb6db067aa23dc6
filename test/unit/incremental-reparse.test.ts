import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LanguageName } from '../../server/src/syntax/languages.js';
import { openDocument, testRegistry, treeOf } from '../support/syntax-documents.js';

/** A few lines per language; line 4 is `return 2` in the second function. */
const SAMPLES: readonly [LanguageName, string][] = [
  ['typescript', 'function a(): number {\n  return 1;\n}\nfunction b(): number {\n  return 2;\n}\n'],
  ['tsx', 'function A() {\n  return <b>1</b>;\n}\nfunction b() {\n  return 2;\n}\n'],
  ['javascript', 'function a() {\n  return 1;\n}\nfunction b() {\n  return 2;\n}\n'],
  ['python', 'def a():\n    return 1\n\ndef b():\n    return 2\n'],
];

/** One keystroke: `return 2` becomes `return 20`. */
function typeZero(text: string) {
  const at = { line: 4, character: (text.split('\n')[4] ?? '').indexOf('2') + 1 };
  return { range: { start: at, end: at }, text: '0' };
}

/** Spies on the parser the registry hands out for `language`, which every document of it uses. */
function spyOnParse(language: LanguageName) {
  return vi.spyOn(testRegistry().get(language).parser, 'parse');
}

describe('a document change reparses incrementally', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it.each(SAMPLES)('%s: one parse, given the old tree with the edit applied', (language, text) => {
    const document = openDocument(language, text);
    const before = treeOf(document);
    const parse = spyOnParse(language);
    document.applyChanges([typeZero(text)], 2);
    expect(parse).toHaveBeenCalledTimes(1);
    expect(parse.mock.calls[0]?.[1]).toBe(before);
    // tree.edit marked what changed, so tree-sitter reuses the rest of the old tree.
    expect(before.rootNode.hasChanges).toBe(true);
    expect(treeOf(document)).not.toBe(before);
    expect(treeOf(document).rootNode.hasError).toBe(false);
    expect(document.text).toContain('return 20');
  });

  it('several ranges in one didChange still parse once, incrementally', () => {
    const [language, text] = SAMPLES[0] as [LanguageName, string];
    const document = openDocument(language, text);
    const before = treeOf(document);
    const parse = spyOnParse(language);
    const atStart = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    document.applyChanges([typeZero(text), { range: atStart, text: '// note\n' }], 2);
    expect(parse).toHaveBeenCalledTimes(1);
    expect(parse.mock.calls[0]?.[1]).toBe(before);
    expect(document.text.startsWith('// note\nfunction a()')).toBe(true);
  });

  it('a change that replaces the whole text parses afresh: the old tree says nothing about it', () => {
    const [language, text] = SAMPLES[3] as [LanguageName, string];
    const document = openDocument(language, text);
    const parse = spyOnParse(language);
    document.applyChanges([{ text: 'def c():\n    pass\n' }], 2);
    expect(parse).toHaveBeenCalledTimes(1);
    expect(parse.mock.calls[0]?.[1]).toBeUndefined();
  });
});
