import type { FastifyReply } from 'fastify';
import { isModelError } from '../llm/errors.js';
import { HttpError } from './http-error.js';

/** The abort signal of one request: its deadline, or the client going away, whichever comes first. */
export interface RequestSignal {
  readonly signal: AbortSignal;
  /**
   * What a failure of the agent under this signal means to the client: a deadline that passed is a 504
   * (the agent only knows it was cancelled); anything else is passed on as it is.
   */
  translate(error: unknown): unknown;
  /** Stops the deadline timer once the answer is sent. */
  dispose(): void;
}

/**
 * A deadline per request (the model call, retries included, and everything around it), and the
 * request's cancellation when the client closes the connection before its answer: a model call nobody
 * waits for is not worth its tokens.
 */
export function requestSignal(reply: FastifyReply, deadlineMs: number): RequestSignal {
  const deadline = AbortSignal.timeout(deadlineMs);
  const gone = new AbortController();
  const onClose = () => {
    if (!reply.raw.writableFinished) gone.abort();
  };
  reply.raw.once('close', onClose);
  const signal = AbortSignal.any([deadline, gone.signal]);
  return {
    signal,
    translate: (error) =>
      deadline.aborted && (isModelError(error, 'cancelled') || signal.aborted)
        ? new HttpError(504, `the request's deadline of ${deadlineMs} ms passed before the answer`)
        : error,
    dispose: () => reply.raw.off('close', onClose),
  };
}
