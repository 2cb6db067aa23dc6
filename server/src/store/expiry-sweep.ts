/**
 * How often a store deletes its expired rows, and how much at a time. Postgres keeps a row until it is
 * deleted: an entry whose TTL ran out (a cached answer, a session nobody continues) stays on disk until
 * someone reads it, which for most of them is never.
 */
export interface SweepSchedule {
  /** Time between sweeps. */
  readonly everyMs?: number;
  /** Rows deleted per statement: a short lock and a short transaction each, however much has expired. */
  readonly batchRows?: number;
  /** Statements per sweep: what is left over waits for the next sweep. */
  readonly maxBatches?: number;
}

/** Every 10 minutes, at most 10 × 500 rows: enough for a busy team, never a long-running delete. */
export const DEFAULT_SWEEP = { everyMs: 600_000, batchRows: 500, maxBatches: 10 } as const;

/**
 * Runs `deleteBatch(limit)` (which deletes at most `limit` expired rows and says how many it deleted)
 * every `everyMs`, repeating it within one sweep while batches come back full, up to `maxBatches`. The
 * timer does not keep a process alive (a CLI command exits when done); sweeps never overlap; a failure
 * goes to `onError` (Postgres down: the next sweep tries again). `stop` ends it once a sweep under way
 * has finished, so the caller may then close the pool the sweep uses.
 */
export class ExpirySweep {
  readonly #timer: NodeJS.Timeout;
  #running: Promise<void> | undefined;
  #stopped = false;

  constructor(
    private readonly deleteBatch: (limit: number) => Promise<number>,
    private readonly onError: (error: unknown) => void,
    schedule: SweepSchedule = {},
  ) {
    const { everyMs, batchRows, maxBatches } = { ...DEFAULT_SWEEP, ...schedule };
    this.#timer = setInterval(() => {
      this.#running ??= this.#sweep(batchRows, maxBatches).finally(() => {
        this.#running = undefined;
      });
    }, everyMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    await this.#running;
  }

  async #sweep(batchRows: number, maxBatches: number): Promise<void> {
    try {
      for (let batch = 0; batch < maxBatches && !this.#stopped; batch++)
        if ((await this.deleteBatch(batchRows)) < batchRows) return;
    } catch (error) {
      if (!this.#stopped) this.onError(error);
    }
  }
}

/** `text` as a LIKE pattern that matches only itself (then `%` may follow). */
export function likeLiteral(text: string): string {
  return text.replace(/[%_\\]/g, '\\$&');
}
