import type { OpenedStore } from './open-store.js';

type Keyv = OpenedStore['keyv'];

const STORE_TIMEOUT_MS = 2_000;

/**
 * One keyv store as the cache and the `ask` sessions use it: opened on first use (and again after a
 * failed open), every operation bounded in time (a disconnected redis client queues commands instead
 * of failing them), and every problem reported — an operation that failed, or a repair the store made
 * itself (its `error` event: a deleted file reopened, a read-only one replaced by memory) — once per
 * outage: after a report, nothing more is said until an operation has succeeded again (a redis server
 * that is down reports every reconnection attempt). A failure turns into `undefined`: the store may
 * never break an answer.
 */
export class StoreAccess {
  #opened: Promise<OpenedStore> | undefined;
  #location: string;
  #lastProblem: string | undefined;
  // Set by a report, cleared by an operation that succeeds: while set, the outage has been told.
  #reported = false;
  // Counts the store's `error` events: an operation during which one came did not quite succeed.
  #events = 0;

  constructor(
    private readonly open: () => Promise<OpenedStore>,
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

  async use<T>(operation: (store: Keyv) => Promise<T>): Promise<T | undefined> {
    try {
      const { keyv } = await this.#open();
      const events = this.#events;
      const result = await withTimeout(operation(keyv), STORE_TIMEOUT_MS);
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
  async answers(operation: (store: Keyv) => Promise<unknown>): Promise<boolean> {
    let clean = false;
    await this.use(async (store) => {
      const events = this.#events;
      await operation(store);
      clean = events === this.#events;
    });
    return clean;
  }

  #open(): Promise<OpenedStore> {
    this.#opened ??= this.open().then(
      (opened) => {
        this.#location = opened.location;
        opened.keyv.on('error', (error: unknown) => {
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
