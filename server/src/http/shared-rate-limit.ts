import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { SharedWindowCounter } from '../store/shared-window-counter.js';
import type { RateLimitStore } from './guards.js';

/**
 * The rate limiter's store over a counter shared by replicas (Redis): @fastify/rate-limit's own Redis
 * store wants an ioredis client, while Lantern's Redis client is node-redis (the one keyv's adapter
 * uses), so the plugin gets a store of ours. One count per client across every route, as with the
 * plugin's default store.
 */
export function sharedRateLimitStore(counter: SharedWindowCounter): RateLimitStore {
  class SharedStore implements FastifyRateLimitStore {
    incr(
      key: string,
      callback: (error: Error | null, result?: { current: number; ttl: number }) => void,
      timeWindow: number,
    ): void {
      counter.increment(key, timeWindow).then(
        (count) => callback(null, { current: count.current, ttl: count.ttlMs }),
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    }

    child(): FastifyRateLimitStore {
      return this;
    }
  }
  return { store: SharedStore as FastifyRateLimitStoreCtor };
}
