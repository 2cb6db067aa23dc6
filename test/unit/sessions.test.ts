import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSessionBackend } from '../../server/src/store/open-sessions.js';
import {
  type SessionBackend,
  type SessionLimits,
  SessionStore,
  type Turn,
} from '../../server/src/store/sessions.js';
import { postgresForSuite, postgresTestsSkipReason } from '../support/postgres-server.js';
import { type RedisServer, redisTestsSkipReason, startRedisServer } from '../support/redis-server.js';

const MINUTE = 60_000;

/** A session store in memory with a clock the test moves by hand, and the problems it reported. */
function sessions(limits: { maxTurns: number; maxAgeMs: number }) {
  const clock = { now: 1_000_000 };
  const problems: string[] = [];
  const store = new SessionStore(
    (opened) => openSessionBackend('memory', {}, opened),
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

type OpenBackend = (limits: SessionLimits) => Promise<SessionBackend>;

/** A session store on `open`, as one replica holds it, and the problems it reported. */
function replica(open: OpenBackend, limits: SessionLimits) {
  const problems: string[] = [];
  const store = new SessionStore(open, limits, (message) => problems.push(message));
  return { store, problems };
}

const questionsFor = (who: string, count: number) =>
  Array.from({ length: count }, (_, index) => `${who} question ${index}`);

async function appendAll(store: SessionStore, session: string, questions: readonly string[]): Promise<void> {
  await Promise.all(
    questions.map((question) =>
      store.append(session, { question, answer: `answer to ${question}`, at: Date.now() }),
    ),
  );
}

/** Eight turns appended at once to one session: each must be kept (none overwritten by another). */
function concurrentAppends(open: OpenBackend) {
  it('eight concurrent appends to one session keep all eight turns', async () => {
    const { store, problems } = replica(open, { maxTurns: 20, maxAgeMs: 60 * MINUTE });
    try {
      const session = `concurrent-${Math.random()}`;
      const questions = questionsFor('one', 8);
      await appendAll(store, session, questions);
      const kept = await store.history(session);
      expect(kept.map((turn) => turn.question).sort()).toEqual([...questions].sort());
      expect(problems).toEqual([]);
    } finally {
      await store.close();
    }
  });
}

/**
 * Two replicas (two store clients, each with its own connection) appending to one session at the same
 * instant: an append that reads the history and writes it back whole loses the other replica's turns.
 */
function twoReplicasAppend(open: OpenBackend) {
  it('two replicas appending to one session at once keep every turn of both', async () => {
    const limits = { maxTurns: 50, maxAgeMs: 60 * MINUTE };
    const [a, b] = [replica(open, limits), replica(open, limits)];
    try {
      const session = `replicas-${Math.random()}`;
      const [fromA, fromB] = [questionsFor('a', 10), questionsFor('b', 10)];
      await Promise.all([appendAll(a.store, session, fromA), appendAll(b.store, session, fromB)]);
      for (const { store } of [a, b]) {
        const kept = (await store.history(session)).map((turn) => turn.question);
        expect(kept.sort()).toEqual([...fromA, ...fromB].sort());
      }
      expect([...a.problems, ...b.problems]).toEqual([]);
    } finally {
      await Promise.all([a.store.close(), b.store.close()]);
    }
  });

  it('keeps the last maxTurns turns when both append at once, each replica’s own in order', async () => {
    const limits = { maxTurns: 6, maxAgeMs: 60 * MINUTE };
    const [a, b] = [replica(open, limits), replica(open, limits)];
    try {
      const session = `replicas-limit-${Math.random()}`;
      const [fromA, fromB] = [questionsFor('a', 8), questionsFor('b', 8)];
      // Each replica appends its turns one after another (a conversation), both at the same time.
      const inOrder = async (store: SessionStore, questions: readonly string[]) => {
        for (const question of questions) await appendAll(store, session, [question]);
      };
      await Promise.all([inOrder(a.store, fromA), inOrder(b.store, fromB)]);
      const kept = (await a.store.history(session)).map((turn) => turn.question);
      expect(kept).toHaveLength(6);
      // The newest go on: of each replica's turns, those kept are its last ones, in the order it asked.
      for (const [who, asked] of [
        ['a', fromA],
        ['b', fromB],
      ] as const) {
        const own = kept.filter((question) => question.startsWith(`${who} `));
        expect(own).toEqual(asked.slice(asked.length - own.length));
      }
      expect(['a question 7', 'b question 7']).toContain(kept.at(-1));
      expect(await b.store.history(session)).toEqual(await a.store.history(session));
    } finally {
      await Promise.all([a.store.close(), b.store.close()]);
    }
  });
}

/** Turns dated by their own `at`: a store that keeps rows past their age must still start over. */
function startsOverWhenExpired(open: OpenBackend) {
  it('a turn after the session expired starts it over, even while the old rows are not swept yet', async () => {
    const { store, problems } = replica(open, { maxTurns: 10, maxAgeMs: 60 * MINUTE });
    try {
      const session = `expired-${Math.random()}`;
      const now = Date.now();
      await store.append(session, { question: 'old', answer: 'a', at: now - 120 * MINUTE });
      await store.append(session, { question: 'new', answer: 'b', at: now });
      expect((await store.history(session)).map((turn) => turn.question)).toEqual(['new']);
      expect(problems).toEqual([]);
    } finally {
      await store.close();
    }
  });
}

describe('SessionStore appends: memory', () => {
  concurrentAppends((limits) => openSessionBackend('memory', {}, limits));
});

describe('SessionStore appends: SQLite file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lantern-sessions-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  concurrentAppends((limits) => openSessionBackend('sqlite', { LANTERN_CACHE_DIR: dir }, limits));
});

const REDIS_TITLE = 'SessionStore appends: redis-server';
describe.skipIf(redisTestsSkipReason(REDIS_TITLE) !== undefined)(REDIS_TITLE, () => {
  let redis: RedisServer | undefined;
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => redis?.stop());
  const open: OpenBackend = (limits) => {
    if (!redis) throw new Error('redis-server did not start');
    return openSessionBackend(redis.url, {}, limits);
  };
  concurrentAppends(open);
  twoReplicasAppend(open);
});

const POSTGRES_TITLE = 'SessionStore appends: Postgres';
describe.skipIf(postgresTestsSkipReason(POSTGRES_TITLE) !== undefined)(POSTGRES_TITLE, () => {
  const postgres = postgresForSuite();
  const open: OpenBackend = (limits) => openSessionBackend(postgres().url, {}, limits);
  concurrentAppends(open);
  twoReplicasAppend(open);
  startsOverWhenExpired(open);
});
