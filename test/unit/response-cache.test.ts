import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type OpenedStore, openStore } from '../../server/src/store/open-store.js';
import { type CacheKeyParts, cacheKey, ResponseCache } from '../../server/src/store/response-cache.js';
import { postgresForSuite, postgresTestsSkipReason } from '../support/postgres-server.js';
import {
  type RedisServer,
  redisTestsSkipReason,
  startRedisServer,
  unusedPort,
} from '../support/redis-server.js';

const PARTS: CacheKeyParts = {
  provider: 'anthropic',
  model: 'claude-x',
  promptVersion: 'explain-1',
  ability: 'explain',
  context: 'function add(a, b) {\n  return a + b;\n}',
};

describe('cache key', () => {
  it('is a stable sha256 of its parts', () => {
    expect(cacheKey(PARTS)).toMatch(/^[0-9a-f]{64}$/);
    expect(cacheKey({ ...PARTS })).toBe(cacheKey(PARTS));
  });

  it.each(['provider', 'model', 'promptVersion', 'ability', 'context'] as const)(
    'changes with %s',
    (part) => {
      expect(cacheKey({ ...PARTS, [part]: `${PARTS[part]}2` })).not.toBe(cacheKey(PARTS));
    },
  );

  it('does not let parts run into each other', () => {
    expect(cacheKey({ ...PARTS, provider: 'anthropicclaude-x', model: '' })).not.toBe(cacheKey(PARTS));
  });

  it("keeps the context as given: reducing it to its meaning is the caller's (see cache-key-meaning)", () => {
    expect(cacheKey({ ...PARTS, context: PARTS.context.replace('  return', '    return') })).not.toBe(
      cacheKey(PARTS),
    );
  });

  it('differs when code changes beyond whitespace', () => {
    expect(cacheKey({ ...PARTS, context: PARTS.context.replace('a + b', 'a - b') })).not.toBe(
      cacheKey(PARTS),
    );
  });
});

const ANSWER = { text: 'Adds two numbers.', model: 'claude-x', createdAt: 1_700_000_000_000 };
const TTL_MS = 60_000;

/** A ResponseCache over `open`, keeping the opened store so the test can close it. */
function cacheOver(open: () => Promise<OpenedStore>, problems: string[] = []) {
  let opened: OpenedStore | undefined;
  const cache = new ResponseCache(
    async () => {
      opened = await open();
      return opened;
    },
    'not opened yet',
    TTL_MS,
    (message) => problems.push(message),
  );
  return { cache, problems, close: async () => opened?.keyv.disconnect() };
}

/** The same checks for every store kind: what the user relies on whichever store is configured. */
function storeContract(open: () => Promise<OpenedStore>) {
  const closers: (() => Promise<void>)[] = [];
  const track = (made: ReturnType<typeof cacheOver>) => {
    closers.push(made.close);
    return made;
  };
  afterEach(async () => {
    vi.useRealTimers();
    for (const close of closers.splice(0)) await close();
  });

  it('misses, stores, then hits, counting both', async () => {
    const { cache, problems } = track(cacheOver(open));
    const key = cacheKey({ ...PARTS, context: `round trip ${Math.random()}` });
    expect(await cache.get(key)).toBeUndefined();
    await cache.set(key, ANSWER);
    expect(await cache.get(key)).toEqual(ANSWER);
    expect(await cache.get(key)).toEqual(ANSWER);
    expect(cache.stats()).toMatchObject({ hits: 2, misses: 1, lastProblem: undefined });
    expect(problems).toEqual([]);
  });

  it('forgets an entry after its TTL', async () => {
    const { cache } = track(cacheOver(open));
    const key = cacheKey({ ...PARTS, context: `ttl ${Math.random()}` });
    // keyv checks expiry against Date.now() on read: moving the clock is exact, with no waiting.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    await cache.set(key, ANSWER);
    vi.setSystemTime(Date.now() + TTL_MS - 1_000);
    expect(await cache.get(key)).toEqual(ANSWER);
    vi.setSystemTime(Date.now() + 2_000);
    expect(await cache.get(key)).toBeUndefined();
  });

  it('deletes one entry and clears all', async () => {
    const { cache } = track(cacheOver(open));
    const [a, b] = ['a', 'b'].map((name) => cacheKey({ ...PARTS, context: `${name} ${Math.random()}` }));
    if (!a || !b) throw new Error('two keys expected');
    await cache.set(a, ANSWER);
    await cache.set(b, ANSWER);
    await cache.delete(a);
    expect(await cache.get(a)).toBeUndefined();
    expect(await cache.get(b)).toEqual(ANSWER);
    await cache.clear();
    expect(await cache.get(b)).toBeUndefined();
  });

  it('shares entries between two caches on the same store', async () => {
    const first = track(cacheOver(open)).cache;
    const second = track(cacheOver(open)).cache;
    const key = cacheKey({ ...PARTS, context: `shared ${Math.random()}` });
    await first.set(key, ANSWER);
    expect(await second.get(key)).toEqual(ANSWER);
  });
}

