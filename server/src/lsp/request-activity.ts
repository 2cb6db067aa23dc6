/**
 * When the editor last asked for something: background work (the index crawl) waits for a quiet moment
 * before each step, so a hover or a keystroke does not share the CPU with it — within limits, so the
 * background work never starves while the user keeps working.
 */
export class RequestActivity {
  #inFlight = 0;
  #lastAt = Number.NEGATIVE_INFINITY;

  /** Wraps a request handler so its run counts as activity. */
  track<P, T, R>(handler: (params: P, token: T) => R | Promise<R>): (params: P, token: T) => Promise<R> {
    return async (params, token) => {
      this.#inFlight++;
      this.#lastAt = performance.now();
      try {
        return await handler(params, token);
      } finally {
        this.#inFlight--;
        this.#lastAt = performance.now();
      }
    };
  }

  /** A notification that counts as activity (a document changed). */
  touch(): void {
    this.#lastAt = performance.now();
  }

  /**
   * Resolves once no request has run for `quietMs`, or after `maxWaitMs` whatever happens (checked every
   * `quietMs`).
   */
  async quiet(quietMs: number, maxWaitMs: number): Promise<void> {
    const deadline = performance.now() + maxWaitMs;
    while (performance.now() < deadline) {
      const idleFor = performance.now() - this.#lastAt;
      if (this.#inFlight === 0 && idleFor >= quietMs) return;
      const wait = this.#inFlight > 0 ? quietMs : quietMs - idleFor;
      await new Promise((resolve) =>
        setTimeout(resolve, Math.max(1, Math.min(wait, deadline - performance.now()))),
      );
    }
  }
}
