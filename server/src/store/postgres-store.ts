import { KeyvPostgres, type KeyvPostgresOptions } from '@keyv/postgres';
import pg from 'pg';
import { ExpirySweep, likeLiteral, type SweepSchedule } from './expiry-sweep.js';

/** What every Postgres store of Lantern's is opened with: short waits, so a Postgres down costs a miss, not a hang. */
const POOL_OPTIONS = {
  // The cache, the sessions and the interaction log each hold a pool: a few connections each is plenty.
  max: 4,
  connectionTimeoutMillis: 2_000,
  idleTimeoutMillis: 30_000,
  // Idle connections do not keep a process alive: a CLI command that used the store exits when done.
  allowExitOnIdle: true,
} as const;

/** A pool for `url` whose errors go to `onError` instead of crashing the process. */
export function openPostgresPool(url: string, onError: (error: Error) => void): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, ...POOL_OPTIONS });
  // pg's pool emits `error` when an idle connection dies (Postgres restarted, a network cut): with no
  // listener, that is an uncaught exception. The pool drops that connection and opens another when asked.
  pool.on('error', onError);
  return pool;
}

/**
 * Runs a schema statement (CREATE … IF NOT EXISTS) that another replica may be running at the same moment:
 * Postgres then reports a unique violation on its catalog (23505) for the one that lost, which is fine.
 */
export async function createIfMissing(pool: pg.Pool, statement: string): Promise<void> {
  try {
    await pool.query(statement);
  } catch (error) {
    if ((error as { code?: unknown }).code !== '23505') throw error;
  }
}

/** A pool with its schema made, and the listeners its errors go to (add yours: the store's onError). */
export interface PoolWithTables {
  readonly pool: pg.Pool;
  readonly listeners: ((error: unknown) => void)[];
}

/**
 * A pool for `url` once `statements` (CREATE … IF NOT EXISTS) have run on it; a failure to reach
 * Postgres is thrown (and the pool ended), so the caller opens it again on its next use.
 */
export async function openPoolWithTables(
  url: string,
  statements: readonly string[],
): Promise<PoolWithTables> {
  const listeners: ((error: unknown) => void)[] = [];
  const pool = openPostgresPool(url, (error) => {
    for (const listener of listeners) listener(error);
  });
  try {
    for (const statement of statements) await createIfMissing(pool, statement);
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
  return { pool, listeners };
}

type PooledOptions = KeyvPostgresOptions & { readonly pool: pg.Pool };

/**
 * At most `$3` of the rows under the prefix `$1` whose expiry (keyv's `"expires":<ms>`, the last field of
 * the JSON it writes, so a value's own `expires` field never matches) is before `$2`. Rows with no TTL
 * have no such field and stay.
 */
const DELETE_EXPIRED = `DELETE FROM public.keyv WHERE key IN (
  SELECT key FROM public.keyv
  WHERE key LIKE $1 AND substring(value from '"expires":([0-9]+)\\}$')::bigint < $2
  LIMIT $3)`;

/**
 * Deletes at most `limit` expired keyv rows whose key matches the LIKE pattern `pattern`; how many it
 * deleted. No keyv table yet (nothing was ever cached here) is nothing to delete.
 */
export async function deleteExpiredKeyvRows(pool: pg.Pool, pattern: string, limit: number): Promise<number> {
  try {
    return (await pool.query(DELETE_EXPIRED, [pattern, Date.now(), limit])).rowCount ?? 0;
  } catch (error) {
    if ((error as { code?: unknown }).code === '42P01') return 0; // undefined_table
    throw error;
  }
}

/**
 * keyv's Postgres adapter over a pool of Lantern's own. The adapter as published keeps one pool for the
 * whole process, with no error listener (a Postgres restart crashed Lantern) and ended by any store's
 * disconnect. Its SQL and table (`keyv(key, value)`, keys prefixed `namespace:`) are kept as they are.
 * keyv deletes an expired entry only when it reads it; this adapter also sweeps its namespace's expired
 * rows now and then (see ExpirySweep), so what is never read again does not stay for ever.
 */
class PooledKeyvPostgres extends KeyvPostgres {
  #sweep: ExpirySweep | undefined;

  // Called by KeyvPostgres's constructor, before any field of this class exists: the pool comes in opts.
  override async connect(): Promise<(sql: string, values?: unknown) => Promise<unknown[]>> {
    const { pool } = this.opts as PooledOptions;
    return async (sql, values) => (await pool.query(sql, values as unknown[] | undefined)).rows;
  }

  /** Starts sweeping this store's expired rows (its namespace's: keyv sets it after construction). */
  sweepExpired(schedule: SweepSchedule | undefined): void {
    const { pool } = this.opts as PooledOptions;
    this.#sweep = new ExpirySweep(
      (limit) =>
        deleteExpiredKeyvRows(pool, this.namespace ? `${likeLiteral(this.namespace)}:%` : '%', limit),
      (error) => this.emit('error', error),
      schedule,
    );
  }

  override async disconnect(): Promise<void> {
    await this.#sweep?.stop();
    await (this.opts as PooledOptions).pool.end();
  }
}

/**
 * A keyv store in the Postgres database at `url`, its expired rows swept on `sweep`'s schedule (default:
 * DEFAULT_SWEEP) until it is disconnected. The table is made before the store is returned, and a
 * failure to reach Postgres is thrown, so the caller opens it again next time (the adapter, left to
 * itself, would report the failure once and never make the table).
 */
export async function openPostgresStore(url: string, sweep?: SweepSchedule): Promise<KeyvPostgres> {
  let adapter: KeyvPostgres | undefined;
  const pool = openPostgresPool(url, (error) => adapter?.emit('error', error));
  try {
    await createIfMissing(
      pool,
      'CREATE TABLE IF NOT EXISTS public.keyv(key VARCHAR(255) PRIMARY KEY, value TEXT)',
    );
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
  const options: PooledOptions = { uri: url, pool };
  const pooled = new PooledKeyvPostgres(options);
  adapter = pooled;
  pooled.sweepExpired(sweep);
  return pooled;
}
