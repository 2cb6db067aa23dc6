import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTests, type TestRunOptions, testCommandFor } from '../../server/src/tools/run-tests.js';
import { fileAppears } from '../support/debug-projects.js';
import { freshDir } from '../support/model-session.js';

const NEVER = new AbortController().signal;

function options(command: string, extra: Partial<TestRunOptions> = {}): TestRunOptions {
  return {
    command,
    cwd: freshDir('lantern-run-'),
    timeoutMs: 30_000,
    maxOutputChars: 10_000,
    signal: NEVER,
    ...extra,
  };
}

/**
 * Whether a process has exited or is exiting. The run ends when the pipes close, which a killed process
 * does in the middle of its exit, before it turns zombie: so "exiting" (PF_EXITING in /proc/PID/stat's
 * flags, set first thing when it dies) counts, as do a zombie and a process already reaped.
 */
function isGone(pid: number): boolean {
  const PF_EXITING = 0x4;
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return true;
  }
  // After "pid (comm) ": state, ppid, pgrp, session, tty_nr, tpgid, flags.
  const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
  return fields[0] === 'Z' || fields[0] === 'X' || (Number(fields[6]) & PF_EXITING) !== 0;
}

/** A shell command whose grandchild (a long sleep holding the output pipe) reports its pid in `pidFile`. */
function grandchildSleeping(pidFile: string): string {
  return `sh -c 'sleep 300' & echo $! > '${pidFile}.tmp' && mv '${pidFile}.tmp' '${pidFile}'; echo started; wait`;
}

/** Polls (a kill is asynchronous in the kernel) until `done` holds or two seconds pass. */
async function until(done: () => boolean): Promise<void> {
  for (let waited = 0; waited < 2_000 && !done(); waited += 20) await new Promise((r) => setTimeout(r, 20));
}

