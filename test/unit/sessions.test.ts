import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OpenedStore, openStore } from '../../server/src/store/open-store.js';
import { SessionStore, type Turn } from '../../server/src/store/sessions.js';
import { postgresForSuite, postgresTestsSkipReason } from '../support/postgres-server.js';
import { type RedisServer, redisTestsSkipReason, startRedisServer } from '../support/redis-server.js';

const MINUTE = 60_000;

/** A session store in memory with a clock the test moves by hand, and the problems it reported. */
function sessions(limits: { maxTurns: number; maxAgeMs: number }) {
  const clock = { now: 1_000_000 };
  const problems: string[] = [];
  const store = new SessionStore(
    () => openStore('memory', 'lantern-sessions-test', {}),
    limits,
    (message) => problems.push(message),
    () => clock.now,
  );
  const turn = (question: string): Turn => ({ question, answer: `answer to ${question}`, at: clock.now });
  return { store, clock, problems, turn };
}

describe('SessionStore limits', () => {
  it('keeps the last maxTurns turns: a third turn pushes out the first', async () => {
    const { store, turn, problems } = sessions({ maxTurns: 2, maxAgeMs: 60 * MINUTE });
    await store.append('s', turn('one'));
    await store.append('s', turn('two'));
    expect((await store.history('s')).map((t) => t.question)).toEqual(['one', 'two']);
    await store.append('s', turn('three'));
    expect((await store.history('s')).map((t) => t.question)).toEqual(['two', 'three']);
    expect(problems).toEqual([]);
  });

  it('a session untouched for maxAge comes back empty, and a new turn starts it over', async () => {
    const { store, clock, turn } = sessions({ maxTurns: 10, maxAgeMs: 60 * MINUTE });
    await store.append('s', turn('one'));
    clock.now += 60 * MINUTE - 1;
    expect(await store.history('s')).toHaveLength(1);
    clock.now += 1;
    expect(await store.history('s')).toEqual([]);
    await store.append('s', turn('again'));
    expect((await store.history('s')).map((t) => t.question)).toEqual(['again']);
  });

  it('a session still in use keeps its early turns, however old they are', async () => {
    const { store, clock, turn } = sessions({ maxTurns: 10, maxAgeMs: 60 * MINUTE });
    await store.append('s', turn('one'));
    clock.now += 50 * MINUTE;
    await store.append('s', turn('two'));
    clock.now += 50 * MINUTE;
    expect((await store.history('s')).map((t) => t.question)).toEqual(['one', 'two']);
  });

  it('sessions are separate, and an unknown one is empty', async () => {
    const { store, turn } = sessions({ maxTurns: 2, maxAgeMs: 60 * MINUTE });
    await store.append('a', turn('for a'));
    expect(await store.history('b')).toEqual([]);
    expect((await store.history('a')).map((t) => t.question)).toEqual(['for a']);
  });
});

/** Eight turns appended at once to one session: each must be kept (none overwritten by another). */
function concurrentAppends(open: () => Promise<OpenedStore>) {
  it('eight concurrent appends to one session keep all eight turns', async () => {
    const problems: string[] = [];
    const closers: OpenedStore[] = [];
    const store = new SessionStore(
      async () => {
        const opened = await open();
        closers.push(opened);
        return opened;
      },
      { maxTurns: 20, maxAgeMs: 60 * MINUTE },
      (message) => problems.push(message),
    );
    try {
      const session = `concurrent-${Math.random()}`;
      const questions = Array.from({ length: 8 }, (_, index) => `question ${index}`);
      await Promise.all(
        questions.map((question) =>
          store.append(session, { question, answer: `answer to ${question}`, at: Date.now() }),
        ),
      );
      const kept = await store.history(session);
      expect(kept.map((turn) => turn.question).sort()).toEqual(questions);
      expect(problems).toEqual([]);
    } finally {
      for (const opened of closers) await opened.keyv.disconnect();
    }
  });
}

describe('SessionStore appends: memory', () => {
  concurrentAppends(() => openStore('memory', 'lantern-sessions-test', {}));
});

describe('SessionStore appends: SQLite file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lantern-sessions-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  concurrentAppends(() => openStore('sqlite', 'lantern-sessions-test', { LANTERN_CACHE_DIR: dir }));
});

const REDIS_TITLE = 'SessionStore appends: redis-server';
describe.skipIf(redisTestsSkipReason(REDIS_TITLE) !== undefined)(REDIS_TITLE, () => {
  let redis: RedisServer | undefined;
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => redis?.stop());
  concurrentAppends(() => {
    if (!redis) throw new Error('redis-server did not start');
    return openStore(redis.url, 'lantern-sessions-test', {});
  });
});

const POSTGRES_TITLE = 'SessionStore appends: Postgres';
describe.skipIf(postgresTestsSkipReason(POSTGRES_TITLE) !== undefined)(POSTGRES_TITLE, () => {
  const postgres = postgresForSuite();
  concurrentAppends(() => openStore(postgres().url, 'lantern-sessions-test', {}));
});
