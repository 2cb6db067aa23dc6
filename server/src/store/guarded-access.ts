const STORE_TIMEOUT_MS = 2_000;

/** Something opened from a store: where it lives, and how to hear of the repairs and failures it has by itself. */
export interface OpenedResource {
  readonly location: string;
  onError(listener: (error: unknown) => void): void;
}

/**
 * One connection to a store, as Lantern's stores use it: opened on first use (and again after a failed
 * open), every operation bounded in time (a disconnected redis client queues commands instead of failing
 * them), and every problem reported — an operation that failed, or a repair the store made itself (its
 * `error` event: a deleted file reopened, a read-only one replaced by memory) — once per outage: after a
 * report, nothing more is said until an operation has succeeded again (a redis server that is down
 * reports every reconnection attempt). A failure turns into `undefined`: a store may never break an answer.
 */
export class GuardedAccess<Opened extends OpenedResource> {
  #opened: Promise<Opened> | undefined;
  #location: string;
  #lastProblem: string | undefined;
  // Set by a report, cleared by an operation that succeeds: while set, the outage has been told.
  #reported = false;
  // Counts the store's `error` events: an operation during which one came did not quite succeed.
  #events = 0;

  constructor(
    private readonly open: () => Promise<Opened>,
    location: string,
    /** What the store is to the user, for messages: "cache", "session store". */
    private readonly role: string,
    private readonly onProblem: (message: string) => void,
  ) {
    this.#location = location;
  }

  get location(): string {
    return this.#location;
  }

  get lastProblem(): string | undefined {
    return this.#lastProblem;
  }

  async use<T>(operation: (opened: Opened) => Promise<T>): Promise<T | undefined> {
    try {
      const opened = await this.#open();
      const events = this.#events;
      const result = await withTimeout(operation(opened), STORE_TIMEOUT_MS);
      if (events === this.#events) this.#reported = false;
      return result;
    } catch (error) {
      this.#report(this.#failure(error));
      return undefined;
    }
  }

  /**
   * Whether the store answers `operation` now, with no error reported on the way (a redis client that
   * cannot connect answers reads with nothing and reports the failure as an event): for readiness.
   */
  async answers(operation: (opened: Opened) => Promise<unknown>): Promise<boolean> {
    let clean = false;
    await this.use(async (opened) => {
      const events = this.#events;
      await operation(opened);
      clean = events === this.#events;
    });
    return clean;
  }

  /** Reports a problem found outside an operation (a bad value refused before it reached the store). */
  report(message: string): void {
    this.#report(`Lantern's ${this.role} (${this.#location}): ${message}`);
  }

  /** The opened store, if it was opened: for closing it. */
  async opened(): Promise<Opened | undefined> {
    return this.#opened?.catch(() => undefined);
  }

  #open(): Promise<Opened> {
    this.#opened ??= this.open().then(
      (opened) => {
        this.#location = opened.location;
        opened.onError((error: unknown) => {
          this.#events++;
          this.#report(this.#failure(error));
        });
        return opened;
      },
      (error: unknown) => {
        this.#opened = undefined; // try opening again next time
        throw error;
      },
    );
    return this.#opened;
  }

  // The store's own repairs are written for the user already; anything else is said with where it failed.
  #failure(error: unknown): string {
    const message = error instanceof Error ? error.message : String(error);
    if (message.startsWith('Lantern')) return message;
    return `Lantern's ${this.role} failed (${this.#location}): ${message}`;
  }

  #report(message: string): void {
    this.#lastProblem = message;
    if (this.#reported) return;
    this.#reported = true;
    this.onProblem(message);
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
