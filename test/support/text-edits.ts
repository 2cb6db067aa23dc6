import type { TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { positionAt } from './cursor.js';

/**
 * The offsets of `text` where an LSP range may start or end: every code-point boundary except inside
 * a surrogate pair (an emoji is two UTF-16 units, one character) and between the `\r` and `\n` of a
 * line break (LSP has no position there: a character past the line's end means its end).
 */
export function editableOffsets(text: string): number[] {
  const offsets: number[] = [];
  for (let offset = 0; offset <= text.length; offset++) {
    const before = text.charCodeAt(offset - 1);
    const after = text.charCodeAt(offset);
    const splitsPair = isHighSurrogate(before) && isLowSurrogate(after);
    const splitsLineBreak = before === 0x0d && after === 0x0a;
    if (!splitsPair && !splitsLineBreak) offsets.push(offset);
  }
  return offsets;
}

/**
 * An edit described independently of the text it will apply to, so a generator can produce it
 * before the text exists (and shrink it): `start` picks an editable offset, `span` how many editable
 * offsets further the replaced range ends, `insert` is the new text.
 */
export interface EditSpec {
  readonly start: number;
  readonly span: number;
  readonly insert: string;
}

/** An edit applied: the LSP change event to send, the offsets it replaced, and the resulting text. */
export interface AppliedEdit {
  readonly change: TextDocumentContentChangeEvent;
  readonly start: number;
  readonly end: number;
  readonly insert: string;
  readonly after: string;
}

/**
 * Turns an edit spec into an LSP incremental change against `text` (UTF-16 positions, computed here
 * without vscode-languageserver-textdocument) and computes the resulting text by plain splicing.
 */
export function applyEditSpec(text: string, spec: EditSpec): AppliedEdit {
  const offsets = editableOffsets(text);
  const startAt = spec.start % offsets.length;
  const start = offsets[startAt] as number;
  const end = offsets[Math.min(offsets.length - 1, startAt + spec.span)] as number;
  return {
    change: { range: { start: positionAt(text, start), end: positionAt(text, end) }, text: spec.insert },
    start,
    end,
    insert: spec.insert,
    after: text.slice(0, start) + spec.insert + text.slice(end),
  };
}

/**
 * tree-sitter's point for an offset: rows end at `\n` only (a lone `\r` breaks no row, unlike in LSP),
 * columns count UTF-16 code units, as the Node binding does.
 */
export function treePointAt(text: string, offset: number): { row: number; column: number } {
  let row = 0;
  let rowStart = 0;
  for (
    let index = text.indexOf('\n');
    index !== -1 && index < offset;
    index = text.indexOf('\n', index + 1)
  ) {
    row++;
    rowStart = index + 1;
  }
  return { row, column: offset - rowStart };
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
