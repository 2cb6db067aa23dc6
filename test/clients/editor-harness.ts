import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FakeModelServer } from '../support/fake-model-server.js';
import { reportMissingProgram } from '../support/missing-program.js';
import { FAKE_KEYS } from '../support/model-session.js';
import { REPO_ROOT } from '../support/paths.js';

/** How long one editor run may take in all; each driver step has its own (shorter) deadline. */
export const RUN_DEADLINE_MS = 240_000;
/** Each wait inside a driver (client up, hover shown, buffer changed): generous for a loaded 2-core box. */
export const STEP_DEADLINE_MS = 60_000;
/** vitest's limit for a hook that runs an editor session. */
export const HOOK_TIMEOUT_MS = RUN_DEADLINE_MS + 30_000;

const tempDirs: string[] = [];

/** A fresh temporary directory, removed by `cleanUp()`: nothing an editor run writes outlives it. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

/** Kills every editor still running (a test that failed half-way) and removes the temporary directories. */
export function cleanUp(): void {
  killEditors();
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Whether a program is on PATH. */
export function hasProgram(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

/** Reports a suite whose editor is missing; the caller skips the suite itself. */
export function missingEditor(title: string, reason: string): void {
  reportMissingProgram(title, reason);
}

/**
 * A directory holding a `lantern-ls` that runs this repository's built server, to put first on the
 * editor's PATH: the clients are tested with their default command, as a user who ran
 * `npm install -g` would have it.
 */
export function lanternOnPath(): string {
  const dir = tempDir('lantern-bin-');
  const shim = join(dir, 'lantern-ls');
  writeFileSync(
    shim,
    `#!/bin/sh\nexec node ${JSON.stringify(join(REPO_ROOT, 'bin', 'lantern-ls.js'))} "$@"\n`,
  );
  chmodSync(shim, 0o755);
  return dir;
}

/**
 * The environment of an editor session: lantern-ls on PATH, the fake model behind the Anthropic
 * variables, and fresh HOME, XDG and cache directories so no user configuration leaks in.
 */
export function editorEnv(fake: FakeModelServer): NodeJS.ProcessEnv {
  const home = tempDir('lantern-home-');
  for (const sub of ['config', 'data', 'state', 'cache']) mkdirSync(join(home, sub));
  return {
    PATH: `${lanternOnPath()}:${process.env.PATH ?? '/usr/bin:/bin'}`,
    HOME: home,
    XDG_CONFIG_HOME: join(home, 'config'),
    XDG_DATA_HOME: join(home, 'data'),
    XDG_STATE_HOME: join(home, 'state'),
    XDG_CACHE_HOME: join(home, 'cache'),
    TERM: 'xterm-256color',
    LANG: 'C.UTF-8',
    ANTHROPIC_BASE_URL: fake.url,
    ANTHROPIC_API_KEY: FAKE_KEYS.anthropic,
    LANTERN_CACHE_DIR: tempDir('lantern-cache-'),
    LANTERN_LOG_FILE: join(home, 'lantern.log'),
  };
}

export interface EditorExit {
  readonly code: number | null;
  readonly output: string;
  readonly timedOut: boolean;
}

const running = new Set<ChildProcess>();

/**
 * Runs an editor to completion in its own process group (so the lantern-ls it starts goes with it),
 * killing the group if it outlives `deadlineMs`.
 */
export function runEditor(
  command: string,
  args: readonly string[],
  options: { env: NodeJS.ProcessEnv; cwd: string; deadlineMs?: number; input?: string },
): Promise<EditorExit> {
  const child = spawn(command, args, {
    env: options.env,
    cwd: options.cwd,
    detached: true,
    // `input`: what the user types at the editor's prompts (Emacs in batch mode reads them from stdin).
    stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  if (options.input !== undefined) child.stdin?.end(options.input);
  running.add(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  return new Promise((resolve, reject) => {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child);
    }, options.deadlineMs ?? RUN_DEADLINE_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      running.delete(child);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      // The editor is gone; anything it left in its group (a server that missed EOF) goes too.
      killGroup(child);
      running.delete(child);
      resolve({ code, output, timedOut });
    });
  });
}

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // the group is already gone
  }
}

function killEditors(): void {
  for (const child of running) killGroup(child);
  running.clear();
}

/** Reads a driver's JSON result; a run that never wrote one is reported with the editor's output. */
export function readResult<T>(path: string, exit: EditorExit): T {
  if (!existsSync(path)) {
    throw new Error(
      `the editor wrote no result (exit ${exit.code}, timed out: ${exit.timedOut}):\n${exit.output}`,
    );
  }
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}
