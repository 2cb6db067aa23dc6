import type Anthropic from '@anthropic-ai/sdk';
import { DEFAULT_TOOL_LIMITS, ToolError } from '../tools/agent-tool.js';
import { ModelError } from './errors.js';
import type { CompletionOptions, ModelAnswer, ModelProvider, ModelRequest } from './provider.js';
import { type RequestTimeouts, withDeadline } from './request-deadline.js';

export const DEFAULT_ANTHROPIC_MODEL = 'claude-sonnet-5-5';

export interface AnthropicSettings extends RequestTimeouts {
  readonly apiKey: string;
  readonly model: string;
  /** Empty: the SDK's default, which honours ANTHROPIC_BASE_URL. */
  readonly baseUrl: string;
  readonly maxRetries: number;
}

/**
 * Claude through the official SDK: streaming, cancellation through the signal (which closes the
 * socket), the SDK's own retries of 408/409/429/5xx honouring retry-after, and `timeoutMs` for each
 * request as a whole (the SDK's `timeout` stops waiting for headers, not a stream that stalls after
 * them). The SDK is imported on the first request: it costs ~100 ms at startup that an offline
 * session never needs.
 */
export class AnthropicProvider implements ModelProvider {
  readonly name = 'anthropic';
  readonly model: string;
  readonly endpoint: string;
  #client: Promise<Anthropic> | undefined;

  constructor(private readonly settings: AnthropicSettings) {
    this.model = settings.model || DEFAULT_ANTHROPIC_MODEL;
    this.endpoint = settings.baseUrl || process.env.ANTHROPIC_BASE_URL || 'https://api.anthropic.com';
  }

  async complete(request: ModelRequest, options: CompletionOptions): Promise<ModelAnswer> {
    const { signal, onText } = options;
    const client = await this.#sdkClient();
    const messages: Anthropic.MessageParam[] = request.messages.map((message) => ({
      role: message.role,
      content: message.content,
    }));
    const tools = request.tools?.map((tool) => ({
      name: tool.name,
      description: tool.description,
      input_schema: tool.inputSchema,
    }));
    const usage = { inputTokens: 0, outputTokens: 0 };
    let calls = 0;
    try {
      // One round per model turn: a turn that ends in tool calls gets their results and continues.
      for (;;) {
        // Each turn is one request, retries included, and gets request.timeoutMs in all.
        const message = await withDeadline(signal, this.settings, 'Claude', (bounded, alive) => {
          const stream = client.messages.stream(
            {
              model: this.model,
              max_tokens: request.maxOutputTokens,
              system: request.system,
              messages,
              ...(tools && tools.length > 0 ? { tools: tools as Anthropic.Tool[] } : {}),
            },
            { signal: bounded },
          );
          // Every event (pings included) shows the stream is still alive.
          stream.on('streamEvent', alive);
          if (onText) stream.on('text', (delta) => onText(delta));
          return stream.finalMessage();
        });
        // The SDK hands back what arrived when a stream closes before message_delta and message_stop.
        if (message.stop_reason === null)
          throw new ModelError(
            'overloaded',
            "Claude's answer broke off before its end (the stream closed without a stop_reason).",
          );
        usage.inputTokens += message.usage.input_tokens;
        usage.outputTokens += message.usage.output_tokens;
        const text = message.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
        const toolUses = message.content.filter(
          (block): block is Anthropic.ToolUseBlock => block.type === 'tool_use',
        );
        if (message.stop_reason !== 'tool_use' || toolUses.length === 0 || !request.tools)
          return { text, usage };
        // The model has been told its calls past the limit were refused; one that keeps calling would
        // loop (a paid request a round) until cancelled.
        const { maxCalls } = request.toolLimits ?? DEFAULT_TOOL_LIMITS;
        if (calls > maxCalls)
          throw new ModelError(
            'bad-answer',
            `Claude kept calling tools past the limit of ${maxCalls} per request.`,
          );
        messages.push({ role: 'assistant', content: message.content });
        const results: Anthropic.ToolResultBlockParam[] = [];
        for (const use of toolUses) {
          calls++;
          results.push(await runTool(request, use, calls, options));
        }
        messages.push({ role: 'user', content: results });
      }
    } catch (error) {
      throw await this.#translate(error, signal);
    }
  }

