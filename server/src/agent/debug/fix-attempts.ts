/** What one attempt at a fix came to. */
export type AttemptResult<Fixed, Stop> =
  /** The tests pass with it: done. */
  | { readonly kind: 'passed'; readonly fixed: Fixed }
  /** The tests still fail with it; `failure` is what they said, for the next attempt. */
  | { readonly kind: 'failed'; readonly failure: string }
  /** The answer could not even be tried (the edit pipeline refused it), for this reason. */
  | { readonly kind: 'rejected'; readonly reason: string }
  /** Trying again would not help (the model is unavailable): give up with this. */
  | { readonly kind: 'stop'; readonly stop: Stop };

/** How the attempts ended, and how many there were. */
export type AttemptsOutcome<Fixed, Stop> =
  | { readonly kind: 'passed'; readonly fixed: Fixed; readonly attempts: number }
  | { readonly kind: 'stop'; readonly stop: Stop; readonly attempts: number }
  | {
      readonly kind: 'exhausted';
      readonly attempts: number;
      /** What the tests said of the last fix that could be tried. */
      readonly lastFailure: string | undefined;
      /** Why the last answer could not be tried, when that is how the last attempt ended. */
      readonly lastRejection: string | undefined;
    };

/**
 * The bounded loop of the test-driven debug workflow, shared by every front (the editor's
 * `lantern.debug`, the service's /debug): up to `maxAttempts` (`debug.maxAttempts`) attempts, each
 * handed how the previous one failed — the tests' failure, or why its answer could not be applied —
 * until one passes the tests or says to stop.
 */
export async function attemptFixes<Fixed, Stop>(
  maxAttempts: number,
  attempt: (number: number, previous: string | undefined) => Promise<AttemptResult<Fixed, Stop>>,
): Promise<AttemptsOutcome<Fixed, Stop>> {
  let previous: string | undefined;
  let lastFailure: string | undefined;
  let lastRejection: string | undefined;
  for (let number = 1; number <= maxAttempts; number++) {
    const result = await attempt(number, previous);
    if (result.kind === 'passed') return { kind: 'passed', fixed: result.fixed, attempts: number };
    if (result.kind === 'stop') return { kind: 'stop', stop: result.stop, attempts: number };
    if (result.kind === 'rejected') {
      lastRejection = result.reason;
      previous = `(the answer could not be applied: ${result.reason})`;
    } else {
      lastRejection = undefined;
      lastFailure = result.failure;
      previous = result.failure;
    }
  }
  return { kind: 'exhausted', attempts: maxAttempts, lastFailure, lastRejection };
}

/** What a prompt says of the previous attempt ('' on the first). */
export function earlierAttempt(previous: string | undefined): string {
  return previous === undefined
    ? ''
    : `\nEarlier fixes did not make the test pass; the last one failed with:\n\n\`\`\`\n${previous}\n\`\`\``;
}

/** "Lantern: no fix made the tests pass after 2 attempts", the start of the sentence for the user. */
export function noFixAfter(attempts: number): string {
  return `Lantern: no fix made the tests pass after ${attempts} attempt${attempts === 1 ? '' : 's'}`;
}
