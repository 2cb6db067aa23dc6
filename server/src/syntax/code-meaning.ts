import type Parser from 'tree-sitter';
import { budgetedParser, ParseStopped } from './analysable.js';
import type { LoadedLanguage } from './grammar-registry.js';

/** A prompt's code is small; one that parses this slowly is garbage, and is kept as text instead. */
const MAX_PARSE_MS = 200;
const UNLIMITED_CHARS = Number.MAX_SAFE_INTEGER;

// Nodes whose every character counts: whitespace inside a string is data, and a comment is read by
// the model word for word. Children (interpolations, escapes) do not make them less exact.
const EXACT_TEXT = /string|heredoc|text_block|regex/;
const COMMENT = /comment/;

/**
 * What a piece of code says, as text that is equal for code that means the same: the syntax tree's
 * structure and tokens, so whitespace between tokens (indentation, blank lines, spacing, line ends)
 * counts only where the grammar makes it syntax — a line break that ends a statement, Python's blocks.
 * Strings are kept exactly, comments too but for the margin of their continuation lines. Used for the
 * cache key: code that reads differently to a model must not share an answer.
 */
export function codeMeaning(code: string, language: LoadedLanguage): string {
  // JavaScript and Python read a CRLF as LF, even inside template literals and triple-quoted strings.
  const text = code.replace(/\r\n?/g, '\n');
  let tree: Parser.Tree;
  try {
    tree = budgetedParser(language.parser, { maxChars: UNLIMITED_CHARS, maxParseMs: MAX_PARSE_MS }).parse(
      text,
    );
  } catch (error) {
    if (!(error instanceof ParseStopped)) throw error;
    language.parser.reset();
    return JSON.stringify(['text', exactLines(text)]);
  }
  // With an error in the tree, Python's blocks may not be in it: indentation is then kept line by line.
  const levels =
    language.spec.indentationIsSyntax && tree.rootNode.hasError ? new IndentLevels(text) : undefined;
  return JSON.stringify(treeTokens(tree, text, levels));
}

/** Code with no grammar to read it: as written, but for line ends and trailing blanks. */
export function exactLines(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => line.trimEnd())
    .join('\n');
}

function treeTokens(tree: Parser.Tree, text: string, levels: IndentLevels | undefined): string[] {
  const tokens: string[] = [];
  let lastEnd = 0;
  let lastRow = -1;
  const cursor = tree.walk();
  // A cursor, not recursion: the trees of a prompt's code may be thousands of levels deep.
  for (;;) {
    const node = cursor.currentNode;
    const leafText = tokenText(node, text);
    if (leafText !== undefined) {
      // Text no node covers would otherwise vanish from the key.
      const gap = text.slice(lastEnd, node.startIndex).trim();
      if (gap !== '') tokens.push(`?${gap}`);
      if (levels && node.startPosition.row > lastRow) tokens.push(levels.at(node.startPosition.row));
      tokens.push(leafText);
      lastEnd = Math.max(lastEnd, node.endIndex);
      lastRow = node.endPosition.row;
    } else {
      if (node.isNamed) tokens.push(`(${node.type}`);
      if (cursor.gotoFirstChild()) continue;
      if (node.isNamed) tokens.push(')');
    }
    for (;;) {
      if (cursor.gotoNextSibling()) break;
      if (!cursor.gotoParent()) {
        const rest = text.slice(lastEnd).trim();
        if (rest !== '') tokens.push(`?${rest}`);
        return tokens;
      }
      if (cursor.currentNode.isNamed) tokens.push(')');
    }
  }
}

/** A token's text, or undefined for a node read through its children. */
function tokenText(node: Parser.SyntaxNode, text: string): string | undefined {
  const raw = text.slice(node.startIndex, node.endIndex);
  if (node.isMissing) return `!${node.type}`;
  if (COMMENT.test(node.type)) return commentText(raw);
  if (node.type === 'jsx_text') return jsxText(raw);
  if (EXACT_TEXT.test(node.type) || node.childCount === 0) return raw;
  return undefined;
}

/** A comment's lines, less the indentation of the lines after its first (a margin, not a word). */
function commentText(raw: string): string {
  return raw
    .split('\n')
    .map((line, index) => (index === 0 ? line.trimEnd() : line.trim()))
    .join('\n');
}

/**
 * JSX text as React renders it: lines trimmed (the first keeps its start, the last its end), empty ones
 * dropped, the rest joined by one space. So re-indenting a component changes nothing that renders.
 */
function jsxText(raw: string): string {
  const lines = raw.split('\n');
  if (lines.length === 1) return raw;
  return lines
    .map((line, index) => {
      const start = index === 0 ? line : line.trimStart();
      return index === lines.length - 1 ? start : start.trimEnd();
    })
    .filter((line) => line !== '')
    .join(' ');
}

/**
 * Python's INDENT/DEDENT, for lines of a tree with errors: a line's indentation as a change of level
 * from the line before (`>`, `=`, `<<`), so consistent re-indenting keeps the key and a statement moved
 * into or out of a block does not.
 */
class IndentLevels {
  readonly #lines: string[];
  readonly #stack = [0];

  constructor(text: string) {
    this.#lines = text.split('\n');
  }

  at(row: number): string {
    const width = indentWidth(this.#lines[row] ?? '');
    const top = this.#stack[this.#stack.length - 1] ?? 0;
    if (width > top) {
      this.#stack.push(width);
      return '>';
    }
    let dedents = '';
    while (this.#stack.length > 1 && width < (this.#stack[this.#stack.length - 1] ?? 0)) {
      this.#stack.pop();
      dedents += '<';
    }
    // A dedent to a level never opened (Python's "unindent does not match"): kept as such.
    if (width !== this.#stack[this.#stack.length - 1]) return `${dedents}<${width}`;
    return dedents === '' ? '=' : dedents;
  }
}

/** Leading whitespace as Python's tokenizer counts it: a tab to the next multiple of 8. */
function indentWidth(line: string): number {
  let width = 0;
  for (const char of line) {
    if (char === ' ') width++;
    else if (char === '\t') width = width - (width % 8) + 8;
    else if (char === '\f') width = 0;
    else break;
  }
  return width;
}
