import { EventEmitter } from 'node:events';
import type LibsqlDatabase from 'libsql';

type Database = LibsqlDatabase.Database;

/**
 * A keyv store in one SQLite file, through `libsql` (better-sqlite3's API; its binary comes as an npm
 * package, so a plain `npm ci` installs it with no compiler and no download from elsewhere).
 *
 * The table is the one `@keyv/sqlite` made (`keyv(key, value)`, keys prefixed `namespace:`), so a cache
 * written by an earlier Lantern is read as it is. keyv serialises values and keeps their expiry inside
 * them; this store only keeps strings. Calls are synchronous underneath: one row, a few microseconds.
 */
export class SqliteStore extends EventEmitter {
  /** Set by keyv: the namespace this store's keys are prefixed with (`clear` removes only those). */
  namespace: string | undefined;
  readonly opts: { readonly uri: string; readonly dialect: 'sqlite' };
  readonly #db: Database;
  readonly #select;
  readonly #upsert;
  readonly #remove;

  /** Use {@link openSqliteStore}: it loads the binding only when a SQLite cache is used. */
  constructor(file: string, db: Database) {
    super();
    this.opts = { uri: `sqlite://${file}`, dialect: 'sqlite' };
    this.#db = db;
    this.#db.exec('CREATE TABLE IF NOT EXISTS keyv (key VARCHAR(255) PRIMARY KEY, value TEXT)');
    this.#select = this.#db.prepare<[string]>('SELECT value FROM keyv WHERE key = ?');
    this.#upsert = this.#db.prepare<[string, string]>(
      'INSERT INTO keyv (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
    );
    this.#remove = this.#db.prepare<[string]>('DELETE FROM keyv WHERE key = ?');
  }

  async get(key: string): Promise<string | undefined> {
    const row = this.#select.get(key) as { value: string } | undefined;
    return row?.value;
  }

  async set(key: string, value: string): Promise<void> {
    this.#upsert.run(key, value);
  }

  async delete(key: string): Promise<boolean> {
    return this.#remove.run(key).changes > 0;
  }

  async has(key: string): Promise<boolean> {
    return this.#select.get(key) !== undefined;
  }

  /** Removes this namespace's keys (all keys when there is none): another namespace's rows stay. */
  async clear(): Promise<void> {
    if (!this.namespace) {
      this.#db.exec('DELETE FROM keyv');
      return;
    }
    this.#db
      .prepare<[string]>("DELETE FROM keyv WHERE key LIKE ? ESCAPE '\\'")
      .run(`${escapeLike(this.namespace)}:%`);
  }

  async disconnect(): Promise<void> {
    this.#db.close();
  }
}

/**
 * Opens (creating it if need be) the SQLite file as a keyv store. `busyTimeoutMs` is how long a write
 * waits for another Lantern (one per editor window, all sharing the file) to finish its own.
 */
export async function openSqliteStore(file: string, busyTimeoutMs: number): Promise<SqliteStore> {
  const { default: Libsql } = await import('libsql');
  const db = new Libsql(file, { timeout: busyTimeoutMs });
  // WAL: readers go on while another process writes.
  db.pragma('journal_mode = WAL');
  return new SqliteStore(file, db);
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}
