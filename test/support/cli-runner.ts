import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { FakeModelServer } from './fake-model-server.js';
import { FAKE_KEYS, freshDir } from './model-session.js';
import { REPO_ROOT } from './paths.js';

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export const LANTERN_BIN = join(REPO_ROOT, 'bin', 'lantern.js');

/**
 * Runs the built `lantern` with only the given Lantern/model environment (the developer's own keys and
 * settings never leak in). Asynchronous: a fake model server in this process must keep answering.
 */
export function runLantern(
  env: Record<string, string>,
  args: readonly string[],
  cwd = REPO_ROOT,
  input?: string,
): Promise<CliRun> {
  return startLantern(env, args, cwd, input).done;
}

/** Runs a command line through `sh` as a reader would type it (e.g. one copied from the README), likewise. */
export function runShell(env: Record<string, string>, commandLine: string, cwd = REPO_ROOT): Promise<CliRun> {
  return start('sh', ['-c', commandLine], env, cwd).done;
}

/** What a run on a terminal showed: the terminal got stderr alone, the file got stdout. */
export interface TerminalRun {
  readonly code: number | null;
  readonly terminal: string;
  readonly stdout: string;
}

/**
 * Runs `lantern ARGS` on a pseudo-terminal (`script`), as from a person's shell, with its stdout
 * redirected to a file inside that terminal: `script` alone merges stdout and stderr, and a test of
 * "progress on stderr, never in the output" could not tell them apart.
 */
export async function runOnTerminal(
  env: Record<string, string>,
  args: readonly string[],
  cwd: string,
): Promise<TerminalRun> {
  const stdoutFile = join(freshDir('lantern-cli-stdout-'), 'stdout.txt');
  const command = [process.execPath, LANTERN_BIN, ...args].map(shellQuote).join(' ');
  const inner = `${command} > ${shellQuote(stdoutFile)}`;
  const run = await runShell(env, `script -qec ${shellQuote(inner)} /dev/null`, cwd);
  return { code: run.code, terminal: run.stdout, stdout: readFileSync(stdoutFile, 'utf8') };
}

/**
 * Runs `lantern ARGS` with stdout (and stderr) on a pseudo-terminal, as a person reads it: what the
 * terminal showed, with its CRLF line ends made LF.
 */
export async function runWithTerminalStdout(
  env: Record<string, string>,
  args: readonly string[],
  cwd = REPO_ROOT,
): Promise<CliRun> {
  const command = [process.execPath, LANTERN_BIN, ...args].map(shellQuote).join(' ');
  const run = await runShell(env, `script -qec ${shellQuote(command)} /dev/null`, cwd);
  return { ...run, stdout: run.stdout.replace(/\r\n/g, '\n') };
}

function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** A `lantern` still running: what it has printed so far, and its end. */
export interface RunningCli {
  /** Resolves once stdout holds `text`; rejects if the process ends without printing it. */
  waitForStdout(text: string): Promise<void>;
  stdout(): string;
  readonly done: Promise<CliRun>;
}

/** Starts `lantern` like `runLantern`, for a test that watches its output while it runs. */
export function startLantern(
  env: Record<string, string>,
  args: readonly string[],
  cwd = REPO_ROOT,
  input?: string,
): RunningCli {
  return start(process.execPath, [LANTERN_BIN, ...args], env, cwd, input);
}

function start(
  program: string,
  args: readonly string[],
  env: Record<string, string>,
  cwd: string,
  input?: string,
): RunningCli {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !/^(ANTHROPIC_|LANTERN_|OPENAI_|XDG_CONFIG_HOME$)/.test(key),
    ),
  );
  const child = spawn(program, args, { cwd, env: { ...base, ...env } });
  // What a user would type, then end of input; no input at all for commands that read none.
  child.stdin.end(input ?? '');
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const done = new Promise<CliRun>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
  return {
    stdout: () => stdout,
    done,
    waitForStdout: (text) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (!stdout.includes(text)) return;
          child.stdout.off('data', check);
          resolve();
        };
        child.stdout.on('data', check);
        check();
        void done.then((run) =>
          reject(
            new Error(
              `lantern exited (${run.code}) without printing ${JSON.stringify(text)}: ${run.stdout}${run.stderr}`,
            ),
          ),
        );
      }),
  };
}

/** An environment with no model: a fresh cache and an empty config folder. */
export function offlineEnv(): Record<string, string> {
  return {
    LANTERN_CACHE_DIR: freshDir('lantern-cli-cache-'),
    XDG_CONFIG_HOME: freshDir('lantern-cli-config-'),
  };
}

/** Claude through the fake server (ANTHROPIC_BASE_URL), or an OpenAI-compatible one via the config file. */
export function fakeModelEnv(
  provider: 'anthropic' | 'openai',
  fake: FakeModelServer,
): Record<string, string> {
  const env = offlineEnv();
  if (provider === 'anthropic')
    return { ...env, ANTHROPIC_BASE_URL: fake.url, ANTHROPIC_API_KEY: FAKE_KEYS.anthropic };
  writeUserConfig(env, { provider: 'openai', openai: { baseUrl: `${fake.url}/v1` } });
  return env;
}

/** Writes $XDG_CONFIG_HOME/lantern/config.json for the environment. */
export function writeUserConfig(env: Record<string, string>, config: unknown): void {
  const dir = join(env.XDG_CONFIG_HOME as string, 'lantern');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'config.json'), typeof config === 'string' ? config : JSON.stringify(config));
}

/** The run failed the way the CLI promises: non-zero, and exactly one line on stderr. */
export function oneLineError(run: CliRun): string {
  const lines = run.stderr.trim().split('\n');
  if (run.code === 0 || lines.length !== 1)
    throw new Error(`expected one error line and a non-zero exit, got ${run.code}: ${run.stderr}`);
  return lines[0] as string;
}

/** A fresh fake model for each test of the enclosing describe: started before it, closed after it. */
export function fakeModelPerTest(): () => FakeModelServer {
  let fake: FakeModelServer | undefined;
  beforeEach(async () => {
    fake = await FakeModelServer.start();
  });
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });
  return () => {
    if (!fake) throw new Error('the fake model starts before each test');
    return fake;
  };
}
