import { homedir } from 'node:os';
import { join } from 'node:path';
import type Keyv from 'keyv';

/** A keyv store and where it lives (for lantern/status; a redis URL is shown without its password). */
export interface OpenedStore {
  readonly keyv: Keyv;
  readonly location: string;
}

/** The folder for Lantern's SQLite cache: LANTERN_CACHE_DIR, else $XDG_CACHE_HOME/lantern, else ~/.cache/lantern. */
export function cacheDirectory(env: NodeJS.ProcessEnv): string {
  if (env.LANTERN_CACHE_DIR) return env.LANTERN_CACHE_DIR;
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'lantern');
}

/** Where a store lives, as lantern/status shows it (a redis URL without its password). */
export function describeStore(store: string, env: NodeJS.ProcessEnv): string {
  if (store === 'memory') return 'memory';
  if (store.startsWith('redis://') || store.startsWith('rediss://')) return redactPassword(store);
  return join(cacheDirectory(env), 'cache.sqlite');
}

/**
 * Opens the store named by `cache.store`: `memory`, `sqlite` (one file shared by every Lantern on this
 * machine) or a `redis://` URL (a cache shared by a team). Adapters are imported only when used, so an
 * offline session never loads the SQLite binding. Store failures are thrown (keyv would swallow them),
 * and what a store repaired by itself is emitted as keyv's `error` event: the caller listens for both.
 */
export async function openStore(
  store: string,
  namespace: string,
  env: NodeJS.ProcessEnv,
): Promise<OpenedStore> {
  const { default: KeyvClass } = await import('keyv');
  if (store === 'memory')
    return { keyv: new KeyvClass({ namespace, throwOnErrors: true }), location: 'memory' };
  if (store.startsWith('redis://') || store.startsWith('rediss://')) {
    const { default: KeyvRedis } = await import('@keyv/redis');
    const adapter = new KeyvRedis(store, { throwOnConnectError: false, connectionTimeout: 2_000 });
    return {
      keyv: new KeyvClass({ store: adapter, namespace, throwOnErrors: true }),
      location: describeStore(store, env),
    };
  }
  const file = describeStore(store, env);
  const { openSqliteStore } = await import('./sqlite-store.js');
  const adapter = await openSqliteStore(file, 5_000);
  return { keyv: new KeyvClass({ store: adapter, namespace, throwOnErrors: true }), location: file };
}

function redactPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'redis';
  }
}
