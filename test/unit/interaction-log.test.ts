import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  hashInput,
  type Interaction,
  type InteractionLog,
  sumByDay,
} from '../../server/src/store/interaction-log.js';
import { interactionLog } from '../../server/src/store/open-interactions.js';
import { postgresForSuite, postgresTestsSkipReason } from '../support/postgres-server.js';
import { redisForSuite, redisTestsSkipReason, unusedPort } from '../support/redis-server.js';

const DAY1 = Date.parse('2026-03-01T10:00:00Z');
const DAY2 = Date.parse('2026-03-02T23:59:59Z');

function interaction(overrides: Partial<Interaction> = {}): Interaction {
  return {
    type: 'explain',
    inputHash: hashInput(['function add(a, b) { return a + b; }']),
    inputTokens: 100,
    outputTokens: 20,
    durationMs: 12.5,
    status: 'ok',
    at: DAY1,
    ...overrides,
  };
}

describe('hashInput and sumByDay', () => {
  it('hashes to sha256 hex, parts kept apart', () => {
    expect(hashInput(['ab', 'c'])).toMatch(/^[0-9a-f]{64}$/);
    expect(hashInput(['ab', 'c'])).not.toBe(hashInput(['a', 'bc']));
    expect(hashInput(['x'])).toBe(hashInput(['x']));
  });

  it('sums by UTC day and type, from the given time on', () => {
    const sums = sumByDay(
      [
        interaction({ at: DAY1 - 86_400_000 }),
        interaction({ at: DAY1 }),
        interaction({ at: DAY1 + 1, inputTokens: 5 }),
        interaction({ at: DAY2, type: 'ask', outputTokens: 7 }),
      ],
      DAY1,
    );
    expect(sums).toEqual([
      { day: '2026-03-01', type: 'explain', requests: 2, inputTokens: 105, outputTokens: 40 },
      { day: '2026-03-02', type: 'ask', requests: 1, inputTokens: 100, outputTokens: 7 },
    ]);
  });
});

/** What every kind of store must do with the log. `open(limit)` opens a log on one shared store. */
function logContract(open: (limit: number) => InteractionLog, problems: string[]) {
  const opened: InteractionLog[] = [];
  const track = (limit: number) => {
    const log = open(limit);
    opened.push(log);
    return log;
  };
  afterEach(async () => {
    for (const log of opened.splice(0)) await log.close();
    problems.splice(0);
  });

  it('records interactions and sums their tokens per day and type', async () => {
    const log = track(1_000);
    // A tag of this test's own in the type keeps other tests' records (same store) out of its sums.
    const type = `t${Math.floor(Math.random() * 1e9)}`;
    await log.record(interaction({ type, at: DAY1 }));
    await log.record(interaction({ type, at: DAY1 + 3_600_000, inputTokens: 50, outputTokens: 5 }));
    await log.record(interaction({ type, at: DAY2, status: 'error', inputTokens: 0, outputTokens: 0 }));
    const days = (await log.dailyUsage(2, DAY2))?.filter((usage) => usage.type === type);
    expect(days).toEqual([
      { day: '2026-03-01', type, requests: 2, inputTokens: 150, outputTokens: 25 },
      { day: '2026-03-02', type, requests: 1, inputTokens: 0, outputTokens: 0 },
    ]);
    // One day back from DAY2 is DAY2 alone.
    expect((await log.dailyUsage(1, DAY2))?.filter((usage) => usage.type === type)).toHaveLength(1);
    const recent = await log.recent(3);
    expect(recent?.[0]).toEqual(
      interaction({ type, at: DAY2, status: 'error', inputTokens: 0, outputTokens: 0 }),
    );
    expect(recent?.map((entry) => entry.at)).toEqual([DAY2, DAY1 + 3_600_000, DAY1]);
    expect(problems).toEqual([]);
  });

  it('keeps at most its limit: the oldest go first', async () => {
    const log = track(5);
    const type = `b${Math.floor(Math.random() * 1e9)}`;
    for (let index = 0; index < 8; index++) await log.record(interaction({ type, at: DAY1 + index }));
    const kept = (await log.recent(100)) ?? [];
    expect(kept).toHaveLength(5);
    expect(kept.map((entry) => entry.at - DAY1)).toEqual([7, 6, 5, 4, 3]);
    expect(await log.dailyUsage(1, DAY1)).toEqual([
      { day: '2026-03-01', type, requests: 5, inputTokens: 500, outputTokens: 100 },
    ]);
  });

  it('refuses what is not a name or a hash (the input itself, a key), saying so, storing nothing', async () => {
    const log = track(1_000);
    const before = (await log.recent(1_000))?.length ?? 0;
    await log.record(interaction({ inputHash: 'function add(a, b) { return a + b; }' }));
    await log.record(interaction({ type: 'explain sk-ant-api03-secret' }));
    await log.record(interaction({ status: 'ok\nplus a log line' }));
    await log.record(interaction({ inputTokens: -1 }));
    expect((await log.recent(1_000))?.length ?? 0).toBe(before);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /usage log .*: an interaction was not recorded: an input hash must be sha256/,
    );
    expect(problems[0]).not.toContain('function add');
  });
}

describe('interaction log: memory', () => {
  const problems: string[] = [];
  logContract((limit) => {
    const log = interactionLog('memory', {}, (message) => problems.push(message), limit);
    return log;
  }, problems);
});

describe('interaction log: SQLite file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lantern-interactions-'));
  const env = { LANTERN_CACHE_DIR: dir };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const problems: string[] = [];
  logContract((limit) => interactionLog('sqlite', env, (message) => problems.push(message), limit), problems);

  it('lives in the cache file, and outlasts the process that wrote it', async () => {
    const type = `s${Math.floor(Math.random() * 1e9)}`;
    const first = interactionLog('sqlite', env, (message) => problems.push(message));
    await first.record(interaction({ type }));
    await first.close();
    const second = interactionLog('sqlite', env, (message) => problems.push(message));
    expect(second.location).toBe(join(dir, 'cache.sqlite'));
    expect((await second.dailyUsage(1, DAY1))?.find((usage) => usage.type === type)?.requests).toBe(1);
    await second.close();
  });
});

const REDIS_TITLE = 'interaction log: redis-server';
describe.skipIf(redisTestsSkipReason(REDIS_TITLE) !== undefined)(REDIS_TITLE, () => {
  const redis = redisForSuite();
  const problems: string[] = [];
  logContract(
    (limit) => interactionLog(redis().url, {}, (message) => problems.push(message), limit),
    problems,
  );
});

const POSTGRES_TITLE = 'interaction log: Postgres';
describe.skipIf(postgresTestsSkipReason(POSTGRES_TITLE) !== undefined)(POSTGRES_TITLE, () => {
  const postgres = postgresForSuite();
  const problems: string[] = [];
  logContract(
    (limit) => interactionLog(postgres().url, {}, (message) => problems.push(message), limit),
    problems,
  );
});

describe('interaction log: a store that fails', () => {
  it.each(['redis', 'postgres'])(
    '%s with nothing listening: records are lost with one problem, never a throw',
    async (kind) => {
      const url = `${kind}://127.0.0.1:${await unusedPort()}/`;
      const problems: string[] = [];
      const log = interactionLog(url, {}, (message) => problems.push(message));
      await expect(log.record(interaction())).resolves.toBeUndefined();
      await expect(log.record(interaction())).resolves.toBeUndefined();
      expect(await log.dailyUsage(1, DAY1)).toBeUndefined();
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/usage log failed/);
      await log.close();
    },
  );
});
