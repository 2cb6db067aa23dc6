import { unitAt } from '../../syntax/code-units.js';
import type { SyntaxDocument } from '../../syntax/syntax-document.js';
import { blockAt, lineCommentOf } from '../../syntax/text-block.js';

/** Where generated code goes, and what it replaces (a selection), in document offsets. */
export interface Placement {
  readonly start: number;
  readonly end: number;
  /** Indentation of every generated line. */
  readonly indent: string;
  /** 0-based line of the insertion point. */
  readonly line: number;
  /** "at the top level", "inside class `Cart`", … for the prompt. */
  readonly where: string;
}

/** An instruction written in a comment at the cursor: `// TODO: …`, `# implement: …`, or any comment. */
export interface CommentInstruction {
  readonly text: string;
  /** Offset just after the comment block's last line (its line break included). */
  readonly endOfBlock: number;
  readonly indent: string;
  /**
   * With the cursor on the blank line right under the comment: the end of that line's text. The code
   * then takes that line (it goes where the cursor is) instead of going in above it.
   */
  readonly blankLineEnd?: number;
}

const COMMENT_LINE = /^([ \t]*)(?:\/\/+|#+)\s?(.*)$/;
// Without a grammar the language's own marker counts too (`-- TODO: …` in Lua, `; …` in Lisp): never
// for TypeScript or Python, where a line starting `--` is a decrement.
const commentLineOf = (document: SyntaxDocument): RegExp => {
  const marker = document.language ? undefined : lineCommentOf(document.languageId);
  if (!marker || marker === '#') return COMMENT_LINE;
  return new RegExp(`^([ \\t]*)(?:\\/\\/+|${marker === '--' ? '-{2,}' : `${marker}+`})\\s?(.*)$`);
};
const MARKER = /^(?:TODO|FIXME|implement|generate)\s*:?\s*/i;

/**
 * The comment block around the cursor's line, as an instruction, if the line is a comment or the blank
 * line right under one (where the cursor lands after typing the comment and pressing Enter).
 */
export function commentInstruction(document: SyntaxDocument, offset: number): CommentInstruction | undefined {
  const lines = document.text.split('\n');
  const commentLine = commentLineOf(document);
  let cursorLine = document.textDocument.positionAt(offset).line;
  let blankLineEnd: number | undefined;
  const current = lines[cursorLine] ?? '';
  if (current.trim() === '' && cursorLine > 0 && commentLine.test(lines[cursorLine - 1] ?? '')) {
    blankLineEnd = document.textDocument.offsetAt({ line: cursorLine, character: current.length });
    cursorLine--;
  }
  if (!commentLine.test(lines[cursorLine] ?? '')) return undefined;
  let first = cursorLine;
  while (first > 0 && commentLine.test(lines[first - 1] ?? '')) first--;
  let last = cursorLine;
  while (last + 1 < lines.length && commentLine.test(lines[last + 1] ?? '')) last++;
  const parts = lines.slice(first, last + 1).map((line) => (commentLine.exec(line)?.[2] ?? '').trim());
  const text = parts.join(' ').replace(MARKER, '').trim();
  if (text === '') return undefined;
  const indent = commentLine.exec(lines[first] ?? '')?.[1] ?? '';
  // The start of the line after the block (the end of the text when the block is the last line).
  const endOfBlock = document.textDocument.offsetAt({ line: last + 1, character: 0 });
  return { text, endOfBlock, indent, ...(blankLineEnd === undefined ? {} : { blankLineEnd }) };
}

/**
 * Where to put generated code: over a selection (whole lines); after a comment block that holds the
 * instruction; on a blank line, at the indentation the code around it implies; else after the line.
 */
export function placementFor(
  document: SyntaxDocument,
  offset: number,
  selection: { start: number; end: number } | undefined,
  comment: CommentInstruction | undefined,
): Placement {
  const text = document.textDocument;
  const lines = document.text.split('\n');
  const where = describeWhere(document, offset);
  if (selection && selection.end > selection.start) {
    const startLine = text.positionAt(selection.start).line;
    const endPosition = text.positionAt(selection.end);
    const endLine =
      endPosition.character === 0 && endPosition.line > startLine ? endPosition.line - 1 : endPosition.line;
    const start = text.offsetAt({ line: startLine, character: 0 });
    const end = text.offsetAt({ line: endLine, character: lines[endLine]?.length ?? 0 });
    return { start, end, indent: indentOf(lines[startLine] ?? ''), line: startLine, where };
  }
  if (comment) {
    const line = text.positionAt(comment.endOfBlock).line;
    const end = comment.blankLineEnd ?? comment.endOfBlock;
    return { start: comment.endOfBlock, end, indent: comment.indent, line, where };
  }
  const line = text.positionAt(offset).line;
  const current = lines[line] ?? '';
  if (current.trim() === '') {
    const start = text.offsetAt({ line, character: 0 });
    return {
      start,
      end: start + current.length,
      indent: blankLineIndent(document, lines, line, offset),
      line,
      where,
    };
  }
  const start = text.offsetAt({ line: line + 1, character: 0 });
  const atEnd = line + 1 >= lines.length;
  return {
    start: atEnd ? document.text.length : start,
    end: atEnd ? document.text.length : start,
    indent: indentOf(current),
    line: line + 1,
    where,
  };
}

/** The text that puts `indented` (code at the placement's indentation) there, joined to its neighbours by line breaks. */
export function insertionText(document: SyntaxDocument, placement: Placement, indented: string): string {
  const replacing = placement.end > placement.start;
  if (replacing) return indented;
  const atEndWithoutNewline =
    document.text !== '' && placement.start === document.text.length && !document.text.endsWith('\n');
  return atEndWithoutNewline ? `\n${indented}\n` : `${indented}\n`;
}

function blankLineIndent(
  document: SyntaxDocument,
  lines: readonly string[],
  line: number,
  offset: number,
): string {
  // Python has no closing brace to show that a body has ended: an empty line outside every unit is the
  // top level (as the prompt says), not the body of the function above. An indented blank line (the
  // editor's auto-indent) still continues that body.
  if (
    document.language?.spec.name === 'python' &&
    lines[line]?.replace(/\r$/, '') === '' &&
    !unitAt(document.units(), offset)
  )
    return '';
  for (let above = line - 1; above >= 0; above--) {
    const text = lines[above] ?? '';
    if (text.trim() === '') continue;
    const indent = indentOf(text);
    // After `def f():` or `{`, the code belongs one level deeper.
    if (/[:{]\s*$/.test(text)) return indent + (indent.includes('\t') ? '\t' : '    ');
    return indent;
  }
  return '';
}

function indentOf(line: string): string {
  return /^[ \t]*/.exec(line)?.[0] ?? '';
}

function describeWhere(document: SyntaxDocument, offset: number): string {
  if (!document.language) {
    // No grammar: where the cursor is, as far as the block finder can tell.
    const block = blockAt(document.textDocument, offset);
    const line = document.textDocument.positionAt(offset).line;
    if (!block || block.how === 'paragraph' || line === block.startLine) return 'where the cursor is';
    return `inside ${block.description}, which starts \`${block.firstLine.slice(0, 80)}\``;
  }
  const unit = unitAt(document.units(), offset);
  if (!unit) return 'at the top level of the file';
  return unit.kind === 'class' || unit.kind === 'interface'
    ? `inside ${unit.kind} \`${unit.name}\` (a member)`
    : `inside the body of ${unit.kind} \`${unit.name}\``;
}
