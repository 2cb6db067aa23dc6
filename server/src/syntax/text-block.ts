import type { TextDocument } from 'vscode-languageserver-textdocument';

/**
 * A block of whole lines found without a grammar: what explain, fix and generate work on in a
 * language Lantern has no parser for. `startIndex` is the first line's first non-blank character
 * (where a unit's node would start), `endIndex` the end of the last line.
 */
export interface TextBlock {
  readonly startIndex: number;
  readonly endIndex: number;
  /** 0-based lines. */
  readonly startLine: number;
  readonly endLine: number;
  /** How it was found: the selection, matching braces, indentation, or the paragraph (blank lines). */
  readonly how: 'selection' | 'braces' | 'indentation' | 'paragraph';
  /** Its first line, trimmed: how the user recognises it. */
  readonly firstLine: string;
  /** "the block at lines 4–9", for prompts and messages. */
  readonly description: string;
}

// A block shorter than this (a header and a line) says little on its own: the enclosing one is taken.
const MIN_BLOCK_LINES = 3;
/** Longest block (or selection) Lantern sends as one; a larger enclosing block gives way to a paragraph. */
export const MAX_BLOCK_LINES = 60;
export const MAX_SELECTION_LINES = 200;
// Only this many lines each side of the cursor are read: a hover costs the same in any size of file.
const SCAN_LINES = 400;
const TAB_WIDTH = 4;

// Line comments by language family (LSP languageIds); other languages get `//`, `/* */` and a `#` that
// starts a line (a C preprocessor line, a shebang).
const HASH_COMMENTS = new Set([
  'shellscript', 'sh', 'bash', 'zsh', 'fish', 'ruby', 'perl', 'r', 'yaml', 'toml', 'makefile',
  'dockerfile', 'elixir', 'nim', 'powershell', 'coffeescript', 'julia', 'tcl', 'cmake', 'crystal',
  'awk', 'gdscript', 'nix', 'graphql', 'terraform', 'hcl',
]); // biome-ignore format: a word list
const DASH_COMMENTS = new Set(['lua', 'haskell', 'sql', 'elm', 'ada', 'purescript', 'vhdl', 'idris', 'agda']);
const SEMICOLON_COMMENTS = new Set(['clojure', 'scheme', 'lisp', 'commonlisp', 'racket', 'elisp', 'ini']);
const PERCENT_COMMENTS = new Set(['erlang', 'latex', 'tex', 'matlab', 'prolog']);

/** The line-comment marker of a language (`#`, `--`, `;`, `%`), or undefined for the C family's `//`. */
export function lineCommentOf(languageId: string): string | undefined {
  const id = languageId.toLowerCase();
  if (HASH_COMMENTS.has(id)) return '#';
  if (DASH_COMMENTS.has(id)) return '--';
  if (SEMICOLON_COMMENTS.has(id)) return ';';
  if (PERCENT_COMMENTS.has(id)) return '%';
  return undefined;
}

// A line at the header's indentation that ends the block rather than starting the next statement.
const CLOSER =
  /^(?:[}\])]|end\b|fi\b|done\b|esac\b|until\b|endif\b|endfunction\b|endwhile\b|endfor\b|wend\b|loop\b)/i;

interface Span {
  readonly from: number;
  readonly to: number;
  readonly how: TextBlock['how'];
}

/**
 * The block around `offset` in a text Lantern cannot parse: the selection's whole lines when there is
 * one; else the innermost enclosing block of at least three lines (a header, its body and its closing
 * line) found by brace matching — strings and comments skipped by heuristics — or by indentation; a
 * block longer than MAX_BLOCK_LINES gives way to the paragraph (lines between blank ones) around the
 * cursor, cut to that size. Undefined on an empty document.
 */
