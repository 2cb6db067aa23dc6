import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Growth of the process's resident memory, since this thread last collected, that has it collect again.
 * It is V8's own threshold for memory outside its heap that it is told of (64 MB): tree-sitter's is not.
 */
const UNSEEN_GROWTH_BYTES = 64 * 1024 * 1024;

let baseline = process.memoryUsage.rss();
let collect: (() => void) | undefined;

/**
 * Called after each parse. tree-sitter's Node binding frees a tree's native memory (~8 bytes per
 * character of a full parse) only when V8 collects the tree's wrapper, and never tells V8 of it: V8
 * sees a heap of small objects and runs full collections rarely, while dead trees pile up outside its
 * heap. So when the process has grown by 64 MB since this thread last collected, it collects (the
 * binding's finalizers then free the dead trees on the next turn of the event loop). Memory freed
 * that way is reused by later parses without the process growing: collections stop once the process
 * has room for its garbage, and a thread whose growth is someone else's pays one collection per 64 MB.
 */
export function afterParse(): void {
  const rss = process.memoryUsage.rss();
  if (rss - baseline < UNSEEN_GROWTH_BYTES) return;
  collect ??= fullCollection();
  collect();
  baseline = process.memoryUsage.rss();
}

// `gc` exposed at run time, as a test runner's leak detector does: Lantern is started as a plain
// `node` script, with no flag of its own.
function fullCollection(): () => void {
  if (typeof globalThis.gc === 'function') return globalThis.gc as () => void;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}
