import * as fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import type { LanguageName } from '../../server/src/syntax/languages.js';
import type { SyntaxDocument } from '../../server/src/syntax/syntax-document.js';
import { findSyntaxProblems } from '../../server/src/syntax/syntax-errors.js';
import { openDocument, testRegistry, treeOf } from '../support/syntax-documents.js';

// Valid TypeScript (tsc 5 parses each without a diagnostic) that tree-sitter-typescript 0.23.2 rejects.
const VARIANCE = `export interface HashMap<out Key, out Value> extends Iterable<[Key, Value]> {
  readonly size: number
}
export interface Cache<in out Key, in Value = never, out A extends string = string> {
  get(key: Key): A
}
export type Fn<in A, out B> = (a: A) => B
export class Box<const T, in out U> {
  value(): T { return undefined as T }
}
export interface Multi<
  out Name extends string,
  in out Groups extends string = never,
> {
  name: Name
}
export function after(): number { return 1 }
`;

const DUAL = `export const map: {
  /**
   * Data-last.
   */
  <A, B>(f: (a: A) => B): (self: ReadonlyArray<A>) => Array<B>
  // data-first
  <A, B>(self: ReadonlyArray<A>, f: (a: A) => B): Array<B>
  <
    A,
    B
  >(self: Iterable<A>, f: (a: A) => B): Array<B>
} = dual(
  2,
  <A, B>(self: ReadonlyArray<A>, f: (a: A) => B): Array<B> => self.map(f)
)
interface Parameter {
  name: string
  in: "query" | "header"
  required: boolean
}
export function after(): number { return 1 }
`;

const TEMPLATE_TYPE_ESCAPES_AND_AS = `type Missing<P extends string> = \`Missing \\\`Self\\\` - use \\\`\${P}\\\`\`
function later() {
  let as = [1].length === 0
    ? 1
    : 2
  return as
}
`;

function problemsOf(document: SyntaxDocument) {
  return findSyntaxProblems(treeOf(document)).map((problem) => ({
    message: problem.message,
    at: document.text.slice(problem.startIndex, problem.startIndex + 30),
  }));
}

function topLevelNames(document: SyntaxDocument): string[] {
  return document
    .units()
    .filter((unit) => unit.parentIndex === undefined)
    .map((unit) => unit.name);
}

const LANGUAGES: LanguageName[] = ['typescript', 'tsx'];

describe.each(LANGUAGES)('%s: syntax tsc accepts and tree-sitter-typescript 0.23.2 does not', (language) => {
  it('variance annotations (in, out, in out) and const on type parameters parse clean', () => {
    const document = openDocument(language, VARIANCE);
    expect(problemsOf(document)).toEqual([]);
    expect(topLevelNames(document)).toEqual(['HashMap', 'Cache', 'Fn', 'Box', 'Multi', 'after']);
  });

  it('newline-separated generic call signatures and an `in` member parse clean', () => {
    const document = openDocument(language, DUAL);
    expect(problemsOf(document)).toEqual([]);
    expect(topLevelNames(document)).toEqual(['map', 'Parameter', 'after']);
  });

  it('escapes in template literal types and a variable named `as` parse clean', () => {
    const document = openDocument(language, TEMPLATE_TYPE_ESCAPES_AND_AS);
    expect(problemsOf(document)).toEqual([]);
    expect(topLevelNames(document)).toEqual(['Missing', 'later']);
    expect(treeOf(document).rootNode.text).toBe(TEMPLATE_TYPE_ESCAPES_AND_AS);
  });

  it('opening a file in the dual style costs one parse: the rewrites are applied before it', () => {
    const parse = vi.spyOn(testRegistry().get(language).parser, 'parse');
    try {
      const document = openDocument(language, DUAL);
      expect(problemsOf(document)).toEqual([]);
      expect(parse).toHaveBeenCalledTimes(1);
    } finally {
      parse.mockRestore();
    }
  });

  it('node text is the document text, not the view the parser was given', () => {
    const document = openDocument(language, VARIANCE);
    const hashMap = document.units()[0];
    expect(hashMap?.signature).toContain('HashMap<out Key, out Value>');
    expect(treeOf(document).rootNode.text).toBe(VARIANCE);
  });

  it('stays clean through edits, and a real error near a rewritten construct is still reported', () => {
    const document = openDocument(language, VARIANCE);
    const line = 0;
    const character = VARIANCE.indexOf('out Key') + 'out'.length;
    const at = { line, character };
    // `out Key` → `outt Key`: no longer a variance annotation, and tsc rejects it too.
    document.applyChanges([{ range: { start: at, end: at }, text: 't' }], 2);
    expect(problemsOf(document).length).toBeGreaterThan(0);
    // Back to `out Key`: clean again.
    document.applyChanges([{ range: { start: at, end: { line, character: character + 1 } }, text: '' }], 3);
    expect(problemsOf(document)).toEqual([]);
    expect(document.text).toBe(VARIANCE);
  });

  it('typing a new dual-style signature keeps the file clean', () => {
    const document = openDocument(language, DUAL);
    const line = DUAL.split('\n').findIndex((text) => text.startsWith('} = dual'));
    const at = { line, character: 0 };
    document.applyChanges([{ range: { start: at, end: at }, text: '  <A>(self: A): A\n' }], 2);
    expect(problemsOf(document)).toEqual([]);
  });

  it('a modifier-like word where tsc rejects it is still an error', () => {
    for (const text of [
      'f(a, out b)\n',
      'interface X<outt K> {}\n',
      'const a = [1, in b]\n',
      'const m: {\n  <A>(a: A): B\n  <A>(a: A, b: B): \n} = x\n',
    ]) {
      expect(problemsOf(openDocument(language, text)), text).not.toEqual([]);
    }
  });
});

