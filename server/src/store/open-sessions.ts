import type { SweepSchedule } from './expiry-sweep.js';
import { KeyvSessions } from './keyv-sessions.js';
import { describeStore, openStore, storeKind } from './open-store.js';
import type { SessionBackend, SessionLimits } from './sessions.js';

/** The keyv namespace of sessions in memory and in the SQLite file. */
export const SESSIONS_NAMESPACE = 'lantern-sessions';

/**
 * Opens the sessions of `ask` in the store `cache.store` names: lists in Redis and rows in Postgres
 * (appends atomic across replicas), values in the keyv store otherwise (memory, the SQLite file).
 * Each kind's code is imported only when used.
 */
export async function openSessionBackend(
  store: string,
  env: NodeJS.ProcessEnv,
  limits: SessionLimits,
  sweep?: SweepSchedule,
): Promise<SessionBackend> {
  const location = describeStore(store, env);
  switch (storeKind(store)) {
    case 'redis': {
      const { openRedisSessions } = await import('./redis-sessions.js');
      return openRedisSessions(store, location, limits);
    }
    case 'postgres': {
      const { openPostgresSessions } = await import('./postgres-sessions.js');
      return openPostgresSessions(store, location, limits, sweep);
    }
    default:
      return new KeyvSessions(await openStore(store, SESSIONS_NAMESPACE, env), limits);
  }
}
