import { setImmediate as nextTurn } from 'node:timers/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { openDocument } from '../support/syntax-documents.js';

// Memory, not time: what stays alive after a full collection, and how far the process grows.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
const MB = 1024 * 1024;

/** `count` top-level functions with long names and bodies: a file of ~`count` × 1.26 KB. */
function manyFunctions(count: number): string {
  const body = Array.from({ length: 40 }, (_, line) => `  const value${line} = input + ${line};`).join('\n');
  return Array.from(
    { length: count },
    (_, index) =>
      `export function computeTheValueNumber${index}(input: number): number {\n${body}\n  return input;\n}\n`,
  ).join('\n');
}

async function liveHeap(): Promise<number> {
  await nextTurn();
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

describe('a document edited many times holds its current text, not every older one', () => {
  it('units kept for unchanged statements do not keep the texts they were first read from', async () => {
    const count = 200;
    const text = manyFunctions(count);
    const document = openDocument('typescript', text);
    document.units();
    const before = await liveHeap();
    // One keystroke in each function in turn (its first body line gains a character): every edit
    // re-reads one statement's units and keeps the others'.
    for (let index = 0; index < count; index++) {
      const line = index * 44 + 1;
      document.applyChanges(
        [{ range: { start: { line, character: 2 }, end: { line, character: 2 } }, text: ' ' }],
        index + 2,
      );
      expect(document.units()).toHaveLength(count);
    }
    const grown = (await liveHeap()) - before;
    // The text is ~250 KB: one copy per edit kept alive would be ~50 MB.
    expect(text.length).toBeGreaterThan(250_000);
    expect(grown).toBeLessThan(8 * MB);
  });
});

describe('syntax trees of documents let go are freed, though V8 does not see their memory', () => {
  it('parsing a 300 KB Python file 30 times over does not grow the process by the trees it dropped', async () => {
    const body = Array.from({ length: 40 }, (_, line) => `    value${line} = value + ${line}`).join('\n');
    const text = Array.from(
      { length: 300 },
      (_, index) => `def compute_the_value_number_${index}(value):\n${body}\n    return value\n`,
    ).join('\n');
    openDocument('python', text);
    await liveHeap();
    const before = process.memoryUsage.rss();
    // Each parse makes a tree of ~15 MB outside V8's heap, dropped with its document at once.
    for (let round = 0; round < 30; round++) {
      openDocument('python', text);
      await nextTurn();
    }
    // Kept until V8 happened to collect, the dropped trees grew the process by ~13 MB a parse (~390 MB).
    const grown = process.memoryUsage.rss() - before;
    expect(grown).toBeLessThan(200 * MB);
  });
});
