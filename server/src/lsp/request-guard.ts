import { type CancellationToken, ErrorCodes, LSPErrorCodes, ResponseError } from 'vscode-languageserver';
import { isModelError } from '../llm/errors.js';
import type { ClientNotifier } from './client-notifier.js';
import { MessageType } from './client-notifier.js';

/** Lifecycle facts every request handler must respect. */
export interface Lifecycle {
  readonly shutdownRequested: () => boolean;
}

type Handler<P, R> = (params: P, token: CancellationToken) => R | Promise<R>;

/**
 * Wraps a request handler so that every request behaves the same way at the edges: after `shutdown`
 * it fails with InvalidRequest (as the spec asks); a request cancelled before or while it runs answers
 * RequestCancelled; an expected failure (a ModelError) keeps its message, written for the user; an
 * unexpected exception becomes a ResponseError with a readable message (the stack goes to the log)
 * and never takes the server down.
 */
export function guardRequest<P, R>(
  method: string,
  handler: Handler<P, R>,
  lifecycle: Lifecycle,
  notifier: ClientNotifier,
): (params: P, token: CancellationToken) => Promise<R> {
  return async (params, token) => {
    if (lifecycle.shutdownRequested()) {
      throw new ResponseError(ErrorCodes.InvalidRequest, `${method}: the server is shutting down`);
    }
    if (token.isCancellationRequested) throw cancelled(method);
    try {
      const result = await handler(params, token);
      if (token.isCancellationRequested) throw cancelled(method);
      return result;
    } catch (error) {
      if (error instanceof ResponseError) throw error;
      if (token.isCancellationRequested || isModelError(error, 'cancelled')) throw cancelled(method);
      // Expected failures (model unavailable, rate limited, …) carry a message written for the user.
      if (isModelError(error)) throw new ResponseError(ErrorCodes.InternalError, `Lantern: ${error.message}`);
      const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
      notifier.log(MessageType.Error, `${method} failed: ${detail}`);
      const message = error instanceof Error ? error.message : String(error);
      throw new ResponseError(ErrorCodes.InternalError, `Lantern could not answer ${method}: ${message}`);
    }
  };
}

function cancelled(method: string): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestCancelled, `${method} was cancelled`);
}
