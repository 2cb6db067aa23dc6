import { ModelError } from '../llm/errors.js';

/**
 * Runs at most one call per key at a time: a second asker of the same answer waits for the first call
 * instead of paying for another. An asker that cancels stops waiting at once; the call itself is
 * aborted only when every asker has cancelled, and `ABANDON_GRACE_MS` later: a cancellation and a new
 * request for the same answer often arrive together (vscode-jsonrpc applies the cancellation first), and
 * the new one joins instead of paying again. An asker that merely stops waiting (a hover past its
 * timeout) leaves it running, so the answer still lands in the cache. An asker cancelled before it
 * asks never starts a call (a superseded hover costs no request), and a call every asker abandoned is
 * not joined: it is winding down, the next asker starts afresh.
 */
const ABANDON_GRACE_MS = 50;

export class SharedCalls<T> {
  readonly #running = new Map<
    string,
    { promise: Promise<T>; controller: AbortController; waiting: number }
  >();

  run(key: string, signal: AbortSignal, start: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (signal.aborted) return Promise.reject(new ModelError('cancelled', 'The request was cancelled.'));
    let entry = this.#running.get(key);
    if (!entry || entry.controller.signal.aborted) {
      const controller = new AbortController();
      const promise = start(controller.signal).finally(() => {
        if (this.#running.get(key)?.controller === controller) this.#running.delete(key);
      });
      // Nobody may be waiting when it fails (every asker cancelled): that rejection is expected.
      promise.catch(() => undefined);
      entry = { promise, controller, waiting: 0 };
      this.#running.set(key, entry);
    }
    const shared = entry;
    shared.waiting++;
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => {
        shared.waiting--;
        if (shared.waiting === 0)
          setTimeout(() => {
            if (shared.waiting === 0) shared.controller.abort();
          }, ABANDON_GRACE_MS);
        reject(new ModelError('cancelled', 'The request was cancelled.'));
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      shared.promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  /** Whether a call for this key is under way (and not abandoned). */
  has(key: string): boolean {
    const entry = this.#running.get(key);
    return entry !== undefined && !entry.controller.signal.aborted;
  }
}
