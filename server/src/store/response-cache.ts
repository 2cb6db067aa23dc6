import { createHash } from 'node:crypto';
import type { OpenedStore } from './open-store.js';

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
 * Collapses whitespace so that re-indenting or re-wrapping code maps to the same key: a reformatted
 * unit costs no new model call.
 */
export function normalizeWhitespace(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim().replace(/\s+/g, ' '))
    .filter((line) => line !== '')
    .join('\n');
}

/** sha256 over the parts, the context whitespace-normalised. */
export function cacheKey(parts: CacheKeyParts): string {
  const hash = createHash('sha256');
  for (const part of [
    parts.provider,
    parts.model,
    parts.promptVersion,
    parts.ability,
    normalizeWhitespace(parts.context),
  ]) {
    hash.update(part);
    hash.update('\u0000');
  }
  return hash.digest('hex');
}

const STORE_TIMEOUT_MS = 2_000;

/**
 * Model answers in a keyv store, opened on first use. A store that fails (a redis server gone, a
 * locked file) turns into misses and one logged problem: the cache may never break an answer.
 */
export class ResponseCache {
  #opened: Promise<OpenedStore> | undefined;
  #hits = 0;
  #misses = 0;
  #location: string;
  #lastProblem: string | undefined;

  constructor(
    private readonly open: () => Promise<OpenedStore>,
    location: string,
    private readonly ttlMs: number,
    private readonly onProblem: (message: string) => void,
  ) {
    this.#location = location;
  }

  async get(key: string): Promise<CachedAnswer | undefined> {
    const value = await this.#use((store) => store.get<CachedAnswer>(key));
    if (value && typeof value.text === 'string') {
      this.#hits++;
      return value;
    }
    this.#misses++;
    return undefined;
  }

  async set(key: string, answer: CachedAnswer): Promise<void> {
    await this.#use((store) => store.set(key, answer, this.ttlMs));
  }

  async delete(key: string): Promise<void> {
    await this.#use((store) => store.delete(key));
  }

  async clear(): Promise<void> {
    await this.#use((store) => store.clear());
  }

  stats(): { location: string; hits: number; misses: number; lastProblem: string | undefined } {
    return {
      location: this.#location,
      hits: this.#hits,
      misses: this.#misses,
      lastProblem: this.#lastProblem,
    };
  }

  async #use<T>(operation: (store: OpenedStore['keyv']) => Promise<T>): Promise<T | undefined> {
    try {
      this.#opened ??= this.open().then(
        (opened) => {
          this.#location = opened.location;
          return opened;
        },
        (error: unknown) => {
          this.#opened = undefined; // try opening again next time
          throw error;
        },
      );
      const { keyv } = await this.#opened;
      // A disconnected redis client queues commands instead of failing them: bound every operation.
      return await withTimeout(operation(keyv), STORE_TIMEOUT_MS);
    } catch (error) {
      const message = `Lantern's cache failed (${this.#location}): ${(error as Error).message}`;
      if (message !== this.#lastProblem) this.onProblem(message);
      this.#lastProblem = message;
      return undefined;
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
