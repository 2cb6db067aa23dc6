import { diffLines, type LineChange } from './line-diff.js';

const CONTEXT = 3;
const NO_NEWLINE = '\\ No newline at end of file';

/**
 * A unified diff (as `diff -u` and `git diff` print it, applicable with `patch -p1`) between two
 * versions of a file; empty when they are equal. Changes closer than twice the context share a hunk.
 */
export function unifiedDiff(path: string, before: string, after: string): string {
  const old = splitLines(before);
  const next = splitLines(after);
  const changes = diffLines(old.lines, next.lines);
  if (changes.length === 0) return '';
  const out = [`--- a/${path}`, `+++ b/${path}`];
  for (const hunk of groupHunks(changes)) {
    const first = hunk[0] as LineChange;
    const last = hunk[hunk.length - 1] as LineChange;
    const oldStart = Math.max(0, first.oldStart - CONTEXT);
    const oldEnd = Math.min(old.lines.length, last.oldEnd + CONTEXT);
    const newStart = first.newStart - (first.oldStart - oldStart);
    const newEnd = last.newEnd + (oldEnd - last.oldEnd);
    out.push(`@@ -${range(oldStart, oldEnd)} +${range(newStart, newEnd)} @@`);
    let at = oldStart;
    for (const change of hunk) {
      for (; at < change.oldStart; at++) context(out, old, at);
      for (let i = change.oldStart; i < change.oldEnd; i++) line(out, '-', old, i);
      for (let i = change.newStart; i < change.newEnd; i++) line(out, '+', next, i);
      at = change.oldEnd;
    }
    for (; at < oldEnd; at++) context(out, old, at);
  }
  return `${out.join('\n')}\n`;
}

interface Lines {
  readonly lines: string[];
  /** Whether the last line ends with a line break. */
  readonly finalNewline: boolean;
}

function splitLines(text: string): Lines {
  if (text === '') return { lines: [], finalNewline: true };
  const lines = text.split('\n');
  const finalNewline = lines[lines.length - 1] === '';
  if (finalNewline) lines.pop();
  return { lines, finalNewline };
}

function groupHunks(changes: readonly LineChange[]): LineChange[][] {
  const hunks: LineChange[][] = [];
  for (const change of changes) {
    const current = hunks[hunks.length - 1];
    const previous = current?.[current.length - 1];
    if (current && previous && change.oldStart - previous.oldEnd <= 2 * CONTEXT) current.push(change);
    else hunks.push([change]);
  }
  return hunks;
}

// `start,count` with 1-based start; an empty range names the line before it, as diff does.
function range(start: number, end: number): string {
  const count = end - start;
  if (count === 0) return `${start},0`;
  return count === 1 ? `${start + 1}` : `${start + 1},${count}`;
}

function context(out: string[], file: Lines, index: number): void {
  line(out, ' ', file, index);
}

function line(out: string[], prefix: string, file: Lines, index: number): void {
  out.push(`${prefix}${file.lines[index]}`);
  if (index === file.lines.length - 1 && !file.finalNewline) out.push(NO_NEWLINE);
}
