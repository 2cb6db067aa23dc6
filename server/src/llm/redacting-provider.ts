import { REDACTED, redactSecrets } from '../secrets.js';
import { ModelError } from './errors.js';
import type { CompletionOptions, ModelAnswer, ModelProvider, ModelRequest } from './provider.js';

/**
 * Wraps a provider so that no configured secret leaves it in text: an endpoint (a proxy, a local
 * server) may repeat the `x-api-key` or `Authorization` value it was sent in an error body or an SSE
 * `error` event, or the answer itself may hold it. Error messages, the answer and every streamed
 * piece are redacted here, at the provider boundary, so the hover, showMessage, logMessage, the log
 * file, the CLI and the cache all get the redacted text, whichever front asked.
 */
export class RedactingProvider implements ModelProvider {
  readonly name: ModelProvider['name'];
  readonly model: string;
  readonly endpoint: string;

  constructor(
    private readonly inner: ModelProvider,
    private readonly secrets: readonly string[],
  ) {
    ({ name: this.name, model: this.model, endpoint: this.endpoint } = inner);
  }

  async complete(request: ModelRequest, options: CompletionOptions): Promise<ModelAnswer> {
    if (this.secrets.length === 0) return this.inner.complete(request, options);
    const stream = options.onText ? new StreamRedactor(this.secrets, options.onText) : undefined;
    try {
      const answer = await this.inner.complete(request, {
        ...options,
        ...(stream ? { onText: (delta: string) => stream.push(delta) } : {}),
      });
      stream?.flush();
      return { ...answer, text: redactSecrets(answer.text, this.secrets) };
    } catch (error) {
      if (!(error instanceof ModelError)) throw error;
      const message = redactSecrets(error.message, this.secrets);
      return Promise.reject(
        message === error.message ? error : new ModelError(error.kind, message, error.status),
      );
    }
  }
}

/**
 * Redacts a stream of text pieces: a secret may arrive split over two pieces, so the end of what came
 * so far is held back while it could still be the start of a secret.
 */
class StreamRedactor {
  #pending = '';

  constructor(
    private readonly secrets: readonly string[],
    private readonly emit: (text: string) => void,
  ) {}

  push(delta: string): void {
    const text = redactSecrets(this.#pending + delta, this.secrets);
    const held = this.#heldBack(text);
    this.#pending = text.slice(text.length - held);
    const ready = text.slice(0, text.length - held);
    if (ready) this.emit(ready);
  }

  flush(): void {
    if (this.#pending) this.emit(redactSecrets(this.#pending, this.secrets));
    this.#pending = '';
  }

  // The length of the longest end of `text` that begins some secret (a marker already put is done).
  #heldBack(text: string): number {
    let longest = 0;
    for (const secret of this.secrets) {
      for (let length = Math.min(secret.length - 1, text.length); length > longest; length--) {
        const end = text.slice(text.length - length);
        if (!end.endsWith(REDACTED) && secret.startsWith(end)) {
          longest = length;
          break;
        }
      }
    }
    return longest;
  }
}
