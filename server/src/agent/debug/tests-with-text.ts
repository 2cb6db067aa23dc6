import { relative } from 'node:path';
import type { LanternConfig } from '../../config.js';
import { runTests, testCommandFor } from '../../tools/run-tests.js';
import { WorkspaceCopy } from '../../tools/workspace-copy.js';
import { isTestFile } from './code-under-test.js';
import { parseTestFailure } from './test-failure.js';

export interface TestsWithText {
  /** The command as run in the copy, `{file}` relative to the root (no temporary path in it). */
  readonly command: string;
  readonly passed: boolean;
  /** The first failing test and its message, or the run's last line (pytest's "1 passed") when they passed. */
  readonly summary: string;
}

/**
 * Runs a trusted workspace's own tests in a temporary copy where `file` holds `text` instead of what is
 * on disk: the test file's tests when `file` is one, else the whole suite (`{file}` = `.`), as a fix
 * of a source file may break any test. The command is `tests.command` from the configuration, never
 * from the caller's input; the workspace's files are never written and the copy is always removed.
 * The caller checks that `root` is trusted and `file` a regular file inside it.
 */
export async function testsWithText(
  root: string,
  file: string,
  text: string,
  tests: LanternConfig['tests'],
  signal: AbortSignal,
): Promise<TestsWithText> {
  const copy = await WorkspaceCopy.create(root, new Map([[file, text]]), signal);
  try {
    const target = isTestFile(file) ? relative(copy.root, copy.pathOf(file)) : '.';
    const command = testCommandFor(tests.command, target);
    const run = await runTests({
      command,
      cwd: copy.root,
      timeoutMs: tests.timeoutMs,
      maxOutputChars: tests.maxOutputChars,
      signal,
    });
    if (run.passed) return { command, passed: true, summary: run.output.trim().split('\n').at(-1) ?? '' };
    const failure = parseTestFailure(run.output);
    const summary = failure.testName ? `${failure.testName} failed: ${failure.message}` : failure.message;
    return { command, passed: false, summary: run.timedOut ? `the tests timed out: ${summary}` : summary };
  } finally {
    copy.dispose();
  }
}
