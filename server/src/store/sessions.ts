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

  /** `now` is the clock turns are aged by (milliseconds, like Date.now). */
  constructor(
    open: () => Promise<OpenedStore>,
    private readonly limits: SessionLimits,
    onProblem: (message: string) => void,
    private readonly now: () => number = Date.now,
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

  async append(sessionId: string, turn: Turn): Promise<void> {
    const turns = [...(await this.history(sessionId)), turn].slice(-this.limits.maxTurns);
    await this.#store.use((store) => store.set(sessionId, turns, this.limits.maxAgeMs));
  }
}
