import type pg from 'pg';
import {
  columnValues,
  type DailyUsage,
  type Interaction,
  type InteractionBackend,
} from './interaction-log.js';
import { openPoolWithTables } from './postgres-store.js';
import { fromRow } from './sqlite-interactions.js';

const TABLE = `CREATE TABLE IF NOT EXISTS lantern_interactions (
  id BIGSERIAL PRIMARY KEY,
  type TEXT NOT NULL,
  input_hash CHAR(64) NOT NULL,
  input_tokens INTEGER NOT NULL,
  output_tokens INTEGER NOT NULL,
  duration_ms DOUBLE PRECISION NOT NULL,
  status TEXT NOT NULL,
  at TIMESTAMPTZ NOT NULL
)`;
const INDEX = 'CREATE INDEX IF NOT EXISTS lantern_interactions_at ON lantern_interactions (at)';

/**
 * The interaction log as a Postgres table, shared by every replica. Ids come from one sequence, so
 * "beyond the limit" is every id more than `limit` below the one just inserted; the query for cost per
 * day is plain SQL an operator can run too (see README).
 */
export class PostgresInteractions implements InteractionBackend {
  constructor(
    private readonly pool: pg.Pool,
    readonly location: string,
    private readonly limit: number,
    private readonly listeners: ((error: unknown) => void)[],
  ) {}

  onError(listener: (error: unknown) => void): void {
    this.listeners.push(listener);
  }

  async append(interaction: Interaction): Promise<void> {
    const inserted = await this.pool.query<{ id: string }>(
      `INSERT INTO lantern_interactions (type, input_hash, input_tokens, output_tokens, duration_ms, status, at)
       VALUES ($1, $2, $3, $4, $5, $6, to_timestamp($7 / 1000.0)) RETURNING id`,
      columnValues(interaction),
    );
    const newest = Number(inserted.rows[0]?.id ?? 0);
    if (newest > this.limit)
      await this.pool.query('DELETE FROM lantern_interactions WHERE id <= $1', [newest - this.limit]);
  }

  async dailyUsage(sinceMs: number): Promise<DailyUsage[]> {
    const { rows } = await this.pool.query<Record<keyof DailyUsage, string>>(
      `SELECT to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, type, count(*) AS requests,
              sum(input_tokens) AS "inputTokens", sum(output_tokens) AS "outputTokens"
       FROM lantern_interactions WHERE at >= to_timestamp($1 / 1000.0)
       GROUP BY day, type ORDER BY day, type`,
      [sinceMs],
    );
    // count and sum are bigint: pg hands them over as strings.
    return rows.map((row) => ({
      day: row.day,
      type: row.type,
      requests: Number(row.requests),
      inputTokens: Number(row.inputTokens),
      outputTokens: Number(row.outputTokens),
    }));
  }

  async recent(count: number): Promise<Interaction[]> {
    const { rows } = await this.pool.query(
      `SELECT type, input_hash, input_tokens, output_tokens, duration_ms, status,
              (extract(epoch FROM at) * 1000)::bigint AS at
       FROM lantern_interactions ORDER BY id DESC LIMIT $1`,
      [count],
    );
    return rows.map(fromRow);
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** The log in the Postgres database at `url`; the table is made first, and a failure to reach Postgres thrown. */
export async function openPostgresInteractions(
  url: string,
  location: string,
  limit: number,
): Promise<PostgresInteractions> {
  const { pool, listeners } = await openPoolWithTables(url, [TABLE, INDEX]);
  return new PostgresInteractions(pool, location, limit, listeners);
}
