import { convertIndent, type IndentStyle, indentStyle } from '../edits/indentation.js';
import type { CompletionContext } from './completion-context.js';

const OPENING_FENCE = /^[ \t]*(```+|~~~+)[^\n]*\n/m;
const CURSOR_MARKERS = /<CURSOR>|<\|cursor\|>|<FILL_ME>|<\|fim_middle\|>|<\|fim_suffix\|>/g;
// A line that only closes what is open: it may end the block the cursor is in.
const CLOSERS_ONLY = /^[ \t]*[)\]}>]+[;,)\]}]*[ \t]*$/;
// Overlap with the suffix made of closing punctuation alone (an auto-paired `)`) counts at any length.
const PUNCTUATION_ONLY = /^[\s)\]}>;,'"`]+$/;

/**
 * A model's answer made into the text to insert at the cursor (before the syntax check): prose, fences
 * and cursor markers taken out; what repeats the line before the cursor taken out; indented in the
 * file's style from the cursor's line; cut where it leaves the block the cursor is in (or, at the top
 * level, before a second top-level statement) and at `maxLines`.
 *
 * Returns the candidates, preferred first: without what the text after the cursor already has, then
 * as it is — a `}` at the answer's end may be the one after the cursor again, or close a block the
 * answer opened; the syntax check tells which. Empty when nothing is left to insert.
 */
export function shapeCompletion(answer: string, context: CompletionContext, maxLines: number): string[] {
  let text = unwrap(answer);
  text = withoutRepeatedPrefix(text, context);
  text = indented(text, context);
  text = untilBlockEnd(text, context, maxLines);
  const candidates = [withoutSuffixOverlap(text, context.suffix), text];
  return [...new Set(candidates.filter((candidate) => candidate.trim() !== ''))];
}

/** The code of the answer: a fenced block's content when it has one; markers a model echoed removed. */
function unwrap(answer: string): string {
  const normalised = answer.replace(/\r\n?/g, '\n');
  const opening = OPENING_FENCE.exec(normalised);
  let code = normalised;
  if (opening) {
    code = normalised.slice(opening.index + opening[0].length);
    // The block ends at its closing fence; an answer cut short (maxOutputTokens) has none.
    const closing = new RegExp(`^[ \\t]*${opening[1]}[ \\t]*$`, 'm').exec(code);
    if (closing) code = code.slice(0, closing.index);
  }
  return code.replace(CURSOR_MARKERS, '').replace(/\s+$/, '');
}

/**
 * Removes the start of the answer that repeats the cursor's line: chat models often write the whole
 * line (`  return total(` when `  return ` was there already).
 */
function withoutRepeatedPrefix(text: string, context: CompletionContext): string {
  const typed = context.linePrefix.trimStart();
  if (typed === '') return text;
  const start = text.trimStart();
  if (start.startsWith(typed)) return start.slice(typed.length);
  return text;
}

/**
 * The answer in the file's indentation style. Its first line continues the cursor's line: on a line
 * with only indentation before the cursor, the answer's own indentation counts from the line's start,
 * so the part the line already has is not inserted twice (and one shallower than the expected
 * indentation is brought to it).
 */
function indented(text: string, context: CompletionContext): string {
  const lines = text.split('\n');
  const answerStyle = indentStyle(lines, new Set());
  const convert = (line: string) =>
    answerStyle && !answerStyle.mixed ? convertIndent(line, answerStyle, context.style) : line;
  const [first = '', ...rest] = lines;
  const atLineStart = context.linePrefix.trim() === '';
  if (!atLineStart) return [first, ...rest.map(convert)].join('\n');
  const firstIndent = /^[ \t]*/.exec(convert(first))?.[0] ?? '';
  const wanted = firstIndent.length >= context.indent.length ? firstIndent : context.indent;
  const typed = context.linePrefix;
  const lead = wanted.startsWith(typed) ? wanted.slice(typed.length) : '';
  return [lead + first.trimStart(), ...rest.map(convert)].join('\n');
}

/**
 * Cuts the answer where it leaves the block the cursor is in: at the first line indented less than
 * the cursor's line — kept when it only closes brackets (the block's own `}`), since the check after
 * decides whether the file needs it — and, at the top level, before a blank line followed by a new
 * statement. At most `maxLines` lines.
 */
function untilBlockEnd(text: string, context: CompletionContext, maxLines: number): string {
  const lines = text.split('\n');
  const base = width(context.linePrefix.trim() === '' ? context.indent : context.linePrefix, context.style);
  const kept: string[] = [lines[0] ?? ''];
  for (let index = 1; index < lines.length && kept.length < maxLines; index++) {
    const line = lines[index] ?? '';
    if (line.trim() === '') {
      const next = lines.slice(index + 1).find((candidate) => candidate.trim() !== '');
      if (base === 0 && next !== undefined && width(next, context.style) === 0 && !CLOSERS_ONLY.test(next))
        break;
      kept.push(line);
      continue;
    }
    if (width(line, context.style) < base) {
      if (CLOSERS_ONLY.test(line)) kept.push(line);
      break;
    }
    kept.push(line);
  }
  return kept.join('\n').replace(/\s+$/, '');
}

/** A line's indentation in columns, a tab counting as one level of the file's style. */
function width(line: string, style: IndentStyle): number {
  const indent = /^[ \t]*/.exec(line)?.[0] ?? '';
  const tabWidth = style.tabs ? 4 : style.width;
  let columns = 0;
  for (const char of indent) columns += char === '\t' ? tabWidth : 1;
  return columns;
}

/**
 * Removes the end of the answer that the text after the cursor already has: an auto-paired `)` or a
 * `}` the editor inserted, or the next line the model wrote again. An overlap of code (not only
 * closing punctuation) counts only when it covers the suffix's first line, so an answer ending in `e`
 * before a suffix starting with `else` keeps its `e`.
 */
function withoutSuffixOverlap(text: string, suffix: string): string {
  const end = text.replace(/\s+$/, '');
  const next = suffix.replace(/^\s+/, '');
  if (next === '' || end === '') return text;
  const firstLine = next.split('\n', 1)[0] ?? '';
  for (let length = Math.min(end.length, next.length, 2_000); length > 0; length--) {
    const overlap = next.slice(0, length);
    if (!end.endsWith(overlap) || overlap.trim() === '') continue;
    if (PUNCTUATION_ONLY.test(overlap) || length >= firstLine.length)
      return end.slice(0, end.length - length).replace(/\s+$/, '');
  }
  return text;
}
