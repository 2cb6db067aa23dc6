import { ModelError } from './errors.js';

/** How long one model request may take: in all, and between two pieces of its streamed answer. */
export interface RequestTimeouts {
  readonly timeoutMs: number;
  readonly idleTimeoutMs: number;
}

/**
 * Runs one model request under its timeouts: `run` gets a signal that aborts when the caller's does,
 * when `timeoutMs` is up, or when the answer, once streaming, goes silent for `idleTimeoutMs`; either
 * time running out becomes a `timeout` ModelError (the caller's abort stays whatever `run` makes of it:
 * a cancellation). `run` calls `alive` on every piece of the answer it receives: the first call arms
 * the idle timer (a model may think a long while before its first token), each one restarts it.
 *
 * The deadline covers the whole request — waiting for headers, every retry and the streamed body. An
 * HTTP client's own timeout (the Anthropic SDK's `timeout`) only covers the wait for headers, so a
 * stream that stalls after them would otherwise hold the request open for as long as the server likes;
 * the idle timeout ends one that stalls mid-answer long before the deadline.
 */
export async function withDeadline<T>(
  signal: AbortSignal,
  timeouts: RequestTimeouts,
  /** Who did not answer, for the message: "Claude", an endpoint URL. */
  answerer: string,
  run: (signal: AbortSignal, alive: () => void) => Promise<T>,
): Promise<T> {
  const deadline = new AbortController();
  const idle = new AbortController();
  const timer = setTimeout(() => deadline.abort(), timeouts.timeoutMs);
  let idleTimer: NodeJS.Timeout | undefined;
  const alive = () => {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => idle.abort(), timeouts.idleTimeoutMs);
  };
  try {
    return await run(AbortSignal.any([signal, deadline.signal, idle.signal]), alive);
  } catch (error) {
    if (signal.aborted) throw error;
    if (deadline.signal.aborted)
      throw new ModelError('timeout', `${answerer} did not answer within ${timeouts.timeoutMs} ms.`);
    if (idle.signal.aborted)
      throw new ModelError(
        'timeout',
        `${answerer} sent nothing for ${timeouts.idleTimeoutMs} ms in the middle of its answer.`,
      );
    throw error;
  } finally {
    clearTimeout(timer);
    clearTimeout(idleTimer);
  }
}
