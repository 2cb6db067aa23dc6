/**
 * An expected failure with the status code it answers with and a message for the client. Messages are
 * written by us, never copied from a request or a model error unredacted: error bodies carry no secrets.
 */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    /** Extra response headers (Retry-After). */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}
