import { PassThrough } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { requestSignal } from './request-signal.js';

/** What a route's work gets: its abort signal, and where the model's text goes as it streams (SSE only). */
export interface RouteWork {
  readonly signal: AbortSignal;
  readonly onText: ((delta: string) => void) | undefined;
}

/**
 * Runs a route's work under the request's deadline and answers: JSON, or — when the client sends
 * `Accept: text/event-stream` — Server-Sent Events: `text` events with the model's text as it arrives
 * (`{"text": "…"}`), then one `result` event holding the same JSON body, or one `error` event
 * (`{statusCode, error, message}`) if the work fails after the stream began. A failure before the first
 * event is an ordinary JSON error with its status code.
 */
export async function respond<T extends object>(
  request: FastifyRequest,
  reply: FastifyReply,
  deadlineMs: number,
  work: (run: RouteWork) => Promise<T>,
): Promise<T | FastifyReply> {
  const guard = requestSignal(reply, deadlineMs);
  const streaming = wantsEventStream(request);
  let stream: PassThrough | undefined;
  const open = () => {
    if (stream) return stream;
    stream = new PassThrough();
    // no-transform and X-Accel-Buffering: proxies must pass each event on at once.
    void reply
      .code(200)
      .header('content-type', 'text/event-stream; charset=utf-8')
      .header('cache-control', 'no-cache, no-transform')
      .header('x-accel-buffering', 'no')
      .send(stream);
    return stream;
  };
  try {
    const result = await work({
      signal: guard.signal,
      onText: streaming ? (delta) => open().write(event('text', { text: delta })) : undefined,
    });
    if (!streaming) return result;
    open().end(event('result', result));
    return reply;
  } catch (error) {
    const failure = guard.translate(error);
    if (!stream) throw failure;
    const statusCode = (failure as { statusCode?: number }).statusCode ?? 500;
    const message =
      statusCode < 500 || statusCode === 504
        ? (failure as Error).message
        : 'internal error (see the server log)';
    if (statusCode >= 500 && statusCode !== 504)
      request.log.error({ err: { message: (failure as Error).message } }, 'stream failed');
    stream.end(event('error', { statusCode, error: 'Error', message }));
    return reply;
  } finally {
    guard.dispose();
  }
}

function event(name: string, data: unknown): string {
  return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}

function wantsEventStream(request: FastifyRequest): boolean {
  const accept = request.headers.accept;
  return typeof accept === 'string' && accept.includes('text/event-stream');
}
