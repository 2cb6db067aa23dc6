import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LANTERN_BIN } from '../support/cli-runner.js';
import { composeFile, interpolate, probePaths } from '../support/deploy-files.js';
import { FakeModelServer } from '../support/fake-model-server.js';
import { FAKE_KEYS, freshDir } from '../support/model-session.js';
import { REPO_ROOT } from '../support/paths.js';
import {
  type PostgresServer,
  postgresTestsSkipReason,
  startPostgresServer,
} from '../support/postgres-server.js';
import {
  type RedisServer,
  redisTestsSkipReason,
  startRedisServer,
  unusedPort,
} from '../support/redis-server.js';
import { redisContents } from '../support/store-contents.js';

const SUITE = 'deploy/docker-compose.yml on this machine';
const skip = Boolean(redisTestsSkipReason(SUITE) ?? postgresTestsSkipReason(SUITE));

/** What the operator exports before `docker compose up` (compose refuses to start without the required ones). */
const OPERATOR = {
  LANTERN_API_TOKENS: randomBytes(24).toString('hex'),
  POSTGRES_PASSWORD: randomBytes(12).toString('hex'),
  ANTHROPIC_API_KEY: FAKE_KEYS.anthropic,
};
const EXPLANATION = 'Adds two numbers.';

/** Resolves once the service logs that it listens; rejects with its output if it exits first. */
function listening(child: ChildProcess, output: () => string): Promise<void> {
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', () => {
      if (output().includes('Server listening at')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`lantern serve exited (${code}):\n${output()}`)));
  });
}

describe.skipIf(skip)(SUITE, () => {
  let redis: RedisServer;
  let postgres: PostgresServer;
  let fake: FakeModelServer;
  let service: ChildProcess;
  let output = '';
  let url = '';

  beforeAll(async () => {
    [redis, postgres, fake] = await Promise.all([
      startRedisServer(),
      startPostgresServer(),
      FakeModelServer.start(),
    ]);
    // The postgres image makes POSTGRES_DB for POSTGRES_USER at first start; the test cluster's superuser
    // already has the compose file's user name, so only the database is missing.
    const { services } = composeFile();
    const client = new pg.Client({ connectionString: postgres.url });
    await client.connect();
    await client.query(`CREATE DATABASE ${services.postgres?.environment?.POSTGRES_DB}`);
    await client.end();

    // Compose's service names resolve to the containers; here, to the local servers.
    const local: Record<string, string> = {
      'redis:6379': `127.0.0.1:${redis.port}`,
      'postgres:5432': `127.0.0.1:${postgres.port}`,
    };
    const environment = Object.fromEntries(
      Object.entries(services.lantern?.environment ?? {}).map(([name, value]) => [
        name,
        interpolate(value, OPERATOR).replace(/\b(redis|postgres):\d+/g, (host) => local[host] ?? host),
      ]),
    );
    const home = freshDir('lantern-compose-home-');
    const [program, ...args] = services.lantern?.command ?? [];
    expect(program).toBe('lantern');
    // Another test run may hold the compose file's port: the command as written, on a free port.
    const port = await unusedPort();
    args[args.indexOf('--port') + 1] = String(port);
    service = spawn(process.execPath, [LANTERN_BIN, ...args], {
      cwd: REPO_ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: home,
        XDG_CONFIG_HOME: home,
        XDG_CACHE_HOME: home,
        ...environment,
        // Claude, here: the fake model server (the operator's key is compose's ANTHROPIC_API_KEY).
        ANTHROPIC_BASE_URL: fake.url,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    service.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    service.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    await listening(service, () => output);
    url = `http://127.0.0.1:${port}`;
  }, 90_000);

  afterAll(async () => {
    // SIGTERM drains and closes the stores: the service exits 0 while they still run.
    if (service?.exitCode === null) {
      const exited = new Promise((resolve) => service.once('exit', resolve));
      service.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
    await Promise.all([redis?.stop(), postgres?.remove(), fake?.close()]);
  }, 60_000);

  it('serves /api/v1/ready with 200 against redis-server and Postgres', async () => {
    const response = await fetch(`${url}/api/v1/ready`);
    expect(response.status, await response.clone().text()).toBe(200);
  });

  it('answers every health check deploy/ configures', async () => {
    const paths = probePaths();
    expect(paths).toHaveLength(5);
    for (const path of paths) expect((await fetch(`${url}${path}`)).status, path).toBe(200);
  });

  it('takes the token compose passes, and no request without it', async () => {
    const request = (headers: Record<string, string>) =>
      fetch(`${url}/api/v1/understand`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ code: 'def add(a, b):\n    return a + b\n', language: 'python' }),
      });
    expect((await request({})).status).toBe(401);
    fake.script({ kind: 'text', text: EXPLANATION });
    const answered = await request({ authorization: `Bearer ${OPERATOR.LANTERN_API_TOKENS}` });
    expect(answered.status).toBe(200);
    expect(await answered.json()).toMatchObject({ explanation: EXPLANATION });
  });

  it('keeps the answer and the rate limit in Redis, nothing of them in Postgres', async () => {
    const inRedis = await redisContents(redis.url);
    expect(inRedis).toContain(EXPLANATION);
    expect(inRedis).toContain('lantern:rate:');
    expect(inRedis).not.toContain('lantern:interactions');
  });

  it("writes the usage log to compose's Postgres database", async () => {
    const database = composeFile().services.postgres?.environment?.POSTGRES_DB;
    const client = new pg.Client({ connectionString: postgres.url.replace(/\/postgres$/, `/${database}`) });
    await client.connect();
    try {
      // The row is written after the answer is sent: wait for it (the test's timeout bounds the wait).
      let rows: { type: string; input_tokens: number }[] = [];
      while (rows.length === 0) {
        const found = await client
          .query('SELECT type, input_tokens FROM lantern_interactions')
          .catch(() => ({ rows: [] }));
        rows = found.rows;
        if (rows.length === 0) await new Promise((resolve) => setTimeout(resolve, 200));
      }
      // The fake model reports 42 input tokens; the cache is not in Postgres (no keyv table).
      expect(rows).toEqual([{ type: 'explain', input_tokens: 42 }]);
      const { rows: tables } = await client.query(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
      );
      expect(tables).not.toContainEqual({ table_name: 'keyv' });
    } finally {
      await client.end();
    }
  });

  it('keeps the operator secrets out of what it logs', () => {
    expect(output).not.toContain(OPERATOR.LANTERN_API_TOKENS);
    expect(output).not.toContain(OPERATOR.POSTGRES_PASSWORD);
    expect(output).not.toContain(OPERATOR.ANTHROPIC_API_KEY);
  });
});
