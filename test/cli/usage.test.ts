import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashInput, type Interaction } from '../../server/src/store/interaction-log.js';
import { interactionLog } from '../../server/src/store/open-interactions.js';
import { fakeModelEnv, offlineEnv, runLantern, writeUserConfig } from '../support/cli-runner.js';
import { FakeModelServer } from '../support/fake-model-server.js';
import { FAKE_KEYS } from '../support/model-session.js';
import { postgresForSuite, postgresTestsSkipReason } from '../support/postgres-server.js';
import { redisForSuite, redisTestsSkipReason } from '../support/redis-server.js';
import { postgresContents, redisContents } from '../support/store-contents.js';

const TODAY = Date.now();
const YESTERDAY = TODAY - 86_400_000;

function interaction(type: string, at: number, inputTokens: number, outputTokens: number): Interaction {
  return {
    type,
    inputHash: hashInput([type, String(at)]),
    inputTokens,
    outputTokens,
    durationMs: 5,
    status: 'ok',
    at,
  };
}

/** Writes three requests over two days into the log of `store`, as a running Lantern would have. */
async function seed(store: string, env: Record<string, string>): Promise<void> {
  const problems: string[] = [];
  const log = interactionLog(store, env, (message) => problems.push(message));
  await log.record(interaction('explain', YESTERDAY, 100, 10));
  await log.record(interaction('explain', TODAY, 200, 20));
  await log.record(interaction('ask', TODAY, 50, 5));
  await log.close();
  expect(problems).toEqual([]);
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

describe('lantern usage', () => {
  it('prints requests and tokens per day and type from the SQLite file, with a total', async () => {
    const env = offlineEnv();
    await seed('sqlite', env);
    const run = await runLantern(env, ['usage', '--days', '2']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^model use over the last 2 days \(UTC\), from .*cache\.sqlite$/);
    expect(lines.slice(1).map((line) => line.split(/\s{2,}/))).toEqual([
      ['day', 'type', 'requests', 'input tokens', 'output tokens'],
      [day(YESTERDAY), 'explain', '1', '100', '10'],
      [day(TODAY), 'ask', '1', '50', '5'],
      [day(TODAY), 'explain', '1', '200', '20'],
      ['total', '3', '350', '35'],
    ]);
  });

  it('--json: one document; --days 1 is today alone', async () => {
    const env = offlineEnv();
    await seed('sqlite', env);
    const run = await runLantern(env, ['usage', '--days', '1', '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      days: 1,
      usage: [
        { day: day(TODAY), type: 'ask', requests: 1, inputTokens: 50, outputTokens: 5 },
        { day: day(TODAY), type: 'explain', requests: 1, inputTokens: 200, outputTokens: 20 },
      ],
    });
  });

  it('says when nothing was recorded, and refuses a bad --days', async () => {
    const env = offlineEnv();
    const empty = await runLantern(env, ['usage']);
    expect(empty.stdout).toMatch(/last 7 days .*\nno requests recorded\n$/);
    const bad = await runLantern(env, ['usage', '--days', 'week']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('usage: lantern usage [--days N]');
  });
});

const POSTGRES_TITLE = 'lantern usage: Postgres';
describe.skipIf(postgresTestsSkipReason(POSTGRES_TITLE) !== undefined)(POSTGRES_TITLE, () => {
  const postgres = postgresForSuite();

  it('reads the log in the configured Postgres store, and exits when done', async () => {
    const env = offlineEnv();
    writeUserConfig(env, { cache: { store: postgres().url } });
    await seed(postgres().url, {});
    const run = await runLantern(env, ['usage', '--json']);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout).usage).toEqual([
      { day: day(YESTERDAY), type: 'explain', requests: 1, inputTokens: 100, outputTokens: 10 },
      { day: day(TODAY), type: 'ask', requests: 1, inputTokens: 50, outputTokens: 5 },
      { day: day(TODAY), type: 'explain', requests: 1, inputTokens: 200, outputTokens: 20 },
    ]);
  });
});

describe('lantern usage after real requests', () => {
  it('counts what a model request cost: its type, its tokens, a hash of its input and nothing of the input or key', async () => {
    const fake = await FakeModelServer.start();
    try {
      const env = fakeModelEnv('anthropic', fake);
      fake.script({ kind: 'text', text: 'Adds the item.' });
      const explained = await runLantern(env, ['explain', 'examples/inventory.py:22']);
      expect(explained.code).toBe(0);
      // The same question again: a cache hit, a request that cost nothing.
      await runLantern(env, ['explain', 'examples/inventory.py:22']);
      expect(fake.requests).toHaveLength(1);

      const run = await runLantern(env, ['usage', '--days', '1', '--json']);
      expect(run.stderr).toBe('');
      // The fake server reports 42 input tokens and one output token per character.
      expect(JSON.parse(run.stdout).usage).toEqual([
        {
          day: day(Date.now()),
          type: 'explain',
          requests: 2,
          inputTokens: 42,
          outputTokens: 'Adds the item.'.length,
        },
      ]);
      // The SQLite file and its write-ahead log, as bytes.
      const dir = env.LANTERN_CACHE_DIR as string;
      const stored = readdirSync(dir)
        .map((name) => readFileSync(join(dir, name), 'latin1'))
        .join('\n');
      expect(stored).toContain('explain');
      expect(stored).not.toContain(FAKE_KEYS.anthropic);
      expect(stored).not.toContain('existing.quantity += item.quantity');
    } finally {
      await fake.close();
    }
  });
});

const SPLIT_TITLE = 'lantern usage: cache in Redis, usage log in Postgres';
describe.skipIf(Boolean(redisTestsSkipReason(SPLIT_TITLE) ?? postgresTestsSkipReason(SPLIT_TITLE)))(
  SPLIT_TITLE,
  () => {
    const redis = redisForSuite();
    const postgres = postgresForSuite();

    it('LANTERN_USAGE_STORE: the usage rows go to Postgres, the cached answer to Redis', async () => {
      const fake = await FakeModelServer.start();
      try {
        const env = {
          ...fakeModelEnv('anthropic', fake),
          LANTERN_CACHE_STORE: redis().url,
          LANTERN_USAGE_STORE: postgres().url,
        };
        fake.script({ kind: 'text', text: 'Adds the item.' });
        // It exits when done: the Redis and Postgres connections are let go (it used to hang on them).
        const explained = await runLantern(env, ['explain', 'examples/inventory.py:22']);
        expect(explained.stderr).toBe('');
        expect(explained.code).toBe(0);

        const problems: string[] = [];
        const log = interactionLog(postgres().url, {}, (message) => problems.push(message));
        const usage = await log.dailyUsage(1);
        await log.close();
        expect(problems).toEqual([]);
        expect(usage).toEqual([
          {
            day: day(Date.now()),
            type: 'explain',
            requests: 1,
            inputTokens: 42,
            outputTokens: 'Adds the item.'.length,
          },
        ]);
        const inRedis = await redisContents(redis().url);
        expect(inRedis).toContain('Adds the item.');
        expect(inRedis).not.toContain('lantern:interactions');
        const inPostgres = await postgresContents(postgres().url);
        expect(inPostgres).toContain('lantern_interactions');
        expect(inPostgres).not.toContain('Adds the item.');

        // `lantern usage` reads the same log: from Postgres, not from the cache store.
        const run = await runLantern(env, ['usage', '--days', '1', '--json']);
        expect(run.stderr).toBe('');
        expect(JSON.parse(run.stdout).usage).toEqual(usage);
      } finally {
        await fake.close();
      }
    }, 60_000);
  },
);
