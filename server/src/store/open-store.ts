import { homedir } from 'node:os';
import { join } from 'node:path';
import type Keyv from 'keyv';

/** A keyv store and where it lives (for lantern/status; a server's URL is shown without its password). */
export interface OpenedStore {
  readonly keyv: Keyv;
  readonly location: string;
}

/** The folder for Lantern's SQLite cache: LANTERN_CACHE_DIR, else $XDG_CACHE_HOME/lantern, else ~/.cache/lantern. */
export function cacheDirectory(env: NodeJS.ProcessEnv): string {
  if (env.LANTERN_CACHE_DIR) return env.LANTERN_CACHE_DIR;
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'lantern');
}

/** Which kind of store `cache.store` names. */
export type StoreKind = 'memory' | 'sqlite' | 'redis' | 'postgres';

export function storeKind(store: string): StoreKind {
  if (store === 'memory') return 'memory';
  if (/^rediss?:\/\//.test(store)) return 'redis';
  if (/^postgres(ql)?:\/\//.test(store)) return 'postgres';
  return 'sqlite';
}

/** The SQLite file Lantern keeps its store in (when `cache.store` is `sqlite`). */
export function sqliteFile(env: NodeJS.ProcessEnv): string {
  return join(cacheDirectory(env), 'cache.sqlite');
}

/** Where a store lives, as lantern/status shows it (a server's URL without its password). */
export function describeStore(store: string, env: NodeJS.ProcessEnv): string {
  const kind = storeKind(store);
  if (kind === 'memory') return 'memory';
  if (kind === 'redis' || kind === 'postgres') return redactPassword(store, kind);
  return sqliteFile(env);
}

/**
 * Opens the store named by `cache.store`: `memory`, `sqlite` (one file shared by every Lantern on this
 * machine), a `redis://` or a `postgres://` URL (state shared by a team, or by replicas). Adapters are imported only when used, so an
 * offline session never loads the SQLite binding. Store failures are thrown (keyv would swallow them),
 * and what a store repaired by itself is emitted as keyv's `error` event: the caller listens for both.
 */
export async function openStore(
  store: string,
  namespace: string,
  env: NodeJS.ProcessEnv,
): Promise<OpenedStore> {
  const { default: KeyvClass } = await import('keyv');
  const kind = storeKind(store);
  if (kind === 'memory')
    return { keyv: new KeyvClass({ namespace, throwOnErrors: true }), location: 'memory' };
  if (kind === 'redis') {
    const { default: KeyvRedis } = await import('@keyv/redis');
    const adapter = new KeyvRedis(store, { throwOnConnectError: false, connectionTimeout: 2_000 });
    return {
      keyv: new KeyvClass({ store: adapter, namespace, throwOnErrors: true }),
      location: describeStore(store, env),
    };
  }
  if (kind === 'postgres') {
    const { openPostgresStore } = await import('./postgres-store.js');
    const adapter = await openPostgresStore(store);
    return {
      keyv: new KeyvClass({ store: adapter, namespace, throwOnErrors: true }),
      location: describeStore(store, env),
    };
  }
  const file = sqliteFile(env);
  const { openSqliteStore } = await import('./sqlite-store.js');
  const adapter = await openSqliteStore(file, 5_000);
  return { keyv: new KeyvClass({ store: adapter, namespace, throwOnErrors: true }), location: file };
}

// Postgres also takes a password as a query parameter (`?password=…`): hidden as well.
function redactPassword(url: string, kind: StoreKind): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    for (const name of [...parsed.searchParams.keys()])
      if (/pass/i.test(name)) parsed.searchParams.set(name, '***');
    return parsed.toString();
  } catch {
    return kind;
  }
}
