import { execFile, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { reportMissingProgram } from './missing-program.js';
import { unusedPort } from './redis-server.js';

/**
 * A real Postgres of its own for one test run: a cluster made by `initdb` in a temporary folder, served
 * on 127.0.0.1 at an unused port, its socket in that folder too (nothing of the machine's own cluster
 * is touched). It can be stopped and started again on the same data, to show what survives a restart.
 */
export interface PostgresServer {
  readonly port: number;
  /** `postgres://lantern@127.0.0.1:<port>/postgres`, as `cache.store` takes it. */
  readonly url: string;
  /** The cluster's data folder (its files, for the tests that look for what must never be stored). */
  readonly dataDir: string;
  /** Stops the server (a fast shutdown: clients are cut, data is checkpointed); the data stays. */
  stop(): Promise<void>;
  /** Starts it again on the same data and port. */
  start(): Promise<void>;
  /** Stops it and removes its folder. */
  remove(): Promise<void>;
}

const SUPERUSER = 'lantern';

interface ProgramRun {
  readonly status: number | string;
  readonly stdout: string;
  readonly stderr: string;
}

/** Debian keeps the server programs out of PATH, under /usr/lib/postgresql/<version>/bin: the newest one. */
function serverBinDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((name) => existsSync(join(root, name, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions[0] !== undefined) return join(root, versions[0], 'bin');
  const onPath = spawnSync('initdb', ['--version'], { encoding: 'utf8' });
  return onPath.status === 0 ? '' : undefined;
}

/** Why Postgres cannot run here (not installed), or undefined when it can. */
export function postgresUnavailable(): string | undefined {
  if (serverBinDir() === undefined) {
    return 'Postgres is not installed (no initdb under /usr/lib/postgresql/*/bin or on PATH); .ci/run installs it';
  }
  if (userInfo().uid === 0 && spawnSync('id', ['-u', 'postgres']).status !== 0) {
    return 'Postgres refuses to run as root and there is no `postgres` user to run it as';
  }
  return undefined;
}

/** Why the Postgres tests skip here, or undefined when they run (a skip is reported as a missing program). */
export function postgresTestsSkipReason(suite: string): string | undefined {
  const missing = postgresUnavailable();
  if (missing !== undefined) reportMissingProgram(suite, missing);
  return missing;
}

/** Makes a cluster in a new temporary folder and starts it; resolves once it accepts connections. */
export async function startPostgresServer(): Promise<PostgresServer> {
  const missing = postgresUnavailable();
  if (missing) throw new Error(missing);
  const bin = serverBinDir() ?? '';
  const program = (name: string) => (bin ? join(bin, name) : name);
  const dir = mkdtempSync(join(tmpdir(), 'lantern-postgres-'));
  const dataDir = join(dir, 'data');
  const socketDir = join(dir, 'socket');
  mkdirSync(socketDir);
  // The server refuses to run as root: as root, everything runs as the `postgres` user, who owns the folder.
  const asRoot = userInfo().uid === 0;
  if (asRoot) {
    const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim());
    const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
    chownSync(dir, uid, gid);
    chownSync(socketDir, uid, gid);
  }
  // Asynchronous, so that this process's own connections hear of a stop while it happens, as they would.
  const run = (name: string, args: string[]) => {
    const command = asRoot
      ? ['runuser', '-u', 'postgres', '--', program(name), ...args]
      : [program(name), ...args];
    const [file = '', ...rest] = command;
    // cwd: the postgres user may not be allowed into the folder the tests run from.
    return new Promise<ProgramRun>((resolve) => {
      execFile(file, rest, { encoding: 'utf8', cwd: dir, timeout: 60_000 }, (error, stdout, stderr) =>
        resolve({ status: error ? (error.code ?? error.message) : 0, stdout, stderr }),
      );
    });
  };
  const failed = (what: string, result: ProgramRun) =>
    new Error(`${what} failed (${result.status}):\n${result.stdout}${result.stderr}`);

  const made = await run('initdb', [
    '-D',
    dataDir,
    '-U',
    SUPERUSER,
    '--auth=trust',
    '-E',
    'UTF8',
    '--no-sync',
  ]);
  if (made.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw failed('initdb', made);
  }

  let port = 0;
  const logFile = join(dir, 'server.log');
  const start = async () => {
    const options = `-p ${port} -k ${socketDir} -c listen_addresses=127.0.0.1 -c fsync=off`;
    const started = await run('pg_ctl', [
      'start',
      '-w',
      '-t',
      '30',
      '-D',
      dataDir,
      '-l',
      logFile,
      '-o',
      options,
    ]);
    if (started.status !== 0) {
      const log = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
      throw new Error(`${failed('pg_ctl start', started).message}\n${log}`);
    }
  };
  const stop = async () => {
    await run('pg_ctl', ['stop', '-w', '-t', '30', '-m', 'fast', '-D', dataDir]);
  };

  // Another process may take the port between choosing it and the server binding it: try a few.
  let lastError: Error | undefined;
  for (let attempt = 0; attempt < 3 && port === 0; attempt++) {
    port = await unusedPort();
    try {
      await start();
    } catch (error) {
      lastError = error as Error;
      port = 0;
    }
  }
  if (port === 0) {
    rmSync(dir, { recursive: true, force: true });
    throw lastError ?? new Error('Postgres did not start');
  }
  return {
    port,
    url: `postgres://${SUPERUSER}@127.0.0.1:${port}/postgres`,
    dataDir,
    stop,
    start,
    remove: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A Postgres for the enclosing `describe`: started before its tests, removed after them. Returns the
 * server (throws when called before it started).
 */
export function postgresForSuite(): () => PostgresServer {
  let server: PostgresServer | undefined;
  beforeAll(async () => {
    server = await startPostgresServer();
  }, 60_000);
  afterAll(async () => server?.remove());
  return () => {
    if (!server) throw new Error('Postgres did not start');
    return server;
  };
}
