import type Parser from 'tree-sitter';
import { bodyOf } from '../../syntax/code-units.js';

const STRING_TYPES = ['string', 'template_string'];

/**
 * The lines of text[start, end) that begin inside a string or template literal (the line a string
 * opens on is not one of them): their leading whitespace is part of the string's value, so
 * re-indenting must leave them as they are. Line numbers count from the line `start` is on.
 */
export function linesInsideStrings(root: Parser.SyntaxNode, start: number, end: number): Set<number> {
  const lines = new Set<number>();
  const first = root.text.slice(0, start - root.startIndex).split('\n').length - 1 + root.startPosition.row;
  for (const node of root.descendantsOfType(STRING_TYPES)) {
    if (node.endIndex <= start || node.startIndex >= end) continue;
    for (let row = node.startPosition.row + 1; row <= node.endPosition.row; row++) lines.add(row - first);
  }
  return lines;
}

/**
 * The code of text[start, end) without comments or layout: its tokens, space-separated. Two texts
 * with the same signature differ only in comments and whitespace ("Before:" blocks add `# <- BUG`).
 */
export function codeSignature(root: Parser.SyntaxNode, start: number, end: number): string {
  const tokens: string[] = [];
  const cursor = root.walk();
  for (;;) {
    const node = cursor.currentNode;
    const inside = node.endIndex > start && node.startIndex < end;
    if (inside && node.type === 'comment') {
      // skipped with everything in it
    } else if (inside && cursor.gotoFirstChild()) {
      continue;
    } else if (inside) {
      tokens.push(node.text);
    }
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) return tokens.join(' ');
    }
  }
}

// Statements that do nothing: what is left of a body whose logic was deleted.
const EMPTY_STATEMENTS: Record<string, string> = {
  pass_statement: '`pass`',
  empty_statement: '`;`',
};

/**
 * How a unit's body is empty, if it is: only `pass`, `...`, a bare `return`, `{}` or comments (a
 * docstring aside). Undefined for a body with any real statement, and for units without a body.
 */
export function emptyBody(declaration: Parser.SyntaxNode): string | undefined {
  const body = bodyOf(declaration);
  if (!body || !['block', 'statement_block', 'class_body'].includes(body.type)) return undefined;
  const statements = body.namedChildren.filter((node) => node.type !== 'comment');
  const first = statements[0];
  const docstring = first?.type === 'expression_statement' && first.firstNamedChild?.type === 'string';
  if (docstring) statements.shift();
  if (statements.length === 0) {
    if (statements.length < body.namedChildren.length - (docstring ? 1 : 0)) return 'only comments';
    return docstring ? 'only its docstring' : '`{}`';
  }
  const left: string[] = [];
  for (const statement of statements) {
    const what = doNothing(statement);
    if (!what) return undefined;
    left.push(what);
  }
  return [...new Set(left)].join(', ');
}

function doNothing(statement: Parser.SyntaxNode): string | undefined {
  const known = EMPTY_STATEMENTS[statement.type];
  if (known) return known;
  if (statement.type === 'return_statement' && statement.namedChildCount === 0) return 'a bare `return`';
  if (statement.type === 'expression_statement' && statement.firstNamedChild?.type === 'ellipsis')
    return '`...`';
  return undefined;
}
