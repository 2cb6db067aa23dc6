import { spawn } from 'node:child_process';

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
 * Runs a test command in a shell, in its own process group so a timeout or a cancel kills the whole
 * tree (test runners spawn workers). Output is capped from the front: failures are reported last.
 */
export function runTests(options: TestRunOptions): Promise<TestRun> {
  return new Promise((resolve) => {
    // Listeners added to an aborted signal never hear 'abort': a run cancelled already must not start.
    if (options.signal.aborted) {
      resolve({ exitCode: null, output: 'the test run was cancelled', timedOut: false, passed: false });
      return;
    }
    const child = spawn('/bin/sh', ['-c', options.command], {
      cwd: options.cwd,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, CI: '1', FORCE_COLOR: '0', NO_COLOR: '1' },
    });
    let output = '';
    let cut = false;
    let timedOut = false;
    const append = (chunk: string) => {
      output += chunk;
      if (output.length > options.maxOutputChars * 2) {
        output = output.slice(-options.maxOutputChars);
        cut = true;
      }
    };
    // Decoded by the streams, so a character split between two chunks stays whole.
    child.stdout.setEncoding('utf8').on('data', append);
    child.stderr.setEncoding('utf8').on('data', append);
    const kill = () => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, options.timeoutMs);
    options.signal.addEventListener('abort', kill, { once: true });
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      options.signal.removeEventListener('abort', kill);
      const capped =
        cut || output.length > options.maxOutputChars
          ? `…\n${output.slice(-options.maxOutputChars)}`
          : output;
      resolve({ exitCode, output: stripAnsi(capped), timedOut, passed: exitCode === 0 && !timedOut });
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({
        exitCode: null,
        output: `could not start the test command: ${error.message}`,
        timedOut: false,
        passed: false,
      });
    });
  });
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
