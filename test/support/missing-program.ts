import { spawnSync } from 'node:child_process';

/**
 * Suites that drive a real program (redis-server, an editor, pylsp) skip where it is not installed, so a
 * developer without it can still run the rest. Each skip prints this marker with its reason: `.ci/run`
 * installs every such program first and then fails the run if the marker appears, so in CI a missing
 * program is an error, not a quiet skip — without any extra environment for `npm test`.
 */
export const MISSING_PROGRAM_MARKER = 'lantern-test: skipped for a missing program:';

/** Prints why `suite` is skipped here (see MISSING_PROGRAM_MARKER). */
export function reportMissingProgram(suite: string, reason: string): void {
  console.warn(`${MISSING_PROGRAM_MARKER} ${suite}: ${reason}`);
}

/**
 * Why a suite of `lantern-ls --beside=pylsp` cannot run here (Debian's pylsp is not installed), reported
 * as above; undefined where it can.
 */
export function pylspMissing(suite: string): string | undefined {
  if (spawnSync('pylsp', ['--version'], { encoding: 'utf8' }).status === 0) return undefined;
  const reason = 'pylsp is not installed (apt-get install python3-pylsp)';
  reportMissingProgram(suite, reason);
  return reason;
}