export function blockAt(
  document: TextDocument,
  offset: number,
  selection?: { readonly start: number; readonly end: number },
): TextBlock | undefined {
  if (selection && selection.end > selection.start) {
    const first = document.positionAt(selection.start).line;
    const end = document.positionAt(selection.end);
    const last = end.character === 0 && end.line > first ? end.line - 1 : end.line;
    return toBlock(document, {
      from: first,
      to: Math.min(last, first + MAX_SELECTION_LINES - 1),
      how: 'selection',
    });
  }
  const line = document.positionAt(offset).line;
  const windowStart = Math.max(0, line - SCAN_LINES);
  const windowEnd = Math.min(document.lineCount, line + SCAN_LINES + 1);
  const lines = document
    .getText({ start: { line: windowStart, character: 0 }, end: { line: windowEnd, character: 0 } })
    .split('\n');
  if (lines.at(-1) === '' && windowEnd < document.lineCount) lines.pop();
  const cursor = line - windowStart;
  const anchor = nonBlankNear(lines, cursor);
  if (anchor === undefined) return undefined;
  const candidates = [
    ...braceBlocks(lines, cursor, document.languageId),
    ...indentationBlocks(lines, anchor),
  ].filter((span) => span.to - span.from + 1 <= MAX_BLOCK_LINES);
  candidates.sort((a, b) => a.to - a.from - (b.to - b.from));
  const chosen =
    candidates.find((span) => span.to - span.from + 1 >= MIN_BLOCK_LINES) ??
    candidates.at(-1) ??
    paragraph(lines, anchor);
  return toBlock(document, { ...chosen, from: chosen.from + windowStart, to: chosen.to + windowStart });
}

function toBlock(document: TextDocument, span: Span): TextBlock {
  const firstText = lineText(document, span.from);
  const startIndex = document.offsetAt({
    line: span.from,
    character: firstText.length - firstText.trimStart().length,
  });
  const lastText = lineText(document, span.to);
  const endIndex = document.offsetAt({ line: span.to, character: lastText.replace(/\r$/, '').length });
  const lines = span.from === span.to ? `line ${span.from + 1}` : `lines ${span.from + 1}–${span.to + 1}`;
  const noun = span.how === 'selection' ? 'the selected code' : 'the block';
  return {
    startIndex,
    endIndex,
    startLine: span.from,
    endLine: span.to,
    how: span.how,
    firstLine: firstText.trim(),
    description: `${noun} at ${lines}`,
  };
}

function lineText(document: TextDocument, line: number): string {
  return document
    .getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } })
    .replace(/\n$/, '');
}

function nonBlankNear(lines: readonly string[], cursor: number): number | undefined {
  for (let at = cursor; at >= 0; at--) if (lines[at]?.trim()) return at;
  for (let at = cursor + 1; at < lines.length; at++) if (lines[at]?.trim()) return at;
  return undefined;
}

function indentOf(line: string): number {
  let width = 0;
  for (const char of line) {
    if (char === ' ') width++;
    else if (char === '\t') width += TAB_WIDTH - (width % TAB_WIDTH);
    else break;
  }
  return width;
}

const isBlank = (line: string | undefined) => line === undefined || line.trim() === '';

/**
 * The blocks enclosing `anchor` by indentation, innermost first: a header line, the more indented
 * lines after it (blank ones inside kept), and a closing line (`end`, `}`, `fi` …) at the header's
 * indentation.
 */
function indentationBlocks(lines: readonly string[], at: number): Span[] {
  const blocks: Span[] = [];
  // On a closing line (`end`, `}`), the block is the one it closes.
  const above = previousNonBlank(lines, at);
  const closes =
    CLOSER.test((lines[at] ?? '').trim()) &&
    above !== undefined &&
    indentOf(lines[above] ?? '') > indentOf(lines[at] ?? '');
  const anchor = closes && above !== undefined ? above : at;
  let header: number | undefined = anchor;
  const next = nextNonBlank(lines, anchor);
  if (next === undefined || indentOf(lines[next] ?? '') <= indentOf(lines[anchor] ?? ''))
    header = headerAbove(lines, anchor);
  while (header !== undefined) {
    const indent = indentOf(lines[header] ?? '');
    let end = header;
    for (let at = header + 1; at < lines.length; at++) {
      const text = lines[at];
      if (isBlank(text)) continue;
      if (indentOf(text ?? '') > indent) end = at;
      else {
        if (indentOf(text ?? '') === indent && CLOSER.test((text ?? '').trim())) end = at;
        break;
      }
    }
    if (end > header) blocks.push({ from: withHeader(lines, header), to: end, how: 'indentation' });
    header = headerAbove(lines, header);
  }
  return blocks;
}

