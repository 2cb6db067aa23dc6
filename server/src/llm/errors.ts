/** Why a model request failed, in terms a user can act on. */
export type ModelErrorKind =
  | 'auth' // 401/403: key missing or wrong
  | 'rate-limited' // 429 after retries
  | 'overloaded' // 529 / 5xx after retries
  | 'unreachable' // connection refused, DNS, reset
  | 'timeout'
  | 'cancelled'
  | 'circuit-open' // too many failures lately: answering structurally for a while
  | 'bad-answer' // the model answered with something unusable
  | 'input-too-large';

/**
 * An expected failure of a model request. Its message is written for the user (it reaches the editor
 * as the text of a ResponseError or a window/showMessage); it never contains a key.
 */
export class ModelError extends Error {
  constructor(
    readonly kind: ModelErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ModelError';
  }
}

export function isModelError(error: unknown, kind?: ModelErrorKind): error is ModelError {
  return error instanceof ModelError && (kind === undefined || error.kind === kind);
}
