import type { AgentTool, ToolLimits } from '../tools/agent-tool.js';

/** One message of a conversation with a model. */
export interface ChatMessage {
  readonly role: 'user' | 'assistant';
  readonly content: string;
}

/** What Lantern asks a model: a system prompt, the conversation, and a bound on the answer. */
export interface ModelRequest {
  readonly system: string;
  readonly messages: readonly ChatMessage[];
  readonly maxOutputTokens: number;
  /** Tools the model may call while answering (providers without tool use ignore them). */
  readonly tools?: readonly AgentTool[];
  readonly toolLimits?: ToolLimits;
  /**
   * The same question as fill-in-the-middle, for a backend with a native FIM endpoint (llama.cpp's
   * `/infill`, Ollama's `suffix`); backends without one answer `system` and `messages`.
   */
  readonly fill?: FillInTheMiddle;
}

/** The text around the cursor, and other files' text a FIM model may read first. */
export interface FillInTheMiddle {
  readonly prefix: string;
  readonly suffix: string;
  /** Context from elsewhere (imports' signatures, the enclosing unit), as named snippets. */
  readonly extra: readonly { readonly filename: string; readonly text: string }[];
}

export interface TokenUsage {
  readonly inputTokens: number;
  readonly outputTokens: number;
}

export interface ModelAnswer {
  readonly text: string;
  readonly usage: TokenUsage;
}

export interface CompletionOptions {
  /** Aborting it cancels the request and closes its connection. */
  readonly signal: AbortSignal;
  /** Called with each piece of text as it streams in. */
  readonly onText?: (delta: string) => void;
  /** Called after every tool call, for the log (the input and whether it was refused). */
  readonly onToolCall?: (call: { name: string; input: unknown; error?: string }) => void;
}

/**
 * A model backend. Implementations stream, honour the signal, and fail only with ModelError.
 * `offline` is not a provider: with none configured, abilities answer structurally.
 */
export interface ModelProvider {
  readonly name: 'anthropic' | 'openai';
  readonly model: string;
  /** Where requests go (shown by lantern/status; never includes a key). */
  readonly endpoint: string;
  complete(request: ModelRequest, options: CompletionOptions): Promise<ModelAnswer>;
}
