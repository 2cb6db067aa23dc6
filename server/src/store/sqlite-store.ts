import { EventEmitter } from 'node:events';
import { renameSync } from 'node:fs';
import type LibsqlDatabase from 'libsql';
import { SqliteFile } from './sqlite-file.js';

/**
 * A keyv store in one SQLite file, through `libsql` (better-sqlite3's API; its binary comes as an npm
 * package, so a plain `npm ci` installs it with no compiler and no download from elsewhere). keyv
 * serialises values and keeps their expiry inside them; this store only keeps strings. Calls are
 * synchronous underneath: one row, a few microseconds.
 *
 * The file is a cache: its troubles must never cost an answer, and must not go unnoticed either. Each
 * is repaired as well as it can be and said once, as an `error` event (keyv passes it on):
 * - deleted or replaced while open (SQLite would go on writing into the deleted file): reopened;
 * - not a SQLite database (garbage, a torn copy): moved aside to `cache.sqlite.corrupt`, a new one made;
 * - unwritable (read-only file or folder, disk full, no such folder possible): answers are cached in
 *   memory for the rest of the session.
 * Another Lantern holding the write lock past the busy timeout is a plain failure (a miss).
 */
export class SqliteStore extends EventEmitter {
  /** Set by keyv: the namespace this store's keys are prefixed with (`clear` removes only those). */
  namespace: string | undefined;
  readonly opts: { readonly uri: string; readonly dialect: 'sqlite' };
  #open: SqliteFile | undefined;
  #memory: Map<string, string> | undefined;

  /** Use {@link openSqliteStore}: it loads the binding only when a SQLite cache is used. */
  constructor(
    private readonly Database: typeof LibsqlDatabase,
    private readonly file: string,
    private readonly busyTimeoutMs: number,
  ) {
    super();
    this.opts = { uri: `sqlite://${file}`, dialect: 'sqlite' };
  }

  async get(key: string): Promise<string | undefined> {
    return this.#run(
      (file) => file.get(key),
      (memory) => memory.get(key),
    );
  }

  async set(key: string, value: string): Promise<void> {
    this.#run(
      (file) => file.set(key, value),
      (memory) => void memory.set(key, value),
    );
  }

  /** keyv's batch write (the index stores hundreds of files' facts at once): one transaction. */
  async setMany(entries: { key: string; value: string }[]): Promise<boolean[]> {
    this.#run(
      (file) => file.setMany(entries),
      (memory) => {
        for (const { key, value } of entries) memory.set(key, value);
      },
    );
    return entries.map(() => true);
  }

  async delete(key: string): Promise<boolean> {
    return this.#run(
      (file) => file.delete(key),
      (memory) => memory.delete(key),
    );
  }

  async has(key: string): Promise<boolean> {
    return (await this.get(key)) !== undefined;
  }

  /** Removes this namespace's keys (all keys when there is none): another namespace's rows stay. */
  async clear(): Promise<void> {
    const prefix = this.namespace ? `${this.namespace}:` : '';
    this.#run(
      (file) => file.clear(prefix),
      (memory) => {
        for (const key of [...memory.keys()]) if (key.startsWith(prefix)) memory.delete(key);
      },
    );
  }

  async disconnect(): Promise<void> {
    this.#open?.close();
    this.#open = undefined;
  }

  #run<T>(onFile: (file: SqliteFile) => T, inMemory: (memory: Map<string, string>) => T): T {
    if (this.#memory) return inMemory(this.#memory);
    try {
      return onFile(this.#current());
    } catch (error) {
      if (sqliteCode(error) === 'SQLITE_BUSY') throw error;
      if (!isCorrupt(error)) return inMemory(this.#toMemory(error));
      try {
        return onFile(this.#startOver(error));
      } catch (again) {
        return inMemory(this.#toMemory(again));
      }
    }
  }

  /** The open file, reopened if the path no longer names it. */
  #current(): SqliteFile {
    if (this.#open && !this.#open.isStillThere()) {
      this.#open.close();
      this.#open = undefined;
      this.#tell(
        `Lantern's cache ${this.file} was deleted or replaced while in use; Lantern reopened it (answers cached before are gone).`,
      );
    }
    this.#open ??= new SqliteFile(this.Database, this.file, this.busyTimeoutMs);
    return this.#open;
  }

  /** Moves a corrupt file (and its journal) aside and opens a new one in its place. */
  #startOver(error: unknown): SqliteFile {
    this.#open?.close();
    this.#open = undefined;
    const aside = `${this.file}.corrupt`;
    for (const suffix of ['', '-wal', '-shm']) {
      try {
        renameSync(`${this.file}${suffix}`, `${aside}${suffix}`);
      } catch {
        // The journal files may not exist.
      }
    }
    this.#tell(
      `Lantern's cache ${this.file} was not a usable SQLite database (${messageOf(error)}); it is kept as ${aside} and a new cache was started.`,
    );
    this.#open = new SqliteFile(this.Database, this.file, this.busyTimeoutMs);
    return this.#open;
  }

  #toMemory(error: unknown): Map<string, string> {
    this.#open?.close();
    this.#open = undefined;
    this.#memory = new Map();
    this.#tell(
      `Lantern cannot write its cache ${this.file} (${messageOf(error)}); answers are cached in memory until Lantern restarts.`,
    );
    return this.#memory;
  }

  // keyv listens for `error` and passes it on; with nobody listening, an `error` event would throw.
  #tell(message: string): void {
    if (this.listenerCount('error') > 0) this.emit('error', new Error(message));
  }
}

/** A store over `file` (opened, or made, on first use). `busyTimeoutMs`: how long a write waits for another Lantern. */
export async function openSqliteStore(file: string, busyTimeoutMs: number): Promise<SqliteStore> {
  const { default: Libsql } = await import('libsql');
  return new SqliteStore(Libsql, file, busyTimeoutMs);
}

function sqliteCode(error: unknown): string {
  return String((error as { code?: unknown })?.code ?? '');
}

function isCorrupt(error: unknown): boolean {
  const code = sqliteCode(error);
  return code.startsWith('SQLITE_NOTADB') || code.startsWith('SQLITE_CORRUPT');
}

function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n', 1)[0] ?? '';
}
