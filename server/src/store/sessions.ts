import { GuardedAccess, type OpenedResource } from './guarded-access.js';

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
 * How a kind of store keeps sessions, opened with the limits. `append` must be atomic against other
 * processes appending to the same session (replicas on one Redis or Postgres): a turn added by one is
 * never overwritten by another's.
 */
export interface SessionBackend extends OpenedResource {
  /** The session's newest `count` turns, oldest first ([] for an unknown or expired session). */
  newest(sessionId: string, count: number): Promise<Turn[]>;
  /**
   * Adds a turn and keeps the newest `maxTurns`; the session lives `maxAgeMs` past its last turn. A
   * session whose last turn is `maxAgeMs` older than this one (or gone by its TTL) starts over.
   */
  append(sessionId: string, turn: Turn): Promise<void>;
  close(): Promise<void>;
}

/**
 * `ask` conversations in the configured store (SQLite by default, so a session outlives an editor
 * restart; Redis or Postgres for replicas, which append atomically), bounded in length and age. A
 * store failure loses history, never the answer.
 */
export class SessionStore {
  readonly #access: GuardedAccess<SessionBackend>;

  /** `now` is the clock turns are aged by (milliseconds, like Date.now). */
  constructor(
    open: (limits: SessionLimits) => Promise<SessionBackend>,
    private readonly limits: SessionLimits,
    onProblem: (message: string) => void,
    private readonly now: () => number = Date.now,
    /** Told of every turn added (the performance monitor's active sessions). */
    private readonly onTurn: (sessionId: string) => void = () => undefined,
  ) {
    this.#access = new GuardedAccess(() => open(limits), 'not opened yet', 'session store', onProblem);
  }

  async history(sessionId: string): Promise<Turn[]> {
    const turns =
      (await this.#access.use((backend) => backend.newest(sessionId, this.limits.maxTurns))) ?? [];
    // The age of a session is the age of its last turn: a conversation still going keeps its start.
    const last = turns.at(-1);
    if (!last || this.now() - last.at >= this.limits.maxAgeMs) return [];
    return turns.slice(-this.limits.maxTurns);
  }

  /** Adds a turn (a failure is reported, not thrown: the answer was given already). */
  async append(sessionId: string, turn: Turn): Promise<void> {
    this.onTurn(sessionId);
    await this.#access.use((backend) => backend.append(sessionId, turn));
  }

  /** Closes the store once the appends under way are done. */
  async close(): Promise<void> {
    await (await this.#access.opened())?.close();
  }
}
