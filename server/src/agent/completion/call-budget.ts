const MINUTE_MS = 60_000;

/**
 * At most `limit` model calls in any minute (a sliding window): completions fire on every pause in
 * the typing, and a budget keeps a long session from costing more than the user agreed to.
 */
export class CallBudget {
  readonly #started: number[] = [];

  constructor(private readonly now: () => number = Date.now) {}

  /** Takes one call from the budget; false (and nothing taken) when the minute's calls are spent. */
  take(limit: number): boolean {
    const now = this.now();
    while (this.#started.length > 0 && (this.#started[0] as number) <= now - MINUTE_MS) this.#started.shift();
    if (this.#started.length >= limit) return false;
    this.#started.push(now);
    return true;
  }
}

/** A small least-recently-used map: completions are many and short-lived, so they stay in memory. */
export class RecentAnswers {
  readonly #entries = new Map<string, string>();

  constructor(private readonly capacity = 500) {}

  get(key: string): string | undefined {
    const value = this.#entries.get(key);
    if (value !== undefined) {
      this.#entries.delete(key);
      this.#entries.set(key, value);
    }
    return value;
  }

  set(key: string, value: string): void {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    if (this.#entries.size > this.capacity) this.#entries.delete(this.#entries.keys().next().value as string);
  }
}
