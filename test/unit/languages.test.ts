import { describe, expect, it } from 'vitest';
import { GrammarRegistry } from '../../server/src/syntax/grammar-registry.js';
import {
  allLanguages,
  LANGUAGE_NAMES,
  type LanguageName,
  languageFor,
  languageSpec,
} from '../../server/src/syntax/languages.js';

describe('languageFor', () => {
  it('chooses by languageId first, whatever the extension says', () => {
    expect(languageFor('python', 'file:///w/script.ts')?.name).toBe('python');
    expect(languageFor('typescript', 'file:///w/a.py')?.name).toBe('typescript');
    expect(languageFor('typescriptreact', 'file:///w/a.js')?.name).toBe('tsx');
    expect(languageFor('javascriptreact', 'file:///w/a.py')?.name).toBe('javascript');
    expect(languageFor('javascript', 'untitled:Untitled-1')?.name).toBe('javascript');
  });

  it.each([
    ['.ts', 'typescript'],
    ['.mts', 'typescript'],
    ['.cts', 'typescript'],
    ['.tsx', 'tsx'],
    ['.js', 'javascript'],
    ['.mjs', 'javascript'],
    ['.cjs', 'javascript'],
    ['.jsx', 'javascript'],
    ['.py', 'python'],
    ['.pyi', 'python'],
  ])('falls back to the extension %s → %s for a generic languageId', (extension, language) => {
    expect(languageFor('plaintext', `file:///w/dir.d/name${extension}`)?.name).toBe(language);
    expect(languageFor('', `file:///w/name${extension}`)?.name).toBe(language);
  });

  it('ignores case, query and fragment when reading the extension', () => {
    expect(languageFor('plaintext', 'file:///w/SHOUT.TS')?.name).toBe('typescript');
    expect(languageFor('plaintext', 'file:///w/a.py?version=2#L10')?.name).toBe('python');
  });

  it('returns undefined for an unknown languageId and extension', () => {
    expect(languageFor('elixir', 'file:///w/main.ex')).toBeUndefined();
    expect(languageFor('plaintext', 'file:///w/README')).toBeUndefined();
    expect(languageFor('plaintext', 'file:///w/archive.ts.gz')).toBeUndefined();
    // A dot in a folder name is no extension.
    expect(languageFor('plaintext', 'file:///w/v1.py/notes')).toBeUndefined();
  });
});

/** A valid program of the languages where a lone `x` is not one. */
const SMALLEST_PROGRAMS: Partial<Record<LanguageName, string>> = {
  go: 'package p',
  rust: 'fn x() {}',
  java: 'class X {}',
  c: 'int x;',
  cpp: 'int x;',
  csharp: 'class X {}',
};

describe('language specs and the grammar registry', () => {
  it('loads every grammar and compiles every query of every language', () => {
    const registry = new GrammarRegistry();
    for (const spec of allLanguages()) {
      const loaded = registry.get(spec.name);
      expect(loaded.spec).toBe(languageSpec(spec.name));
      for (const query of ['units', 'imports', 'calls'] as const) {
        // A query that does not fit its grammar's node types throws here, at compile time.
        expect(() => loaded.query(query), `${spec.name}/${query}`).not.toThrow();
      }
      expect(loaded.parser.parse(SMALLEST_PROGRAMS[spec.name] ?? 'x').rootNode.hasError, spec.name).toBe(
        false,
      );
    }
    expect(registry.loadedNames().sort()).toEqual([...LANGUAGE_NAMES].sort());
  });

  it('loads a grammar once and only when asked for', () => {
    const registry = new GrammarRegistry();
    expect(registry.loadedNames()).toEqual([]);
    const first = registry.get('python');
    expect(registry.get('python')).toBe(first);
    expect(first.query('units')).toBe(first.query('units'));
    expect(registry.loadedNames()).toEqual(['python']);
  });

  it('parses TSX with the TSX grammar, where plain TypeScript would fail', () => {
    const registry = new GrammarRegistry();
    const source = 'const el = <div className="x">{value}</div>;\n';
    expect(registry.get('tsx').parser.parse(source).rootNode.hasError).toBe(false);
    expect(registry.get('typescript').parser.parse(source).rootNode.hasError).toBe(true);
  });
});
