import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeModelEnv, writeUserConfig } from '../support/cli-runner.js';
import { FakeModelServer } from '../support/fake-model-server.js';
import { type LanternService, postJson, startService } from '../support/lantern-service.js';
import { FAKE_KEYS } from '../support/model-session.js';
import {
  type PostgresServer,
  postgresForSuite,
  postgresTestsSkipReason,
} from '../support/postgres-server.js';
import { redisForSuite, redisTestsSkipReason } from '../support/redis-server.js';
import { postgresContents, redisContents } from '../support/store-contents.js';

// Two tokens: the rate-limit test spends the second one's allowance, the other tests use the first.
const TOKEN = 'tok-replicas-SECRET-first';
const LIMITED_TOKEN = 'tok-replicas-SECRET-second';
const RATE_LIMIT = 6;
const auth = (token: string) => ({ authorization: `Bearer ${token}` });

const UNDERSTAND = { code: 'def total(items):\n    return sum(items)\n', language: 'python', line: 2 };
const EXPLANATION = 'Sums the items.';

/** Two `lantern serve` processes on the store `url`, one fake model server behind both. */
function twoReplicas(storeUrl: () => string) {
  const fake: { server?: FakeModelServer } = {};
  const replicas: LanternService[] = [];
  beforeAll(async () => {
    fake.server = await FakeModelServer.start();
    const env = {
      ...fakeModelEnv('anthropic', fake.server),
      LANTERN_API_TOKENS: `${TOKEN},${LIMITED_TOKEN}`,
    };
    writeUserConfig(env, {
      cache: { store: storeUrl() },
      service: { rateLimitMax: RATE_LIMIT, rateLimitWindowMs: 60_000 },
    });
    replicas.push(...(await Promise.all([startService(env), startService(env)])));
  }, 60_000);
  afterAll(async () => {
    for (const replica of replicas) replica.child.kill('SIGKILL');
    await fake.server?.close();
  });
  return {
    fake: () => {
      if (!fake.server) throw new Error('the fake model server did not start');
      return fake.server;
    },
    replica: (index: 0 | 1) => {
      const replica = replicas[index];
      if (!replica) throw new Error('the replicas did not start');
      return replica.url;
    },
    stop: () => Promise.all(replicas.map((replica) => replica.stop())),
  };
}

/** What replicas on one store share, whichever store it is. */
function sharedState(replicas: ReturnType<typeof twoReplicas>) {
  it('an answer computed on one replica is a cache hit on the other: one model request', async () => {
    const fake = replicas.fake();
    const before = fake.requests.length;
    fake.script({ kind: 'text', text: EXPLANATION });
    const first = await postJson(`${replicas.replica(0)}/api/v1/understand`, UNDERSTAND, auth(TOKEN));
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ explanation: EXPLANATION, cached: false });
    const second = await postJson(`${replicas.replica(1)}/api/v1/understand`, UNDERSTAND, auth(TOKEN));
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ explanation: EXPLANATION, cached: true });
    expect(fake.requests.length - before).toBe(1);
  });

  it('a session begun on one replica continues on the other', async () => {
    const fake = replicas.fake();
    const first = { question: 'What is a generator expression?', answer: 'A lazy comprehension.' };
    const second = { question: 'And when is it better than a list?', answer: 'When you iterate once.' };
    const before = fake.requests.length;
    // Each question: the intent first, then the answer.
    fake.script(
      { kind: 'text', text: 'general' },
      { kind: 'text', text: first.answer },
      { kind: 'text', text: 'general' },
      { kind: 'text', text: second.answer },
    );
    const opened = await postJson(
      `${replicas.replica(0)}/api/v1/ask`,
      { question: first.question },
      auth(TOKEN),
    );
    expect(opened.status).toBe(200);
    expect(opened.body).toMatchObject({ intent: 'general', answer: first.answer });
    const sessionId = opened.body.sessionId as string;
    const followUp = await postJson(
      `${replicas.replica(1)}/api/v1/ask`,
      { question: second.question, sessionId },
      auth(TOKEN),
    );
    expect(followUp.status).toBe(200);
    expect(followUp.body).toMatchObject({ answer: second.answer, sessionId });
    // The other replica's model request carries the turn the first one had.
    const withHistory = messagesOf(fake, before + 3);
    expect(withHistory.slice(0, 2)).toEqual([
      { role: 'user', content: first.question },
      { role: 'assistant', content: first.answer },
    ]);
    expect(withHistory[2]?.content).toContain(second.question);
  });
}

