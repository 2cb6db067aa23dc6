import { ModelError } from './errors.js';

/**
 * Runs one model request under `request.timeoutMs`: `run` gets a signal that aborts when the caller's
 * does or when the time is up, whichever comes first, and the time running out becomes a `timeout`
 * ModelError (the caller's abort stays whatever `run` makes of it: a cancellation).
 *
 * The deadline covers the whole request — waiting for headers, every retry and the streamed body. An
 * HTTP client's own timeout (the Anthropic SDK's `timeout`) only covers the wait for headers, so a
 * stream that stalls after them would otherwise hold the request open for as long as the server likes.
 */
export async function withDeadline<T>(
  signal: AbortSignal,
  timeoutMs: number,
  /** Who did not answer, for the message: "Claude", an endpoint URL. */
  answerer: string,
  run: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), timeoutMs);
  try {
    return await run(AbortSignal.any([signal, deadline.signal]));
  } catch (error) {
    if (deadline.signal.aborted && !signal.aborted)
      throw new ModelError('timeout', `${answerer} did not answer within ${timeoutMs} ms.`);
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
