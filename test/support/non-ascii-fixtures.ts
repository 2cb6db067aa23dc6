import type { Position } from './cursor.js';

/** A fixture whose line holds emoji, CJK text and a combining mark before a `)` the tests delete. */
export interface NonAsciiBreak {
  readonly fixture: string;
  readonly languageId: string;
  /**
   * Where the `)` is, in UTF-16 code units (LSP's default), past "😀" (2 units, 1 code point, 4 UTF-8
   * bytes), "数据" (2 units, 6 bytes) and "café" spelt with a combining accent (5 units, 4 on screen).
   */
  readonly closing: Position;
  /** The text from `closing` on, to check the fixture still reads as described. */
  readonly from: string;
}

/**
 * One `labels.*` fixture per language: deleting its `)` leaves a MISSING `)` in tree-sitter's tree, so
 * the diagnostic and the quick fix land exactly at `closing` — unless a layer counts in bytes or code points.
 */
export const NON_ASCII_BREAKS: readonly NonAsciiBreak[] = [
  // `const greeting = "😀 数据 café"; export function greet(…) { return shout(`…`); }`
  {
    fixture: 'typescript/labels.ts',
    languageId: 'typescript',
    closing: { line: 4, character: 104 },
    from: '); }',
  },
  // `const title = "😀 数据 café"; export const Banner = () => <Badge text={title} />;`
  {
    fixture: 'tsx/labels.tsx',
    languageId: 'typescriptreact',
    closing: { line: 4, character: 52 },
    from: ') =>',
  },
  // `const greeting = "😀 数据 café"; export function greet(name) { return shout(`…`); }`
  {
    fixture: 'javascript/labels.js',
    languageId: 'javascript',
    closing: { line: 4, character: 96 },
    from: '); }',
  },
  // `        print("😀 数据 café"); return self.wrap(name)`
  {
    fixture: 'python/labels.py',
    languageId: 'python',
    closing: { line: 9, character: 27 },
    from: '); return',
  },
];
