import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { reportMissingProgram } from './missing-program.js';

/** A real redis-server on 127.0.0.1, for the shared-cache tests. */
export interface RedisServer {
  readonly port: number;
  /** `redis://127.0.0.1:<port>`, as `cache.store` takes it. */
  readonly url: string;
  /** Stops the server and waits for it to exit. */
  stop(): Promise<void>;
}

/** Why redis-server cannot run here (not installed), or undefined when it can. */
export function redisServerUnavailable(): string | undefined {
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    return `redis-server is not installed (${probe.error?.message ?? probe.stderr.trim()}); .ci/run installs it`;
  }
  return undefined;
}

/**
 * Why the redis tests skip here, or undefined when they run; a skip is reported as a missing program
 * (which fails `.ci/run`, where redis-server is installed).
 */
export function redisTestsSkipReason(suite: string): string | undefined {
  const missing = redisServerUnavailable();
  if (missing !== undefined) reportMissingProgram(suite, missing);
  return missing;
}

/** A TCP port nothing listens on right now: the OS picks it for a throwaway listener. */
export function unusedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('no port assigned'))));
    });
  });
}

/**
 * Starts redis-server without persistence on an unused port and resolves once it accepts connections.
 * redis cannot listen on port 0 and report the port, so one is picked first; if another process takes
 * it in between, redis exits and a new port is tried.
 */
export async function startRedisServer(): Promise<RedisServer> {
  const missing = redisServerUnavailable();
  if (missing) throw new Error(missing);
  let lastError: Error | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await unusedPort();
    const dir = mkdtempSync(join(tmpdir(), 'lantern-redis-'));
    const child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      await readyOrExit(child);
    } catch (error) {
      rmSync(dir, { recursive: true, force: true });
      lastError = error as Error;
      continue;
    }
    return {
      port,
      url: `redis://127.0.0.1:${port}`,
      stop: async () => {
        await stopChild(child);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  throw lastError ?? new Error('redis-server did not start');
}

function readyOrExit(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.includes('Ready to accept connections')) {
        child.off('exit', onExit);
        resolve();
      }
    };
    const onExit = (code: number | null) =>
      reject(new Error(`redis-server exited (${code}) before it was ready:\n${output}`));
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
    child.once('error', reject);
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/**
 * A redis-server for the enclosing `describe`: started before its tests, stopped after them. Returns the
 * server (throws when called before it started).
 */
export function redisForSuite(): () => RedisServer {
  let server: RedisServer | undefined;
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => server?.stop());
  return () => {
    if (!server) throw new Error('redis-server did not start');
    return server;
  };
}