describe.each(LANGUAGES)('%s: where no rewrite applies, the grammar gap is not reported', (language) => {
  it('a tagged template with an object type argument', () => {
    const text = `const rows = sql<{ count: number }>\`SELECT COUNT(*) FROM \${table}\`.pipe(first)\n`;
    expect(problemsOf(openDocument(language, text))).toEqual([]);
    const yielded = 'function* rows() {\n  return yield* sql<{ id: string }>`SELECT id`.pipe(first)\n}\n';
    expect(problemsOf(openDocument(language, yielded))).toEqual([]);
  });

  it('generic call signatures at the start of a line, with no indentation to turn into `;`', () => {
    const text = 'const m: {\n<A>(a: A): B\n<A>(a: A, b: B): C\n} = x\n';
    expect(problemsOf(openDocument(language, text))).toEqual([]);
  });

  it('a real error beside such a construct is still reported', () => {
    const text =
      'const rows = sql<{ count: number }>`SELECT 1`\nfunction broken(a: number {\n  return a\n}\n';
    expect(problemsOf(openDocument(language, text))).toEqual([
      { message: 'missing `)`', at: ' {\n  return a\n}\n' },
    ]);
  });
});

describe('tsx', () => {
  it('opening nested JSX costs one parse: an element on a line of its own is no member to separate', () => {
    const text = `export function Card({ title }: { title: string }) {
  return (
    <div>
      <span>{title}</span>
      <Button<string> onClick={() => go(title)} />
    </div>
  )
}
`;
    const parse = vi.spyOn(testRegistry().get('tsx').parser, 'parse');
    try {
      expect(problemsOf(openDocument('tsx', text))).toEqual([]);
      expect(parse).toHaveBeenCalledTimes(1);
    } finally {
      parse.mockRestore();
    }
  });
});

describe('the outline holds what tsc declares at the top level', () => {
  it('a generator handed to a wrapper and bound to a name is a function unit', () => {
    const WRAPPED_GENERATORS = `export const fromDotEnv = Effect.fnUntraced(function*(path: string) {
  return yield* read(path)
})
export const make = fnUntraced(function*<K>(key: K) {
  return key
})
`;
    const document = openDocument('typescript', WRAPPED_GENERATORS);
    expect(topLevelNames(document)).toEqual(['fromDotEnv', 'make']);
  });
});

describe('through random edits', () => {
  const ORIGINAL = `${VARIANCE}${DUAL.replaceAll('after', 'later')}`;
  const positionAt = (text: string, offset: number) => {
    const before = text.slice(0, offset);
    const line = before.split('\n').length - 1;
    return { line, character: offset - (before.lastIndexOf('\n') + 1) };
  };

  it('an edit undone leaves the file clean again, and nodes always read the document text', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            offset: fc.nat(ORIGINAL.length - 1),
            removed: fc.nat(3),
            inserted: fc.constantFrom('', 'x', ' ', '\n', '<', ',', 'out ', '{', '/*', '`', ';'),
          }),
          { minLength: 1, maxLength: 4 },
        ),
        (edits) => {
          const document = openDocument('typescript', ORIGINAL);
          let version = 1;
          const undo: { offset: number; length: number; text: string }[] = [];
          for (const edit of edits) {
            const text = document.text;
            const offset = Math.min(edit.offset, text.length);
            const end = Math.min(offset + edit.removed, text.length);
            const range = { start: positionAt(text, offset), end: positionAt(text, end) };
            document.applyChanges([{ range, text: edit.inserted }], ++version);
            const root = treeOf(document).rootNode;
            expect(root.text).toBe(document.text.slice(root.startIndex, root.endIndex));
            undo.unshift({ offset, length: edit.inserted.length, text: text.slice(offset, end) });
          }
          for (const step of undo) {
            const text = document.text;
            const range = {
              start: positionAt(text, step.offset),
              end: positionAt(text, step.offset + step.length),
            };
            document.applyChanges([{ range, text: step.text }], ++version);
          }
          expect(document.text).toBe(ORIGINAL);
          expect(problemsOf(document)).toEqual([]);
        },
      ),
      { numRuns: 150 },
    );
  });
});