describe('runTests', () => {
  it('passes on exit code 0', async () => {
    expect(await runTests(options('echo all good'))).toEqual({
      exitCode: 0,
      output: 'all good\n',
      timedOut: false,
      passed: true,
    });
  });

  it('fails on another exit code, with stdout and stderr both in the output', async () => {
    const run = await runTests(options('echo to-stdout; echo to-stderr >&2; exit 3'));
    expect(run.exitCode).toBe(3);
    expect(run.passed).toBe(false);
    expect(run.output).toContain('to-stdout');
    expect(run.output).toContain('to-stderr');
  });

  it('runs in the given directory', async () => {
    const cwd = freshDir('lantern-run-');
    expect((await runTests(options('pwd', { cwd }))).output.trim()).toBe(cwd);
  });

  it('keeps the end of a long output (failures are reported last), marked as cut', async () => {
    const run = await runTests(options('seq 1 20000', { maxOutputChars: 100 }));
    expect(run.passed).toBe(true);
    expect(run.output.startsWith('…\n')).toBe(true);
    expect(run.output.length).toBeLessThanOrEqual(102);
    expect(run.output.endsWith('19999\n20000\n')).toBe(true);
    expect(run.output).not.toContain('\n1\n');
  });

  it('keeps characters whole across the chunks of the pipe', async () => {
    // 300,000 bytes of a 3-byte character: chunk boundaries (64 KiB) fall inside characters.
    const print = `'${process.execPath}' -e "process.stdout.write('✖'.repeat(100000))"`;
    const run = await runTests(options(print, { maxOutputChars: 1_000_000 }));
    expect(run.output).toBe('✖'.repeat(100000));
  });

  it('strips colour escapes', async () => {
    const run = await runTests(options(`printf '\\033[31mFAILED\\033[0m x\\n'`));
    expect(run.output).toBe('FAILED x\n');
  });

  it('kills the whole process group on timeout, grandchildren included', async () => {
    const pidFile = join(freshDir('lantern-run-'), 'pid');
    // The grandchild holds the output pipe: if it survived, the run would not end for 300 s.
    const run = await runTests(options(grandchildSleeping(pidFile), { timeoutMs: 1_000 }));
    expect(run).toMatchObject({ timedOut: true, passed: false, exitCode: null });
    expect(run.output).toContain('started');
    expect(isGone(Number(readFileSync(pidFile, 'utf8')))).toBe(true);
  });

  it('stops the whole process group when its signal aborts', async () => {
    const pidFile = join(freshDir('lantern-run-'), 'pid');
    const controller = new AbortController();
    const running = runTests(options(grandchildSleeping(pidFile), { signal: controller.signal }));
    await fileAppears(pidFile);
    controller.abort();
    const run = await running;
    expect(run).toMatchObject({ timedOut: false, passed: false, exitCode: null });
    expect(isGone(Number(readFileSync(pidFile, 'utf8')))).toBe(true);
  });

  it.each([
    // The subshell exits at once, so the sleep is reparented: no group, no parent chain leads to it;
    // only the marker in its environment does.
    ['in its own session, reparented', (start: string) => `(setsid ${start} >/dev/null 2>&1 &);`],
    // Its environment cleared (no marker), but its parent, the run's shell, still leads to it.
    [
      'in its own session, its environment cleared',
      (start: string) => `env -i /usr/bin/setsid ${start} >/dev/null 2>&1 &`,
    ],
  ])('kills on timeout a process that left the group: %s', async (_, leave) => {
    const pidFile = join(freshDir('lantern-run-'), 'pid');
    const start = `/bin/sh -c 'echo $$ > "${pidFile}.tmp"; mv "${pidFile}.tmp" "${pidFile}"; exec sleep 300'`;
    const run = await runTests(
      options(`${leave(start)} until [ -e '${pidFile}' ]; do sleep 0.05; done; sleep 300`, {
        timeoutMs: 1_500,
      }),
    );
    expect(run.timedOut).toBe(true);
    const escaped = Number(readFileSync(pidFile, 'utf8'));
    await until(() => isGone(escaped));
    expect(isGone(escaped)).toBe(true);
  });

  it('when the command ends, what it left running is dead before the result is given', async () => {
    const dir = freshDir('lantern-run-');
    // A straggler in a session of its own, not holding the output pipes (a worker, a forgotten server),
    // writing on: if the result came first, it could write into a copy being removed.
    const straggler = `(setsid sh -c 'echo $$ > "${dir}/pid"; while true; do touch "${dir}/alive"; sleep 0.01; done' >/dev/null 2>&1 &); until [ -s '${dir}/pid' ]; do sleep 0.01; done`;
    const run = await runTests(options(straggler));
    expect(run.passed).toBe(true);
    expect(isGone(Number(readFileSync(join(dir, 'pid'), 'utf8')))).toBe(true);
  });

  it('gives the test command an environment without the model keys or Lantern secrets', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, {
      ANTHROPIC_API_KEY: 'sk-ant-child-LEAK-1',
      ANTHROPIC_AUTH_TOKEN: 'sk-ant-child-LEAK-2',
      OPENAI_API_KEY: 'sk-openai-child-LEAK-3',
      LANTERN_REDIS_PASSWORD_KEY: 'lantern-child-LEAK-4',
      COPIED_BY_HAND: 'prefix sk-ant-child-LEAK-1',
      HARMLESS_SETTING: 'kept',
    });
    try {
      const run = await runTests(options('env'));
      expect(run.output.split('\n').filter((line) => line.includes('LEAK'))).toEqual([]);
      expect(run.output).toContain('HARMLESS_SETTING=kept');
    } finally {
      for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
    }
  });

  it('does not start when its signal is already aborted', async () => {
    const marker = join(freshDir('lantern-run-'), 'ran');
    const run = await runTests(options(`touch '${marker}'`, { signal: AbortSignal.abort() }));
    expect(run.passed).toBe(false);
    expect(existsSync(marker)).toBe(false);
  });

  it('reports a command that cannot start as a failed run', async () => {
    const run = await runTests(options('echo never', { cwd: '/nonexistent/lantern' }));
    expect(run.passed).toBe(false);
    expect(run.exitCode).toBeNull();
    expect(run.output).toContain('could not start the test command');
  });
});

describe('testCommandFor', () => {
  it('puts the shell-quoted path where {file} is, or at the end', () => {
    expect(testCommandFor('python3 -m pytest -x {file} -q', '/w/tests/test_a.py')).toBe(
      "python3 -m pytest -x '/w/tests/test_a.py' -q",
    );
    expect(testCommandFor('npx vitest run', "/w/it's.test.ts")).toBe("npx vitest run '/w/it'\\''s.test.ts'");
  });
});
