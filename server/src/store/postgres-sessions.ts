import type pg from 'pg';
import { ExpirySweep, type SweepSchedule } from './expiry-sweep.js';
import { deleteExpiredKeyvRows, openPoolWithTables } from './postgres-store.js';
import type { SessionBackend, SessionLimits, Turn } from './sessions.js';

const TABLE = `CREATE TABLE IF NOT EXISTS lantern_session_turns (
  id BIGSERIAL PRIMARY KEY,
  session_id TEXT NOT NULL,
  turn TEXT NOT NULL,
  expires_at BIGINT NOT NULL
)`;
const INDEX =
  'CREATE INDEX IF NOT EXISTS lantern_session_turns_session ON lantern_session_turns (session_id, id)';

/**
 * One statement, so atomic: the turn is inserted (`expires_at`, $3, is its time + maxAge), and the
 * session's turns beyond the newest `maxTurns` are deleted — all of them when the session had expired
 * by the new turn's time ($5: it starts over). The delete sees the rows as they were before this insert
 * (one snapshot), so it keeps the `maxTurns - 1` newest of those ($4 is that offset) beside the new one.
 */
const APPEND = `WITH added AS (
  INSERT INTO lantern_session_turns (session_id, turn, expires_at) VALUES ($1, $2, $3) RETURNING id
)
DELETE FROM lantern_session_turns WHERE session_id = $1 AND (
  id <= (SELECT id FROM lantern_session_turns WHERE session_id = $1 ORDER BY id DESC OFFSET $4 LIMIT 1)
  OR (SELECT max(expires_at) FROM lantern_session_turns WHERE session_id = $1) <= $5
)`;

const NEWEST = `SELECT turn FROM lantern_session_turns
  WHERE session_id = $1 ORDER BY id DESC LIMIT $2`;

/**
 * At most $2 sessions whose last turn expired before $1, all their rows: a session still going keeps
 * its early turns (the age of a session is the age of its last turn). Counts the sessions deleted.
 */
const DELETE_EXPIRED = `WITH expired AS (
  SELECT session_id FROM lantern_session_turns GROUP BY session_id HAVING max(expires_at) < $1 LIMIT $2
), deleted AS (
  DELETE FROM lantern_session_turns WHERE session_id IN (SELECT session_id FROM expired) RETURNING session_id
)
SELECT count(DISTINCT session_id) AS sessions FROM deleted`;

/** The keyv rows sessions were kept in before they had a table (keyv namespace `lantern-sessions`). */
const LEGACY_SESSIONS = 'lantern-sessions:%';

/**
 * Sessions in Postgres, a row per turn: replicas appending to one session at the same instant each
 * insert their own row, so no turn is lost. Expired sessions are swept (see ExpirySweep).
 */
export class PostgresSessions implements SessionBackend {
  readonly #sweep: ExpirySweep;

  constructor(
    private readonly pool: pg.Pool,
    readonly location: string,
    private readonly limits: SessionLimits,
    private readonly listeners: ((error: unknown) => void)[],
    sweep?: SweepSchedule,
  ) {
    this.#sweep = new ExpirySweep(
      async (limit) => {
        const { rows } = await pool.query<{ sessions: string }>(DELETE_EXPIRED, [Date.now(), limit]);
        // Sessions of earlier versions (keyv values, no longer read) go once their TTL has passed.
        const legacy = await deleteExpiredKeyvRows(pool, LEGACY_SESSIONS, limit);
        return Math.max(Number(rows[0]?.sessions ?? 0), legacy);
      },
      (error) => {
        for (const listener of listeners) listener(error);
      },
      sweep,
    );
  }

  onError(listener: (error: unknown) => void): void {
    this.listeners.push(listener);
  }

  async newest(sessionId: string, count: number): Promise<Turn[]> {
    const { rows } = await this.pool.query<{ turn: string }>(NEWEST, [sessionId, count]);
    return rows.reverse().map((row) => JSON.parse(row.turn) as Turn);
  }

  async append(sessionId: string, turn: Turn): Promise<void> {
    const { question, answer, at } = turn;
    await this.pool.query(APPEND, [
      sessionId,
      JSON.stringify({ question, answer, at }),
      at + this.limits.maxAgeMs,
      this.limits.maxTurns - 1,
      at,
    ]);
  }

  async close(): Promise<void> {
    await this.#sweep.stop();
    await this.pool.end();
  }
}

/** Sessions in the Postgres database at `url`; the table is made first, and a failure to reach Postgres thrown. */
export async function openPostgresSessions(
  url: string,
  location: string,
  limits: SessionLimits,
  sweep?: SweepSchedule,
): Promise<PostgresSessions> {
  const { pool, listeners } = await openPoolWithTables(url, [TABLE, INDEX]);
  return new PostgresSessions(pool, location, limits, listeners, sweep);
}
