import Keyv from 'keyv';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresSessions } from '../../server/src/store/postgres-sessions.js';
import { openPostgresStore } from '../../server/src/store/postgres-store.js';
import { eventually } from '../support/eventually.js';
import { postgresForSuite, postgresTestsSkipReason } from '../support/postgres-server.js';

const HOUR = 3_600_000;
const MINUTE = 60_000;

/** Keys in keyv's table, read straight from Postgres (a read through keyv would delete an expired one itself). */
async function keysIn(client: pg.Client, prefix: string): Promise<string[]> {
  const { rows } = await client.query<{ key: string }>(
    'SELECT key FROM public.keyv WHERE key LIKE $1 ORDER BY key',
    [`${prefix}%`],
  );
  return rows.map((row) => row.key);
}

const TITLE = 'Postgres store: expired rows are swept';
describe.skipIf(postgresTestsSkipReason(TITLE) !== undefined)(TITLE, () => {
  const postgres = postgresForSuite();
  let client: pg.Client;
  beforeAll(async () => {
    client = new pg.Client({ connectionString: postgres().url });
    await client.connect();
  });
  afterAll(async () => client?.end());

  it('deletes the store’s expired entries by itself, in bounded batches, and keeps live ones and those with no TTL', async () => {
    // Two batches of 2 rows per sweep at the most: 5 expired rows take more than one sweep, and all go.
    const adapter = await openPostgresStore(postgres().url, { everyMs: 100, batchRows: 2, maxBatches: 2 });
    const keyv = new Keyv({ store: adapter, namespace: 'sweep-a', throwOnErrors: true });
    // Another namespace's expired row is its own store's to sweep, not this one's.
    const other = new Keyv({
      store: await openPostgresStore(postgres().url, { everyMs: 3_600_000 }),
      namespace: 'sweep-b',
    });
    try {
      await other.set('expired', 'x', 1);
      for (let index = 0; index < 5; index++) await keyv.set(`expired-${index}`, { text: 'old' }, 1);
      await keyv.set('live', { text: 'new' }, HOUR);
      await keyv.set('forever', { text: 'kept' });
      // A value that merely holds an "expires" field is not an expiry.
      await keyv.set('lookalike', { expires: 1 });
      await eventually(async () => (await keysIn(client, 'sweep-a:')).length === 3);
      expect(await keysIn(client, 'sweep-a:')).toEqual([
        'sweep-a:forever',
        'sweep-a:live',
        'sweep-a:lookalike',
      ]);
      expect(await keysIn(client, 'sweep-b:')).toEqual(['sweep-b:expired']);
      expect(await keyv.get('live')).toEqual({ text: 'new' });
    } finally {
      await keyv.disconnect();
      await other.disconnect();
    }
  }, 60_000);

  it('deletes the sessions whose last turn expired, and keeps every turn of a session still going', async () => {
    const sessions = await openPostgresSessions(
      postgres().url,
      'postgres',
      { maxTurns: 10, maxAgeMs: HOUR },
      { everyMs: 100, batchRows: 1, maxBatches: 2 },
    );
    const turn = (question: string, minutesAgo: number) => ({
      question,
      answer: 'a',
      at: Date.now() - minutesAgo * MINUTE,
    });
    const sessionIds = async () => {
      const { rows } = await client.query<{ session_id: string; turns: string }>(
        `SELECT session_id, count(*) AS turns FROM lantern_session_turns
         WHERE session_id LIKE 'sweep-%' GROUP BY session_id ORDER BY session_id`,
      );
      return rows.map((row) => `${row.session_id}:${row.turns}`);
    };
    try {
      // Three sessions over an hour old: more than one sweep's worth at 2 × 1.
      for (const id of ['sweep-old-1', 'sweep-old-2', 'sweep-old-3']) {
        await sessions.append(id, turn('q1', 150));
        await sessions.append(id, turn('q2', 90));
      }
      // Its first turn is over an hour old, but the conversation went on within the hour.
      await sessions.append('sweep-going', turn('q1', 100));
      await sessions.append('sweep-going', turn('q2', 50));
      await sessions.append('sweep-going', turn('q3', 0));
      await eventually(async () => (await sessionIds()).length === 1);
      expect(await sessionIds()).toEqual(['sweep-going:3']);
      expect((await sessions.newest('sweep-going', 10)).map((kept) => kept.question)).toEqual([
        'q1',
        'q2',
        'q3',
      ]);
    } finally {
      await sessions.close();
    }
  }, 60_000);

  it('the sessions’ sweep also deletes the expired sessions earlier versions kept as keyv rows', async () => {
    await client.query(`CREATE TABLE IF NOT EXISTS public.keyv(key VARCHAR(255) PRIMARY KEY, value TEXT)`);
    await client.query(
      `INSERT INTO public.keyv (key, value) VALUES
        ('lantern-sessions:legacy-expired', '{"value":[{"question":"q","answer":"a","at":1}],"expires":1}'),
        ('lantern-sessions:legacy-live', $1)`,
      [`{"value":[{"question":"q","answer":"a","at":1}],"expires":${Date.now() + HOUR}}`],
    );
    const sessions = await openPostgresSessions(
      postgres().url,
      'postgres',
      { maxTurns: 10, maxAgeMs: HOUR },
      { everyMs: 100 },
    );
    try {
      await eventually(async () => (await keysIn(client, 'lantern-sessions:')).length === 1);
      expect(await keysIn(client, 'lantern-sessions:')).toEqual(['lantern-sessions:legacy-live']);
    } finally {
      await sessions.close();
    }
  }, 60_000);

  it('stops when the store is closed', async () => {
    const keyv = new Keyv({
      store: await openPostgresStore(postgres().url, { everyMs: 50 }),
      namespace: 'sweep-c',
      throwOnErrors: true,
    });
    const errors: unknown[] = [];
    keyv.on('error', (error) => errors.push(error));
    await keyv.set('expired', 'x', 1);
    await eventually(async () => (await keysIn(client, 'sweep-c:')).length === 0);
    await keyv.disconnect();
    // Written after the close: no sweep is left to delete it (nor to fail on the ended pool).
    await client.query(
      `INSERT INTO public.keyv (key, value) VALUES ('sweep-c:after', '{"value":"x","expires":1}')`,
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await keysIn(client, 'sweep-c:')).toEqual(['sweep-c:after']);
    expect(errors).toEqual([]);
  }, 60_000);
});
