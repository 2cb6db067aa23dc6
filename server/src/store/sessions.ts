import type { OpenedStore } from './open-store.js';
import { StoreAccess } from './store-access.js';

/** One question and its answer in an `ask` conversation. */
export interface Turn {
  readonly question: string;
  readonly answer: string;
  readonly at: number;
}

export interface SessionLimits {
  /** Turns kept per session (the oldest go first). */
  readonly maxTurns: number;
  /** A session untouched for this long starts over. */
  readonly maxAgeMs: number;
}

/**
 * `ask` conversations in the keyv store (SQLite by default, so a session outlives an editor restart),
 * bounded in length and age. A store failure loses history, never the answer.
 */
export class SessionStore {
  readonly #store: StoreAccess;
  // The append under way per session: an append is a read then a write, so two at once would each
  // write the history they read plus their own turn, and all but the last turn would be lost.
  readonly #appending = new Map<string, Promise<void>>();

  /** `now` is the clock turns are aged by (milliseconds, like Date.now). */
  constructor(
    open: () => Promise<OpenedStore>,
    private readonly limits: SessionLimits,
    onProblem: (message: string) => void,
    private readonly now: () => number = Date.now,
    /** Told of every turn added (the performance monitor's active sessions). */
    private readonly onTurn: (sessionId: string) => void = () => undefined,
  ) {
    this.#store = new StoreAccess(open, 'not opened yet', 'session store', onProblem);
  }

  async history(sessionId: string): Promise<Turn[]> {
    const turns = (await this.#store.use(async (store) => (await store.get<Turn[]>(sessionId)) ?? [])) ?? [];
    // The age of a session is the age of its last turn: a conversation still going keeps its start.
    const last = turns.at(-1);
    if (!last || this.now() - last.at >= this.limits.maxAgeMs) return [];
    return turns.slice(-this.limits.maxTurns);
  }

  /** Closes the store once the appends under way are done. */
  async close(): Promise<void> {
    await Promise.allSettled([...this.#appending.values()]);
    await this.#store.close();
  }

  /** Adds a turn; appends to one session run one after another, in the order they were asked for. */
  append(sessionId: string, turn: Turn): Promise<void> {
    this.onTurn(sessionId);
    const previous = this.#appending.get(sessionId) ?? Promise.resolve();
    // One failed append (its caller hears of it) does not stop the ones queued after it.
    const appended = previous
      .catch(() => undefined)
      .then(async () => {
        const turns = [...(await this.history(sessionId)), turn].slice(-this.limits.maxTurns);
        await this.#store.use((store) => store.set(sessionId, turns, this.limits.maxAgeMs));
      });
    this.#appending.set(sessionId, appended);
    // The last append of a session forgets the chain, so idle sessions hold nothing here.
    appended
      .finally(() => {
        if (this.#appending.get(sessionId) === appended) this.#appending.delete(sessionId);
      })
      .catch(() => undefined);
    return appended;
  }
}
