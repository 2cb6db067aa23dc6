import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type LibsqlDatabase from 'libsql';
import {
  columnValues,
  type DailyUsage,
  type Interaction,
  type InteractionBackend,
} from './interaction-log.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS lantern_interactions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  type TEXT NOT NULL,
  input_hash TEXT NOT NULL,
  input_tokens INTEGER NOT NULL,
  output_tokens INTEGER NOT NULL,
  duration_ms REAL NOT NULL,
  status TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS lantern_interactions_at ON lantern_interactions (at);
`;

interface Row {
  type: string;
  input_hash: string;
  input_tokens: number;
  output_tokens: number;
  duration_ms: number;
  status: string;
  at: number;
}

/**
 * The interaction log as a table in Lantern's SQLite file, beside the cache's keyv table (its own
 * connection: the cache's repairs — a file moved aside, memory instead — are the cache's business).
 * AUTOINCREMENT ids only grow, so "beyond the limit" is every id more than `limit` below the newest.
 */
export class SqliteInteractions implements InteractionBackend {
  readonly #db: LibsqlDatabase.Database;
  readonly #insert;
  readonly #trim;
  readonly #daily;
  readonly #recent;

  constructor(
    Database: typeof LibsqlDatabase,
    readonly location: string,
    private readonly limit: number,
    busyTimeoutMs: number,
  ) {
    mkdirSync(dirname(location), { recursive: true });
    this.#db = new Database(location, { timeout: busyTimeoutMs });
    try {
      this.#db.pragma('journal_mode = WAL');
      // Per connection: in WAL mode NORMAL syncs at checkpoints, not on every request's record.
      this.#db.pragma('synchronous = NORMAL');
      this.#db.exec(SCHEMA);
      this.#insert = this.#db.prepare(
        'INSERT INTO lantern_interactions (type, input_hash, input_tokens, output_tokens, duration_ms, status, at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      );
      this.#trim = this.#db.prepare('DELETE FROM lantern_interactions WHERE id <= ?');
      this.#daily = this.#db.prepare(
        `SELECT strftime('%Y-%m-%d', at / 1000, 'unixepoch') AS day, type, count(*) AS requests,
                sum(input_tokens) AS inputTokens, sum(output_tokens) AS outputTokens
         FROM lantern_interactions WHERE at >= ? GROUP BY day, type ORDER BY day, type`,
      );
      this.#recent = this.#db.prepare('SELECT * FROM lantern_interactions ORDER BY id DESC LIMIT ?');
    } catch (error) {
      this.#db.close();
      throw error;
    }
  }

  onError(): void {
    // SQLite reports by throwing, operation by operation.
  }

  async append(interaction: Interaction): Promise<void> {
    const { lastInsertRowid } = this.#insert.run(...columnValues(interaction));
    const newest = Number(lastInsertRowid);
    if (newest > this.limit) this.#trim.run(newest - this.limit);
  }

  async dailyUsage(sinceMs: number): Promise<DailyUsage[]> {
    return this.#daily.all(sinceMs) as DailyUsage[];
  }

  async recent(count: number): Promise<Interaction[]> {
    return (this.#recent.all(count) as Row[]).map(fromRow);
  }

  async ping(): Promise<void> {
    this.#db.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    this.#db.close();
  }
}

export function fromRow(row: Row): Interaction {
  return {
    type: row.type,
    inputHash: row.input_hash,
    inputTokens: Number(row.input_tokens),
    outputTokens: Number(row.output_tokens),
    durationMs: Number(row.duration_ms),
    status: row.status,
    at: Number(row.at),
  };
}

/** The log in the SQLite file `file` (made if need be); loads the binding only when used. */
export async function openSqliteInteractions(file: string, limit: number): Promise<SqliteInteractions> {
  const { default: Libsql } = await import('libsql');
  return new SqliteInteractions(Libsql, file, limit, 5_000);
}
