import { describe, expect, it } from 'vitest';
import { hashInput } from '../../server/src/store/interaction-log.js';
import { interactionLog } from '../../server/src/store/open-interactions.js';
import { openSessionBackend } from '../../server/src/store/open-sessions.js';
import { type OpenedStore, openStore } from '../../server/src/store/open-store.js';
import { ResponseCache } from '../../server/src/store/response-cache.js';
import { SessionStore } from '../../server/src/store/sessions.js';
import { postgresForSuite, postgresTestsSkipReason } from '../support/postgres-server.js';

const ANSWER = { text: 'Adds two numbers.', model: 'claude-x', createdAt: 1_700_000_000_000 };
const HOUR = 3_600_000;

/** A cache and a session store on `url`, as the agent core makes them, and the problems they report. */
function storesOn(url: string) {
  const problems: string[] = [];
  const opened: OpenedStore[] = [];
  const open = (namespace: string) => async () => {
    const store = await openStore(url, namespace, {});
    opened.push(store);
    return store;
  };
  const report = (message: string) => problems.push(message);
  const cache = new ResponseCache(open('lantern-responses'), url, HOUR, report);
  const sessions = new SessionStore(
    (limits) => openSessionBackend(url, {}, limits),
    { maxTurns: 10, maxAgeMs: HOUR },
    report,
  );
  const close = async () => {
    for (const store of opened) await store.keyv.disconnect();
    await sessions.close();
  };
  return { cache, sessions, problems, close };
}

const TITLE = 'Postgres store across a Postgres restart';
describe.skipIf(postgresTestsSkipReason(TITLE) !== undefined)(TITLE, () => {
  const server = postgresForSuite();

  it('keeps cached answers and sessions; while it is down Lantern misses and says so once, never crashes', async () => {
    const postgres = server();
    const running = storesOn(postgres.url);
    try {
      await running.cache.set('answer', ANSWER);
      await running.sessions.append('s1', { question: 'why?', answer: 'because', at: Date.now() });
      // Both pools now hold an idle connection: Postgres stopping kills it under them.
      await postgres.stop();

      expect(await running.cache.get('answer')).toBeUndefined();
      expect(await running.sessions.history('s1')).toEqual([]);
      expect(running.problems.length).toBeGreaterThanOrEqual(1);
      expect(running.problems.join('\n')).toMatch(/terminating connection|ECONNREFUSED/);

      await postgres.start();
      // The same stores reconnect by themselves…
      expect(await running.cache.get('answer')).toEqual(ANSWER);
      expect((await running.sessions.history('s1')).map((turn) => turn.answer)).toEqual(['because']);
    } finally {
      await running.close();
    }
    // …and a process started afterwards (a new replica) reads the same data.
    const fresh = storesOn(postgres.url);
    try {
      expect(await fresh.cache.get('answer')).toEqual(ANSWER);
      expect((await fresh.sessions.history('s1')).map((turn) => turn.question)).toEqual(['why?']);
      expect(fresh.problems).toEqual([]);
    } finally {
      await fresh.close();
    }
  }, 60_000);

  it('clearing the cache keeps the sessions (a table of their own)', async () => {
    const { cache, sessions, problems, close } = storesOn(server().url);
    try {
      await cache.set('to-clear', ANSWER);
      await sessions.append('s2', { question: 'q', answer: 'a', at: Date.now() });
      await cache.clear();
      expect(await cache.get('to-clear')).toBeUndefined();
      expect(await sessions.history('s2')).toHaveLength(1);
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  it('keeps the usage log across a restart', async () => {
    const postgres = server();
    const problems: string[] = [];
    const at = Date.now();
    const before = interactionLog(postgres.url, {}, (message) => problems.push(message));
    const record = {
      type: 'ask',
      inputHash: hashInput(['q']),
      inputTokens: 9,
      outputTokens: 3,
      durationMs: 40,
      status: 'ok',
      at,
    };
    await before.record(record);
    await postgres.stop();
    await postgres.start();
    // The same log, its pool's connection cut by the restart, writes again…
    await before.record({ ...record, at: at + 1 });
    await before.close();
    // …and a new one reads both.
    const after = interactionLog(postgres.url, {}, (message) => problems.push(message));
    expect(await after.recent(10)).toEqual([{ ...record, at: at + 1 }, record]);
    await after.close();
    expect(problems.join('\n')).not.toMatch(/usage log failed.*relation/);
  }, 60_000);
});
