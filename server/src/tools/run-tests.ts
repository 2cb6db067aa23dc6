import { runBounded } from './run-bounded.js';

export interface TestRun {
  readonly exitCode: number | null;
  /** stdout and stderr interleaved, cut to its last `maxOutputChars` characters. */
  readonly output: string;
  readonly timedOut: boolean;
  readonly passed: boolean;
}

export interface TestRunOptions {
  /** The shell command, `{file}` already replaced. */
  readonly command: string;
  readonly cwd: string;
  readonly timeoutMs: number;
  readonly maxOutputChars: number;
  readonly signal: AbortSignal;
}

/**
 * Runs a test command in a shell through runBounded: no credentials in its environment, and a timeout
 * or a cancel kills everything it started (test runners spawn workers). Output is capped from the
 * front: failures are reported last.
 */
export async function runTests(options: TestRunOptions): Promise<TestRun> {
  const run = await runBounded('/bin/sh', ['-c', options.command], {
    cwd: options.cwd,
    timeoutMs: options.timeoutMs,
    signal: options.signal,
    maxOutputChars: options.maxOutputChars,
    env: { CI: '1', FORCE_COLOR: '0', NO_COLOR: '1' },
  });
  if (run.startError !== undefined)
    return {
      exitCode: null,
      output: `could not start the test command: ${run.startError}`,
      timedOut: false,
      passed: false,
    };
  if (run.cancelled && run.exitCode === null && run.output === '')
    return { exitCode: null, output: 'the test run was cancelled', timedOut: false, passed: false };
  const output = run.cut ? `…\n${run.output}` : run.output;
  return {
    exitCode: run.exitCode,
    output: stripAnsi(output),
    timedOut: run.timedOut,
    passed: run.exitCode === 0 && !run.timedOut && !run.cancelled,
  };
}

/** Replaces `{file}` with the shell-quoted path. */
export function testCommandFor(template: string, file: string): string {
  const quoted = `'${file.replace(/'/g, `'\\''`)}'`;
  return template.includes('{file}') ? template.replaceAll('{file}', quoted) : `${template} ${quoted}`;
}

function stripAnsi(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escapes start with ESC.
  return text.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '');
}
