import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { fakeModelEnv, LANTERN_BIN, writeUserConfig } from './cli-runner.js';
import { FakeModelServer } from './fake-model-server.js';
import { REPO_ROOT } from './paths.js';

/** A running `lantern serve`: its base URL, what it has logged, and how it ends. */
export interface LanternService {
  /** e.g. http://127.0.0.1:41234 (no trailing slash). */
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything on stdout so far: pino's JSON lines. */
  stdout(): string;
  stderr(): string;
  /** Resolves once a log line with this `msg` has been written (rejects if the process ends first). */
  waitForLog(message: string): Promise<void>;
  /** Resolves with the exit code (null when killed by a signal) once the process has ended. */
  readonly exited: Promise<number | null>;
  /** Sends SIGTERM and waits for the exit code. */
  stop(): Promise<number | null>;
}

/** How a start that fails looks: the exit code and what it said. */
export interface FailedStart {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Starts the built `lantern serve --port 0` (plus `args`) with only the given environment (the
 * developer's own keys never leak in) and resolves once it listens, with the URL it logged. Rejects
 * with what it printed if it exits first.
 */
export function startService(
  env: Record<string, string>,
  args: readonly string[] = [],
): Promise<LanternService> {
  tolerateBusyMachine(env);
  return new Promise((resolve, reject) => {
    const child = spawnService(env, ['--port', '0', ...args]);
    let stdout = '';
    let stderr = '';
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const onData = (chunk: Buffer) => {
      stdout += chunk.toString();
      // Fastify logs one line per address it listens on; the first one is ours.
      const url = /"msg":"Server listening at (http:\/\/[^"]+)"/.exec(stdout)?.[1];
      if (!url) return;
      resolve({
        url,
        child,
        stdout: () => stdout,
        stderr: () => stderr,
        waitForLog: (message) =>
          new Promise<void>((logged, failed) => {
            const needle = `"msg":${JSON.stringify(message)}`;
            const check = () => {
              if (!stdout.includes(needle)) return;
              child.stdout?.off('data', check);
              logged();
            };
            child.stdout?.on('data', check);
            check();
            void exited.then(() => failed(new Error(`lantern serve exited without logging ${needle}`)));
          }),
        exited,
        stop: () => {
          child.kill('SIGTERM');
          return exited;
        },
      });
    };
    child.stdout?.on('data', onData);
    void exited.then((code) =>
      reject(new Error(`lantern serve exited (${code}) before listening: ${stderr}${stdout}`)),
    );
  });
}

/** Runs `lantern serve ARGS` expecting it not to start: resolves with its exit code and output. */
export function failedStart(env: Record<string, string>, args: readonly string[]): Promise<FailedStart> {
  const child = spawnService(env, args);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  // A service that did start would never end: kill it so the test fails on its code, not a timeout.
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  return new Promise((resolve) =>
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    }),
  );
}

/**
 * Raises service.maxEventLoopDelayMs in the environment's config file (unless the test set it): on a
 * machine shared by many test runs, this process can go unscheduled for over a second, which the load
 * shedder rightly reads as pressure and answers 503. Load shedding has its own test (load-shedding).
 */
function tolerateBusyMachine(env: Record<string, string>): void {
  if (!env.XDG_CONFIG_HOME) return;
  const file = join(env.XDG_CONFIG_HOME, 'lantern', 'config.json');
  const config = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  const service = (config.service ?? {}) as Record<string, unknown>;
  if (service.maxEventLoopDelayMs !== undefined) return;
  writeUserConfig(env, { ...config, service: { ...service, maxEventLoopDelayMs: 60_000 } });
}

function spawnService(env: Record<string, string>, args: readonly string[]): ChildProcess {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !/^(ANTHROPIC_|LANTERN_|OPENAI_|XDG_CONFIG_HOME$)/.test(key),
    ),
  );
  return spawn(process.execPath, [LANTERN_BIN, 'serve', ...args], {
    cwd: REPO_ROOT,
    env: { ...base, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** POSTs JSON and returns the status and parsed body (fetch: real HTTP, as a client would). */
export async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; body: Record<string, unknown> }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
}

/** A service and the fake model it talks to (Claude through ANTHROPIC_BASE_URL). */
export interface ServiceWithModel {
  readonly fake: FakeModelServer;
  readonly service: LanternService;
}

/**
 * One `lantern serve` with a fake model for the enclosing describe: started before its tests, stopped
 * after them. Call the returned function inside a test.
 */
export function serviceWithModelPerSuite(): () => ServiceWithModel {
  let started: ServiceWithModel | undefined;
  beforeAll(async () => {
    const fake = await FakeModelServer.start();
    started = { fake, service: await startService(fakeModelEnv('anthropic', fake)) };
  });
  afterAll(async () => {
    await started?.service.stop();
    await started?.fake.close();
  });
  return () => {
    if (!started) throw new Error('the service starts before the suite');
    return started;
  };
}
