import { createHash } from 'node:crypto';
import type { OpenedStore } from './open-store.js';
import { StoreAccess } from './store-access.js';

/** A model answer as cached. Holds no key and no request headers: only what the user will see again. */
export interface CachedAnswer {
  readonly text: string;
  readonly model: string;
  readonly createdAt: number;
}

/** What identifies an answer: change any part and the cache misses. */
export interface CacheKeyParts {
  readonly provider: string;
  readonly model: string;
  readonly promptVersion: string;
  readonly ability: string;
  readonly context: string;
}

/**
 * Part of every key: bumped when what `context` holds changes, so entries written under the old rule
 * (whitespace collapsed, which served stale answers) are never read again and simply expire.
 */
const KEY_VERSION = 'meaning-2';

/**
 * sha256 over the parts. `context` is what the answer depends on, reduced by the caller to what it
 * means (agent/prompt-meaning.ts), so reformatted code maps to the same key and changed code does not.
 */
export function cacheKey(parts: CacheKeyParts): string {
  const hash = createHash('sha256');
  for (const part of [
    KEY_VERSION,
    parts.provider,
    parts.model,
    parts.promptVersion,
    parts.ability,
    parts.context,
  ]) {
    hash.update(part);
    hash.update('\u0000');
  }
  return hash.digest('hex');
}

// A key never written: reading it proves the store answers, and costs nothing.
const READINESS_PROBE_KEY = 'lantern-readiness-probe';

/**
 * Model answers in a keyv store, opened on first use. A store that fails (a redis server gone, a
 * locked or broken file) turns into misses and one reported problem: the cache may never break an answer.
 */
export class ResponseCache {
  readonly #store: StoreAccess;
  #hits = 0;
  #misses = 0;

  constructor(
    open: () => Promise<OpenedStore>,
    location: string,
    private readonly ttlMs: number,
    onProblem: (message: string) => void,
    /** Told of every read, found or not (the performance monitor's cache hits and misses). */
    private readonly onLookup: (hit: boolean) => void = () => undefined,
  ) {
    this.#store = new StoreAccess(open, location, 'cache', onProblem);
  }

  async get(key: string): Promise<CachedAnswer | undefined> {
    const value = await this.#store.use((store) => store.get<CachedAnswer>(key));
    if (value && typeof value.text === 'string') {
      this.#hits++;
      this.onLookup(true);
      return value;
    }
    this.#misses++;
    this.onLookup(false);
    return undefined;
  }

  async set(key: string, answer: CachedAnswer): Promise<void> {
    await this.#store.use((store) => store.set(key, answer, this.ttlMs));
  }

  async delete(key: string): Promise<void> {
    await this.#store.use((store) => store.delete(key));
  }

  async clear(): Promise<void> {
    await this.#store.use((store) => store.clear());
  }

  async close(): Promise<void> {
    await this.#store.close();
  }

  /** Whether the store answers now (a readiness probe): a read that fails or times out says no. */
  async reachable(): Promise<boolean> {
    return await this.#store.answers((store) => store.has(READINESS_PROBE_KEY));
  }

  stats(): { location: string; hits: number; misses: number; lastProblem: string | undefined } {
    return {
      location: this.#store.location,
      hits: this.#hits,
      misses: this.#misses,
      lastProblem: this.#store.lastProblem,
    };
  }
}
