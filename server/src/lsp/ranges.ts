import type { Position, Range } from 'vscode-languageserver';
import type { SyntaxDocument } from '../syntax/syntax-document.js';

/** The LSP range of offsets into a document's text. */
export function rangeOf(document: SyntaxDocument, startIndex: number, endIndex: number): Range {
  const text = document.textDocument;
  return { start: text.positionAt(startIndex), end: text.positionAt(endIndex) };
}

/**
 * The offset of an LSP position, or undefined when the position is not in the document (a line past
 * the end). A character past the end of its line means the end of that line, as the spec says.
 */
export function offsetOf(document: SyntaxDocument, position: Position): number | undefined {
  const text = document.textDocument;
  if (position.line < 0 || position.character < 0 || position.line >= text.lineCount) return undefined;
  return text.offsetAt(position);
}