  #sdkClient(): Promise<Anthropic> {
    this.#client ??= import('@anthropic-ai/sdk').then(
      ({ default: AnthropicClient }) =>
        new AnthropicClient({
          apiKey: this.settings.apiKey,
          ...(this.settings.baseUrl ? { baseURL: this.settings.baseUrl } : {}),
          // Bounds each attempt's wait for headers; withDeadline bounds the request as a whole.
          timeout: this.settings.timeoutMs,
          maxRetries: this.settings.maxRetries,
        }),
    );
    return this.#client;
  }

  async #translate(error: unknown, signal: AbortSignal): Promise<ModelError> {
    if (error instanceof ModelError) return error;
    const sdk = await import('@anthropic-ai/sdk');
    if (signal.aborted || error instanceof sdk.APIUserAbortError)
      return new ModelError('cancelled', 'The request was cancelled.');
    if (error instanceof sdk.AuthenticationError || error instanceof sdk.PermissionDeniedError) {
      return new ModelError(
        'auth',
        `Claude refused the API key (HTTP ${error.status}): ANTHROPIC_API_KEY is missing or wrong. Lantern answers structurally until it is fixed.`,
        error.status,
      );
    }
    if (error instanceof sdk.RateLimitError) {
      return new ModelError(
        'rate-limited',
        'Claude is rate limiting this key (HTTP 429), even after retries.',
        429,
      );
    }
    if (error instanceof sdk.APIConnectionTimeoutError) {
      return new ModelError('timeout', `Claude did not answer within ${this.settings.timeoutMs} ms.`);
    }
    if (error instanceof sdk.APIConnectionError) {
      return new ModelError('unreachable', `Cannot reach Claude at ${this.endpoint}: ${error.message}`);
    }
    if (error instanceof sdk.APIError && error.status !== undefined) {
      const kind = error.status >= 500 ? 'overloaded' : 'bad-answer';
      return new ModelError(
        kind,
        `Claude answered HTTP ${error.status}: ${firstLine(error.message)}`,
        error.status,
      );
    }
    // A mid-stream `error` event arrives as a plain error from the stream.
    return new ModelError(
      'overloaded',
      `Claude's answer broke off: ${firstLine(String((error as Error)?.message ?? error))}`,
    );
  }
}

function firstLine(text: string): string {
  return (text.split('\n', 1)[0] ?? '').slice(0, 300);
}

// Runs one tool call within the request's limits; a refusal goes back to the model as an error result.
async function runTool(
  request: ModelRequest,
  use: Anthropic.ToolUseBlock,
  callNumber: number,
  { signal, onToolCall }: CompletionOptions,
): Promise<Anthropic.ToolResultBlockParam> {
  const limits = request.toolLimits ?? DEFAULT_TOOL_LIMITS;
  const tool = request.tools?.find((candidate) => candidate.name === use.name);
  const input = (use.input ?? {}) as Record<string, unknown>;
  let content: string;
  let error: string | undefined;
  try {
    if (callNumber > limits.maxCalls)
      throw new ToolError(`refused: at most ${limits.maxCalls} tool calls per request`);
    if (!tool) throw new ToolError(`no tool named ${use.name}`);
    content = await tool.run(input, signal);
  } catch (thrown) {
    if (signal.aborted) throw thrown;
    error = thrown instanceof Error ? thrown.message : String(thrown);
    content = error;
  }
  onToolCall?.({ name: use.name, input, ...(error ? { error } : {}) });
  const capped =
    content.length > limits.maxResultChars
      ? `${content.slice(0, limits.maxResultChars)}\n… (truncated)`
      : content;
  return { type: 'tool_result', tool_use_id: use.id, content: capped, ...(error ? { is_error: true } : {}) };
}
