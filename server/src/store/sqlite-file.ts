import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type LibsqlDatabase from 'libsql';

type Libsql = typeof LibsqlDatabase;

/**
 * The open SQLite cache file: the keyv table's statements, and which file (device and inode) was
 * opened, so that a file deleted or replaced underneath can be told from the one still open (SQLite
 * keeps writing to a deleted file without a word, and everything written then is lost).
 *
 * The table is the one `@keyv/sqlite` made (`keyv(key, value)`, keys prefixed `namespace:`), so a cache
 * written by an earlier Lantern is read as it is.
 */
export class SqliteFile {
  readonly #db: LibsqlDatabase.Database;
  readonly #identity: string;
  readonly #select;
  readonly #upsert;
  readonly #remove;

  /** Opens (creating it and its folder if need be) `file`; throws what SQLite or the file system says. */
  constructor(
    Database: Libsql,
    readonly file: string,
    busyTimeoutMs: number,
  ) {
    mkdirSync(dirname(file), { recursive: true });
    this.#db = new Database(file, { timeout: busyTimeoutMs });
    try {
      // WAL: readers go on while another process writes. A corrupt file fails here (SQLITE_NOTADB).
      this.#db.pragma('journal_mode = WAL');
      this.#db.exec('CREATE TABLE IF NOT EXISTS keyv (key VARCHAR(255) PRIMARY KEY, value TEXT)');
      this.#select = this.#db.prepare<[string]>('SELECT value FROM keyv WHERE key = ?');
      this.#upsert = this.#db.prepare<[string, string]>(
        'INSERT INTO keyv (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      );
      this.#remove = this.#db.prepare<[string]>('DELETE FROM keyv WHERE key = ?');
      this.#identity = identityOf(file) ?? '';
    } catch (error) {
      this.#db.close();
      throw error;
    }
  }

  /** Whether the path still names the file that was opened (not deleted, not replaced). */
  isStillThere(): boolean {
    return identityOf(this.file) === this.#identity;
  }

  get(key: string): string | undefined {
    return (this.#select.get(key) as { value: string } | undefined)?.value;
  }

  set(key: string, value: string): void {
    this.#upsert.run(key, value);
  }

  /** Writes many rows in one transaction: one commit (one sync to disk) instead of one per row. */
  setMany(entries: readonly { key: string; value: string }[]): void {
    this.#db.transaction(() => {
      for (const { key, value } of entries) this.#upsert.run(key, value);
    })();
  }

  delete(key: string): boolean {
    return this.#remove.run(key).changes > 0;
  }

  /** Removes the keys starting with `prefix` (all keys when it is empty). */
  clear(prefix: string): void {
    if (!prefix) {
      this.#db.exec('DELETE FROM keyv');
      return;
    }
    this.#db.prepare<[string]>("DELETE FROM keyv WHERE key LIKE ? ESCAPE '\\'").run(`${escapeLike(prefix)}%`);
  }

  close(): void {
    try {
      this.#db.close();
    } catch {
      // Closing a file that is gone or broken has nothing left to say.
    }
  }
}

/** `dev:ino` of a path, or undefined when nothing is there. */
export function identityOf(path: string): string | undefined {
  try {
    const stats = statSync(path);
    return `${stats.dev}:${stats.ino}`;
  } catch {
    return undefined;
  }
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}