describe('response cache: memory', () => {
  // Each memory store is its own map: one shared instance stands for "the same store".
  let shared: Promise<OpenedStore> | undefined;
  storeContract(() => {
    shared ??= openStore('memory', 'lantern-test', {});
    return shared;
  });
});

describe('response cache: SQLite file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lantern-cache-'));
  const env = { LANTERN_CACHE_DIR: join(dir, 'nested') };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  storeContract(() => openStore('sqlite', 'lantern-test', env));

  it('lives in LANTERN_CACHE_DIR (created if missing) and reports the file as its location', async () => {
    const { cache, close } = cacheOver(() => openStore('sqlite', 'lantern-test', env));
    await cache.get('anything');
    await close();
    const file = join(dir, 'nested', 'cache.sqlite');
    expect(cache.stats().location).toBe(file);
    expect(existsSync(file)).toBe(true);
  });

  it('clears only its own namespace: clearing the cache keeps the ask sessions in the same file', async () => {
    const answers = cacheOver(() => openStore('sqlite', 'lantern-answers', env));
    const sessions = cacheOver(() => openStore('sqlite', 'lantern-sessions', env));
    try {
      const key = cacheKey({ ...PARTS, context: `namespaces ${Math.random()}` });
      await answers.cache.set(key, ANSWER);
      await sessions.cache.set(key, ANSWER);
      await answers.cache.clear();
      expect(await answers.cache.get(key)).toBeUndefined();
      expect(await sessions.cache.get(key)).toEqual(ANSWER);
    } finally {
      await answers.close();
      await sessions.close();
    }
  });
});

const REDIS_TITLE = 'response cache: redis-server';
describe.skipIf(redisTestsSkipReason(REDIS_TITLE) !== undefined)(REDIS_TITLE, () => {
  let redis: RedisServer | undefined;
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => redis?.stop());

  storeContract(() => {
    if (!redis) throw new Error('redis-server did not start');
    return openStore(redis.url, 'lantern-test', {});
  });
});

const POSTGRES_TITLE = 'response cache: Postgres';
describe.skipIf(postgresTestsSkipReason(POSTGRES_TITLE) !== undefined)(POSTGRES_TITLE, () => {
  const postgres = postgresForSuite();
  storeContract(() => openStore(postgres().url, 'lantern-test', {}));

  it('shows its URL without the password as its location', async () => {
    const { url } = postgres();
    const withPassword = url.replace('lantern@', 'lantern:s3cret@');
    const { cache, close } = cacheOver(() => openStore(withPassword, 'lantern-test', {}));
    await cache.get('anything');
    await close();
    expect(cache.stats().location).toBe(url.replace('lantern@', 'lantern:***@'));
  });
});

describe('response cache: a store that fails', () => {
  it('turns into misses and one reported problem, never an exception', async () => {
    // Nothing listens on this port: every operation fails or times out.
    const url = `redis://127.0.0.1:${await unusedPort()}`;
    const { cache, problems, close } = cacheOver(() => openStore(url, 'lantern-test', {}));
    try {
      expect(await cache.get('k')).toBeUndefined();
      await expect(cache.set('k', ANSWER)).resolves.toBeUndefined();
      expect(await cache.get('k')).toBeUndefined();
      expect(problems).toHaveLength(1);
      expect(problems[0]).toContain(url);
      expect(cache.stats()).toMatchObject({ hits: 0, misses: 2, lastProblem: expect.stringContaining(url) });
    } finally {
      await close();
    }
  });

  it('a Postgres URL nothing answers: misses and a problem, opened again on the next use', async () => {
    const url = `postgres://lantern@127.0.0.1:${await unusedPort()}/postgres`;
    const { cache, problems, close } = cacheOver(() => openStore(url, 'lantern-test', {}));
    try {
      expect(await cache.get('k')).toBeUndefined();
      await expect(cache.set('k', ANSWER)).resolves.toBeUndefined();
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/ECONNREFUSED/);
    } finally {
      await close();
    }
  });

  it('reports a store that cannot be opened, and tries to open it again next time', async () => {
    let attempts = 0;
    const { cache, problems } = cacheOver(async () => {
      attempts++;
      throw new Error('disk full');
    });
    expect(await cache.get('k')).toBeUndefined();
    expect(await cache.get('k')).toBeUndefined();
    expect(attempts).toBe(2);
    expect(problems).toEqual(["Lantern's cache failed (not opened yet): disk full"]);
  });
});
