import type Parser from 'tree-sitter';

/** Limits on what Lantern parses; larger, binary, minified or too slow documents are tracked, not analysed. */
export interface ParseLimits {
  /** Documents longer than this (in UTF-16 code units) are not parsed: parsing 10 MB takes seconds. */
  readonly maxChars: number;
  /**
   * A parse (first or incremental) that crawls longer than this is stopped and the document left
   * unanalysed: the parser runs on the thread that answers every request. See `parseBudget`.
   */
  readonly maxParseMs: number;
}

export const DEFAULT_PARSE_LIMITS: ParseLimits = { maxChars: 2_000_000, maxParseMs: 1_000 };

/**
 * Past this size, lines this long on average are minified or generated code (a bundle, a source map):
 * its outline would be tens of thousands of one-letter names on one line, its hovers meaningless, and
 * parsing it costs seconds.
 */
const MINIFIED_MIN_CHARS = 100_000;
const MINIFIED_AVERAGE_LINE = 1_000;

/** How much of a document the binary check reads: enough to tell, cheap on a 2 MB file. */
const BINARY_SAMPLE_CHARS = 64 * 1024;
/** Source has next to none (an escape sequence here and there); decoded binary has ~10%. */
const MAX_CONTROL_SHARE = 0.01;

/** Why a document's text is not parsed at all, or undefined when it may be. */
export function whyNotAnalysed(text: string, limits: ParseLimits): string | undefined {
  if (text.length > limits.maxChars)
    return `file too large for structural analysis (${megabytes(text.length)}; limit ${megabytes(limits.maxChars)})`;
  if (text.includes('\u0000')) return 'binary content (NUL characters)';
  const sample = text.slice(0, BINARY_SAMPLE_CHARS);
  const controls = controlCharacters(sample);
  if (controls > sample.length * MAX_CONTROL_SHARE)
    return `binary content (${Math.round((100 * controls) / sample.length)}% control characters)`;
  if (text.length >= MINIFIED_MIN_CHARS) {
    const lines = Math.max(1, lineCount(text));
    const average = Math.round(text.length / lines);
    if (average > MINIFIED_AVERAGE_LINE)
      return `minified or generated code (${megabytes(text.length)} on ${lines.toLocaleString('en')} line${lines === 1 ? '' : 's'})`;
  }
  return undefined;
}

/**
 * tree-sitter calls a parse's progress callback every so many parser steps. Code costs 0.05–0.15 ms a
 * step even on a loaded machine, 1–2 MB a second; text that only error recovery gets through (1 MB of
 * garbage: 5–20 s) costs ~1 ms a step. So a parse is stopped past `maxParseMs` only if it crawls, which
 * spares a large file on a busy machine; and any parse past five times that.
 */
const CRAWLING_MS_PER_STEP = 0.5;

/** A parse stopped by its budget (see `budgetedParser`). */
export class ParseStopped extends Error {
  override readonly name = 'ParseStopped';
}

/**
 * `parser` under one budget shared by all the parses made through it (a TypeScript parse may reparse
 * a few times): a parse over budget throws ParseStopped, after which the parser must be reset.
 */
export function budgetedParser(parser: Parser, limits: ParseLimits): Pick<Parser, 'parse'> {
  const start = performance.now();
  let steps = 0;
  // tree-sitter 0.25 calls this every so many steps; true stops the parse, which then returns null.
  const progressCallback = () => {
    steps++;
    const elapsed = performance.now() - start;
    if (elapsed > 5 * limits.maxParseMs) return true;
    return elapsed > limits.maxParseMs && elapsed / steps > CRAWLING_MS_PER_STEP;
  };
  return {
    parse: (input, oldTree) => {
      const tree = parser.parse(input, oldTree, { progressCallback }) as Parser.Tree | null;
      if (!tree) throw new ParseStopped(`parse stopped after ${Math.round(performance.now() - start)} ms`);
      return tree;
    },
  };
}

/** Why a parse was given up, for a document whose parse ran past the budget. */
export function parseTimeoutReason(text: string, limits: ParseLimits): string {
  return `parsing took longer than ${limits.maxParseMs / 1000} s (${megabytes(text.length)}); structural analysis stopped`;
}

/** C0 controls other than tab, line feed, vertical tab, form feed and carriage return; DEL; U+FFFD. */
function controlCharacters(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code < 0x20 && (code < 0x09 || code > 0x0d)) || code === 0x7f || code === 0xfffd) count++;
  }
  return count;
}

/** Lines, not counting the empty one after a final line break. */
function lineCount(text: string): number {
  let lines = text.endsWith('\n') ? 0 : 1;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) lines++;
  return lines;
}

function megabytes(chars: number): string {
  return chars >= 1_000_000 ? `${(chars / 1_000_000).toFixed(1)} MB` : `${Math.ceil(chars / 1_000)} KB`;
}
