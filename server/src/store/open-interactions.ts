import {
  DEFAULT_INTERACTION_LIMIT,
  type InteractionBackend,
  InteractionLog,
  MemoryInteractions,
} from './interaction-log.js';
import { describeStore, sqliteFile, storeKind } from './open-store.js';

/** The store the usage log lives in: `cache.usageStore`, or (empty) the cache's own `cache.store`. */
export function usageStoreOf(cache: { readonly store: string; readonly usageStore: string }): string {
  return cache.usageStore || cache.store;
}

/**
 * Opens the interaction log in the store `cache.usageStore` (else `cache.store`) names, beside the cache and the sessions: a
 * table in the SQLite file or in Postgres, a stream in Redis, a bounded list in memory. Each kind's
 * code is imported only when used.
 */
export async function openInteractionBackend(
  store: string,
  env: NodeJS.ProcessEnv,
  limit: number = DEFAULT_INTERACTION_LIMIT,
): Promise<InteractionBackend> {
  const location = describeStore(store, env);
  switch (storeKind(store)) {
    case 'memory':
      return new MemoryInteractions(limit);
    case 'redis': {
      const { openRedisInteractions } = await import('./redis-interactions.js');
      return openRedisInteractions(store, location, limit);
    }
    case 'postgres': {
      const { openPostgresInteractions } = await import('./postgres-interactions.js');
      return openPostgresInteractions(store, location, limit);
    }
    case 'sqlite': {
      const { openSqliteInteractions } = await import('./sqlite-interactions.js');
      return openSqliteInteractions(sqliteFile(env), limit);
    }
  }
}

/** An interaction log on `store`, opened on first use; its problems go to `onProblem`, once per outage. */
export function interactionLog(
  store: string,
  env: NodeJS.ProcessEnv,
  onProblem: (message: string) => void,
  limit: number = DEFAULT_INTERACTION_LIMIT,
): InteractionLog {
  return new InteractionLog(
    () => openInteractionBackend(store, env, limit),
    describeStore(store, env),
    onProblem,
  );
}
