import { ModelError } from './errors.js';
import { askInfill, type FimEndpoint } from './fim-endpoints.js';
import { httpError } from './http-errors.js';
import type { CompletionOptions, ModelAnswer, ModelProvider, ModelRequest } from './provider.js';
import { type RequestTimeouts, withDeadline } from './request-deadline.js';
import { sseData } from './sse.js';

export const DEFAULT_OPENAI_MODEL = 'llama3.1';

export interface OpenAiSettings extends RequestTimeouts {
  readonly baseUrl: string;
  readonly model: string;
  /** Optional: local servers (Ollama, llama.cpp) need none. */
  readonly apiKey: string | undefined;
  readonly maxRetries: number;
  /** A native fill-in-the-middle endpoint for requests that carry `fill` (completions); none: chat. */
  readonly fim?: FimEndpoint;
}

const RETRYABLE = new Set([408, 409, 429, 500, 502, 503, 504, 529]);

/**
 * OpenAI-compatible chat completions (Ollama, llama.cpp server, vLLM, LM Studio) over fetch + SSE,
 * with the same behaviour as the Anthropic provider (and its SDK): streaming, cancellation, retries of
 * 429/5xx honouring retry-after and of connection errors (refused, reset) before the answer starts,
 * one timeout for the whole request and one for a stream gone silent. A stream that ends without its
 * end (no finish_reason, no [DONE]) is an error, so a truncated answer is never shown as whole or cached.
 */
export class OpenAiProvider implements ModelProvider {
  readonly name = 'openai';
  readonly model: string;
  readonly endpoint: string;

  constructor(private readonly settings: OpenAiSettings) {
    this.model = settings.model || DEFAULT_OPENAI_MODEL;
    this.endpoint = settings.baseUrl.replace(/\/+$/, '');
  }

  async complete(request: ModelRequest, { signal, onText }: CompletionOptions): Promise<ModelAnswer> {
    try {
      return await withDeadline(signal, this.settings, this.endpoint, async (bounded, alive) => {
        const { fim, apiKey } = this.settings;
        if (fim && request.fill)
          return askInfill(fim, { root: this.root, model: this.model, apiKey }, request, bounded);
        const response = await this.#post(request, bounded);
        try {
          return await this.#readStream(response, onText, alive);
        } catch (error) {
          // The connection failing once the answer has started (a reset, a proxy closing it) is not
          // "cannot reach": it is an answer cut short. Our own aborts stay as they are (cancel, timeouts).
          if (bounded.aborted || error instanceof ModelError) throw error;
          throw new ModelError(
            'overloaded',
            `${this.endpoint}'s answer broke off: ${(error as Error).message ?? String(error)}`,
          );
        }
      });
    } catch (error) {
      if (signal.aborted) throw new ModelError('cancelled', 'The request was cancelled.');
      if (error instanceof ModelError) throw error;
      throw new ModelError('unreachable', `Cannot reach ${this.endpoint}: ${(error as Error).message}`);
    }
  }

  /** The server's root, where native endpoints live: the base URL without its `/v1`. */
  get root(): string {
    return this.endpoint.replace(/\/v1$/, '');
  }

  async #post(request: ModelRequest, signal: AbortSignal): Promise<Response> {
    const body = JSON.stringify({
      model: this.model,
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: request.maxOutputTokens,
      messages: [{ role: 'system', content: request.system }, ...request.messages],
    });
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.settings.apiKey) headers.authorization = `Bearer ${this.settings.apiKey}`;
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await fetch(`${this.endpoint}/chat/completions`, {
          method: 'POST',
          headers,
          body,
          signal,
        });
      } catch (error) {
        // A connection refused or reset before the headers: nothing was answered, so asking again is
        // safe (the SDK does the same with the same backoff). An abort is not a connection error.
        if (signal.aborted || attempt >= this.settings.maxRetries) throw error;
        await delay(retryDelayMs(undefined, attempt), signal);
        continue;
      }
      if (response.ok && response.body) return response;
      const detail = (await response.text().catch(() => '')).slice(0, 300);
      if (RETRYABLE.has(response.status) && attempt < this.settings.maxRetries) {
        await delay(retryDelayMs(response.headers, attempt), signal);
        continue;
      }
      throw httpError(response.status, this.endpoint, detail);
    }
  }

  async #readStream(
    response: Response,
    onText: ((delta: string) => void) | undefined,
    alive: () => void,
  ): Promise<ModelAnswer> {
    let text = '';
    let inputTokens = 0;
    let outputTokens = 0;
    let finished = false;
    for await (const data of sseData(response.body as ReadableStream<Uint8Array>, alive)) {
      if (data === '[DONE]') {
        finished = true;
        break;
      }
      let event: OpenAiChunk;
      try {
        event = JSON.parse(data) as OpenAiChunk;
      } catch {
        throw new ModelError('bad-answer', `${this.endpoint} streamed something that is not JSON.`);
      }
      if (event.error)
        throw new ModelError(
          'overloaded',
          `${this.endpoint} reported an error: ${event.error.message ?? 'unknown'}`,
        );
      const choice = event.choices?.[0];
      if (choice?.finish_reason) finished = true;
      const delta = choice?.delta?.content;
      if (delta) {
        text += delta;
        onText?.(delta);
      }
      if (event.usage) {
        inputTokens = event.usage.prompt_tokens ?? inputTokens;
        outputTokens = event.usage.completion_tokens ?? outputTokens;
      }
    }
    if (!finished)
      throw new ModelError(
        'overloaded',
        `${this.endpoint}'s answer broke off before its end (the stream closed without a finish_reason or [DONE]).`,
      );
    return { text, usage: { inputTokens, outputTokens } };
  }
}

interface OpenAiChunk {
  choices?: { delta?: { content?: string | null }; finish_reason?: string | null }[];
  usage?: { prompt_tokens?: number; completion_tokens?: number };
  error?: { message?: string };
}

/**
 * retry-after-ms, then retry-after (seconds), else the Anthropic SDK's backoff: from 0.5 s, doubling,
 * capped at 8 s, less up to 25% jitter (so clients cut off together do not come back together).
 */
function retryDelayMs(headers: Headers | undefined, attempt: number): number {
  const ms = Number(headers?.get('retry-after-ms'));
  if (Number.isFinite(ms) && ms >= 0 && headers?.has('retry-after-ms')) return Math.min(ms, 60_000);
  const seconds = Number(headers?.get('retry-after'));
  if (Number.isFinite(seconds) && seconds >= 0 && headers?.has('retry-after'))
    return Math.min(seconds * 1000, 60_000);
  return Math.min(500 * 2 ** attempt, 8_000) * (1 - Math.random() * 0.25);
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}