/** The messages the fake model server received in request `index`. */
function messagesOf(fake: FakeModelServer, index: number): { role: string; content: string }[] {
  const request = fake.requests[index];
  if (!request) throw new Error(`the fake model received no request #${index}`);
  return (request.body as { messages: { role: string; content: string }[] }).messages;
}

/** Neither the model's key nor an API token is in the store, though the store holds the service's state. */
function nothingSecretStored(contents: () => Promise<string>, usageLog: string) {
  it('the store holds neither the API key nor the tokens', async () => {
    const stored = await contents();
    // What it does hold: the cached answer, the session, both replicas' usage records.
    expect(stored).toContain(EXPLANATION);
    expect(stored).toContain('A lazy comprehension.');
    expect(stored).toContain(usageLog);
    for (const secret of [FAKE_KEYS.anthropic, TOKEN, LIMITED_TOKEN, 'SECRET'])
      expect(stored).not.toContain(secret);
  });
}

/** Last: SIGTERM ends both replicas with exit code 0 (a store's open connection must not keep one alive). */
function stopCleanly(replicas: ReturnType<typeof twoReplicas>) {
  it('SIGTERM ends both replicas with exit code 0', async () => {
    expect(await replicas.stop()).toEqual([0, 0]);
  });
}

const REDIS_TITLE = 'two lantern serve replicas on one redis-server';
describe.skipIf(redisTestsSkipReason(REDIS_TITLE) !== undefined)(REDIS_TITLE, () => {
  const redis = redisForSuite();
  const replicas = twoReplicas(() => redis().url);
  sharedState(replicas);

  it(`the rate limit is shared: ${RATE_LIMIT} requests across both, then 429 with Retry-After on either`, async () => {
    const statuses: number[] = [];
    for (let index = 0; index < RATE_LIMIT; index++) {
      const response = await fetch(`${replicas.replica((index % 2) as 0 | 1)}/api/v1/stats`, {
        headers: auth(LIMITED_TOKEN),
      });
      statuses.push(response.status);
    }
    expect(statuses).toEqual(Array(RATE_LIMIT).fill(200));
    for (const index of [0, 1] as const) {
      const refused = await fetch(`${replicas.replica(index)}/api/v1/stats`, {
        headers: auth(LIMITED_TOKEN),
      });
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    // The count is the token's: another client is not held back.
    expect((await fetch(`${replicas.replica(1)}/api/v1/stats`, { headers: auth(TOKEN) })).status).toBe(200);
  });

  nothingSecretStored(() => redisContents(redis().url), 'lantern:interactions');
  stopCleanly(replicas);
});

const POSTGRES_TITLE = 'two lantern serve replicas on one Postgres';
describe.skipIf(postgresTestsSkipReason(POSTGRES_TITLE) !== undefined)(POSTGRES_TITLE, () => {
  const postgres = postgresForSuite();
  const replicas = twoReplicas(() => postgres().url);
  sharedState(replicas);

  it('the shared cache survives a Postgres restart under running replicas', async () => {
    const server: PostgresServer = postgres();
    const before = replicas.fake().requests.length;
    await server.stop();
    await server.start();
    const again = await postJson(`${replicas.replica(1)}/api/v1/understand`, UNDERSTAND, auth(TOKEN));
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ explanation: EXPLANATION, cached: true });
    expect(replicas.fake().requests.length).toBe(before);
    // A Postgres restart is said in the log; the replicas kept running.
    expect((await fetch(`${replicas.replica(0)}/api/v1/health`)).status).toBe(200);
  });

  nothingSecretStored(() => postgresContents(postgres().url), 'lantern_interactions');
  stopCleanly(replicas);
});