function previousNonBlank(lines: readonly string[], from: number): number | undefined {
  for (let at = from - 1; at >= 0; at--) if (!isBlank(lines[at])) return at;
  return undefined;
}

// A `{` alone on its line (Allman style) belongs to the header above it.
function withHeader(lines: readonly string[], line: number): number {
  if ((lines[line] ?? '').trim() !== '{') return line;
  return previousNonBlank(lines, line) ?? line;
}

function nextNonBlank(lines: readonly string[], from: number): number | undefined {
  for (let at = from + 1; at < lines.length; at++) if (!isBlank(lines[at])) return at;
  return undefined;
}

// The nearest line above that is less indented (not blank, not a closing line).
function headerAbove(lines: readonly string[], line: number): number | undefined {
  const indent = indentOf(lines[line] ?? '');
  if (indent === 0) return undefined;
  for (let at = line - 1; at >= 0; at--) {
    const text = lines[at] ?? '';
    if (isBlank(text) || indentOf(text) >= indent) continue;
    if (CLOSER.test(text.trim())) continue;
    return at;
  }
  return undefined;
}

/** The lines between blank ones around `anchor`, at most MAX_BLOCK_LINES centred on it. */
function paragraph(lines: readonly string[], anchor: number): Span {
  const half = Math.floor(MAX_BLOCK_LINES / 2);
  let from = anchor;
  while (from > 0 && !isBlank(lines[from - 1]) && anchor - from < half) from--;
  let to = anchor;
  while (to + 1 < lines.length && !isBlank(lines[to + 1]) && to - from + 1 < MAX_BLOCK_LINES) to++;
  return { from, to, how: 'paragraph' };
}

/**
 * The multi-line `{ … }` pairs enclosing the cursor's line, innermost first, as whole lines: from the
 * line of `{` (or the header above a `{` alone on its line) to the line of `}`.
 */
function braceBlocks(lines: readonly string[], cursor: number, languageId: string): Span[] {
  const pairs: { open: number; close: number }[] = [];
  const stack: number[] = [];
  scanBraces(lines, languageId, (char, line) => {
    if (char === '{') stack.push(line);
    else {
      const open = stack.pop();
      if (open !== undefined && open < line && open <= cursor && cursor <= line)
        pairs.push({ open, close: line });
    }
  });
  pairs.sort((a, b) => b.open - a.open || a.close - b.close);
  return pairs.map(({ open, close }) => ({
    from: withHeader(lines, open),
    to: close,
    how: 'braces' as const,
  }));
}

/** Calls `onBrace` for every `{` and `}` outside strings and comments (heuristically: see lineCommentOf). */
function scanBraces(
  lines: readonly string[],
  languageId: string,
  onBrace: (char: '{' | '}', line: number) => void,
): void {
  const lineComment = lineCommentOf(languageId);
  let inBlockComment = false;
  for (let row = 0; row < lines.length; row++) {
    const text = lines[row] ?? '';
    let at = 0;
    if (!lineComment && text.trimStart().startsWith('#') && !inBlockComment) continue;
    while (at < text.length) {
      if (inBlockComment) {
        const end = text.indexOf('*/', at);
        if (end === -1) break;
        inBlockComment = false;
        at = end + 2;
        continue;
      }
      const char = text[at] as string;
      if (lineComment === undefined && text.startsWith('//', at)) break;
      if (lineComment === undefined && text.startsWith('/*', at)) {
        inBlockComment = true;
        at += 2;
        continue;
      }
      if (lineComment !== undefined && text.startsWith(lineComment, at)) {
        // `$#` and `${#list}` in shells are not comments: a `#` comment starts a line or follows a space.
        const before = text[at - 1];
        if (lineComment !== '#' || before === undefined || /\s/.test(before)) break;
      }
      if (char === '"' || char === "'" || char === '`') {
        // A quote with no partner on its line is prose (`it's`, Haskell's `x'`), not a string.
        const close = closingQuote(text, at);
        if (close !== -1) {
          at = close + 1;
          continue;
        }
      }
      if (char === '{' || char === '}') onBrace(char, row);
      at++;
    }
  }
}

function closingQuote(text: string, open: number): number {
  const quote = text[open];
  for (let at = open + 1; at < text.length; at++) {
    if (text[at] === '\\') at++;
    else if (text[at] === quote) return at;
  }
  return -1;
}
