import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { childEnv } from '../secrets.js';
import { killRunProcesses, RUN_MARKER } from './process-tree.js';

export interface BoundedRunOptions {
  readonly cwd: string;
  readonly timeoutMs: number;
  /** Written to the process's stdin, which is then closed (stdin is empty without it). */
  readonly input?: string;
  readonly signal?: AbortSignal;
  /** The environment to start from, scrubbed all the same (childEnv); this process's by default. */
  readonly baseEnv?: NodeJS.ProcessEnv;
  /** Added to the scrubbed environment (never a secret: see childEnv); `undefined` removes a variable. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** stdout and stderr keep their first this many characters, `output` its last. Default 1,000,000. */
  readonly maxOutputChars?: number;
}

export interface BoundedRun {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout and stderr interleaved as they came, cut to the last `maxOutputChars` (failures come last). */
  readonly output: string;
  /** Whether any of the three was cut. */
  readonly cut: boolean;
  readonly timedOut: boolean;
  readonly cancelled: boolean;
  /** Why the command could not start, when it could not; with the error's code (ENOENT: no such program). */
  readonly startError?: string;
  readonly startErrorCode?: string;
}

/**
 * Runs a command the way every child process of Lantern runs: without the model keys or any other
 * credential in its environment (childEnv), in a session and process group of its own, and on
 * timeout, cancellation or exit with everything it started killed (killRunProcesses), so nothing it
 * started outlives the run. Never rejects: a command that cannot start is a result too.
 */
export function runBounded(
  command: string,
  args: readonly string[],
  options: BoundedRunOptions,
): Promise<BoundedRun> {
  const max = options.maxOutputChars ?? 1_000_000;
  return new Promise((resolve) => {
    const none = { exitCode: null, stdout: '', stderr: '', output: '', cut: false, timedOut: false };
    // Listeners added to an aborted signal never hear 'abort': a run cancelled already must not start.
    if (options.signal?.aborted) {
      resolve({ ...none, cancelled: true });
      return;
    }
    const marker = randomUUID();
    const child = spawn(command, args, {
      cwd: options.cwd,
      detached: true,
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      env: environment(options.baseEnv ?? process.env, options.env, marker),
    });
    let stdout = '';
    let stderr = '';
    let output = '';
    let cut = false;
    let timedOut = false;
    let cancelled = false;
    const keepHead = (kept: string, chunk: string) => {
      if (kept.length + chunk.length <= max) return kept + chunk;
      cut = true;
      return kept + chunk.slice(0, Math.max(0, max - kept.length));
    };
    const interleave = (chunk: string) => {
      output += chunk;
      if (output.length > max * 2) {
        output = output.slice(-max);
        cut = true;
      }
    };
    // Decoded by the streams, so a character split between two chunks stays whole.
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout = keepHead(stdout, chunk);
      interleave(chunk);
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = keepHead(stderr, chunk);
      interleave(chunk);
    });
    if (options.input !== undefined && child.stdin) {
      child.stdin.on('error', () => undefined); // a command that exits without reading its input
      child.stdin.end(options.input);
    }
    // Once the leader has exited (and been reaped) its pid is free for another process.
    let leaderExited = false;
    child.on('exit', () => {
      leaderExited = true;
    });
    const killAll = (): Promise<void> =>
      child.pid ? killRunProcesses(child.pid, marker, { leaderExited }) : Promise.resolve();
    const cancel = () => {
      cancelled = true;
      void killAll();
    };
    const timer = setTimeout(() => {
      timedOut = true;
      void killAll();
    }, options.timeoutMs);
    options.signal?.addEventListener('abort', cancel, { once: true });
    const finish = (result: Omit<BoundedRun, 'timedOut' | 'cancelled'>) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', cancel);
      resolve({ ...result, timedOut, cancelled });
    };
    child.on('close', async (exitCode) => {
      // What the run left running (a daemon it started, a server a test forgot) goes with it, before
      // the result: the caller may remove the folder it ran in next, and a straggler would write on.
      await killAll();
      if (output.length > max) {
        output = output.slice(-max);
        cut = true;
      }
      finish({ exitCode, stdout, stderr, output, cut });
    });
    child.on('error', (error: NodeJS.ErrnoException) =>
      finish({ ...none, startError: error.message, ...(error.code ? { startErrorCode: error.code } : {}) }),
    );
  });
}

function environment(
  base: NodeJS.ProcessEnv,
  extra: Readonly<Record<string, string | undefined>> | undefined,
  marker: string,
): NodeJS.ProcessEnv {
  const env: Record<string, string | undefined> = { ...childEnv(base), ...extra, [RUN_MARKER]: marker };
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete env[name];
  return env;
}
