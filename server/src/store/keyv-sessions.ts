import type { OpenedStore } from './open-store.js';
import type { SessionBackend, SessionLimits, Turn } from './sessions.js';

/**
 * Sessions in a keyv store (memory, the SQLite file): each session one value, its turns, with the
 * session's age as the value's TTL. keyv has no atomic append, so an append is a read then a write:
 * appends to one session in this process run one after another, in the order they were asked for (two
 * at once would each write the history they read plus their own turn, and all but the last turn would
 * be lost). Stores shared by processes (Redis, Postgres) have backends of their own that append atomically.
 */
export class KeyvSessions implements SessionBackend {
  // The append under way per session.
  readonly #appending = new Map<string, Promise<void>>();

  constructor(
    private readonly opened: OpenedStore,
    private readonly limits: SessionLimits,
  ) {}

  get location(): string {
    return this.opened.location;
  }

  onError(listener: (error: unknown) => void): void {
    this.opened.keyv.on('error', listener);
  }

  async newest(sessionId: string, count: number): Promise<Turn[]> {
    return ((await this.opened.keyv.get<Turn[]>(sessionId)) ?? []).slice(-count);
  }

  append(sessionId: string, turn: Turn): Promise<void> {
    const previous = this.#appending.get(sessionId) ?? Promise.resolve();
    // One failed append (its caller hears of it) does not stop the ones queued after it.
    const appended = previous
      .catch(() => undefined)
      .then(async () => {
        const kept = await this.newest(sessionId, this.limits.maxTurns);
        // A session whose last turn is too old starts over (its value may outlive its TTL: memory).
        const last = kept.at(-1);
        const turns = last && turn.at - last.at < this.limits.maxAgeMs ? [...kept, turn] : [turn];
        await this.opened.keyv.set(sessionId, turns.slice(-this.limits.maxTurns), this.limits.maxAgeMs);
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

  async close(): Promise<void> {
    await Promise.allSettled([...this.#appending.values()]);
    await this.opened.keyv.disconnect();
  }
}
