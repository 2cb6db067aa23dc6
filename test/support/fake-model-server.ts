import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One scripted answer of the fake model server. */
export type FakeReply =
  /** A successful answer, streamed (SSE) when the request asks for a stream, in `chunks` pieces. */
  | { readonly kind: 'text'; readonly text: string; readonly chunks?: number }
  /** An HTTP error with an optional body and headers (e.g. retry-after-ms). */
  | {
      readonly kind: 'status';
      readonly status: number;
      readonly headers?: Record<string, string>;
      readonly body?: unknown;
    }
  /** Accepts the request and never answers: for cancellation and timeouts. */
  | { readonly kind: 'hang' }
  /** Starts streaming, then sends an error event mid-stream (its message `Overloaded` unless given). */
  | { readonly kind: 'stream-error'; readonly text: string; readonly message?: string }
  /**
   * Answers `text` only once the test resolves `release`: a slow answer that still finishes, without
   * a timer, so "past the hover timeout, then done" is deterministic.
   */
  | { readonly kind: 'gate'; readonly text: string; readonly release: Promise<void> }
  /**
   * Streams `text`, then holds the stream open until the test resolves `release`, then streams `rest`
   * and ends: what a client shows before the answer is done proves it streams.
   */
  | { readonly kind: 'paused'; readonly text: string; readonly rest: string; readonly release: Promise<void> }
  /**
   * Streams `text` and ends the response without the stream's end (no finish_reason and no [DONE]; no
   * message_delta and no message_stop): a connection cut mid-answer by a proxy or a crashed server.
   * With `reset`, the connection is reset (TCP RST) instead of closed.
   */
  | { readonly kind: 'truncated'; readonly text: string; readonly reset?: boolean }
  /** Resets the connection (TCP RST) instead of answering: the client sees ECONNRESET. */
  | { readonly kind: 'reset' }
  /** Anthropic only: the model calls a tool (a streamed tool_use block, stop_reason tool_use). */
  | { readonly kind: 'tool-use'; readonly name: string; readonly input: Record<string, unknown> };

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: Record<string, unknown>;
  readonly rawBody: string;
  /** Resolves when this request's connection closes (the client aborted, or the answer is done). */
  readonly closed: Promise<void>;
  /** When the request arrived (performance.now(), ms): for the gaps between retries. */
  readonly arrivedAt: number;
}

/**
 * A fake model server on 127.0.0.1 speaking Anthropic's Messages API (`POST /v1/messages`), the native
 * fill-in-the-middle endpoints of llama.cpp (`POST /infill`) and Ollama (`POST /api/generate`), and
 * OpenAI-compatible chat completions (`POST …/chat/completions`), JSON and SSE, over real HTTP. Each
 * request takes the next scripted reply; with none left it answers with `fallback`.
 */
export class FakeModelServer {
  readonly requests: RecordedRequest[] = [];
  readonly #queue: FakeReply[] = [];
  readonly sockets = new Set<Socket>();
  readonly #waiters: (() => void)[] = [];
  fallback: FakeReply = { kind: 'text', text: 'fallback answer' };

  private constructor(private readonly server: Server) {}

  static async start(): Promise<FakeModelServer> {
    let instance: FakeModelServer | undefined;
    const server = createServer((request, response) => instance?.handle(request, response));
    instance = new FakeModelServer(server);
    server.on('connection', (socket) => {
      instance?.sockets.add(socket);
      socket.on('close', () => instance?.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return instance;
  }

  /** Base URL (no trailing slash), e.g. http://127.0.0.1:4321 — Anthropic's SDK adds /v1/messages. */
  get url(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /** Queues replies, used in order by the next requests. */
  script(...replies: FakeReply[]): this {
    this.#queue.push(...replies);
    return this;
  }

  /** Resolves when the server has received `count` requests in all. */
  async waitForRequests(count: number): Promise<RecordedRequest> {
    while (this.requests.length < count) await new Promise<void>((resolve) => this.#waiters.push(resolve));
    return this.requests[count - 1] as RecordedRequest;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const arrivedAt = performance.now();
    let raw = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      raw += chunk;
    });
    request.on('end', () => {
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        // recorded as {}; the test inspects rawBody
      }
      const closed = new Promise<void>((resolve) => response.on('close', () => resolve()));
      this.requests.push({
        method: request.method ?? '',
        path: request.url ?? '',
        headers: request.headers,
        body,
        rawBody: raw,
        closed,
        arrivedAt,
      });
      for (const wake of this.#waiters.splice(0)) wake();
      const reply = this.#queue.shift() ?? this.fallback;
      respond(response, reply, body.stream === true, apiOf(request.url ?? ''));
    });
  }
}

/**
 * Which API a request speaks, by its path: Anthropic's Messages, OpenAI chat completions, or a native
 * fill-in-the-middle endpoint — llama.cpp's `/infill` and Ollama's `/api/generate` (with `suffix`),
 * both answered as one JSON object (`content` / `response`).
 */
type Api = 'anthropic' | 'openai' | 'llamacpp' | 'ollama';

function apiOf(path: string): Api {
  if (path.endsWith('/chat/completions')) return 'openai';
  if (path.endsWith('/infill')) return 'llamacpp';
  if (path.endsWith('/api/generate')) return 'ollama';
  return 'anthropic';
}

function respond(response: ServerResponse, reply: FakeReply, stream: boolean, api: Api): void {
  const openai = api === 'openai';
  switch (reply.kind) {
    case 'tool-use':
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.end(toolUseEvents(reply.name, reply.input).join(''));
      return;
    case 'gate':
      void reply.release.then(() => {
        if (!response.destroyed) respond(response, { kind: 'text', text: reply.text }, stream, api);
      });
      return;
    case 'reset':
      response.socket?.resetAndDestroy();
      return;
    case 'truncated': {
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      const events = openai ? openAiEvents([reply.text]) : anthropicEvents([reply.text]);
      // Up to and including the one text delta: what a finished stream sends after it is missing.
      const sent = events.slice(0, openai ? 2 : 3).join('');
      if (reply.reset) response.write(sent, () => setTimeout(() => response.socket?.resetAndDestroy(), 50));
      else response.end(sent);
      return;
    }
    case 'hang':
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.flushHeaders();
      return;
    case 'paused': {
      if (!stream) {
        respond(
          response,
          { kind: 'gate', text: reply.text + reply.rest, release: reply.release },
          stream,
          api,
        );
        return;
      }
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      const events = openai
        ? openAiEvents([reply.text, reply.rest])
        : anthropicEvents([reply.text, reply.rest]);
      // Up to and including the first text delta: Anthropic's opens with message and block starts.
      const pause = openai ? 2 : 3;
      response.write(events.slice(0, pause).join(''));
      void reply.release.then(() => {
        if (!response.destroyed) response.end(events.slice(pause).join(''));
      });
      return;
    }
    case 'status':
      response.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      response.end(JSON.stringify(reply.body ?? errorBody(reply.status)));
      return;
    case 'text':
    case 'stream-error': {
      const pieces = split(reply.text, reply.kind === 'text' ? (reply.chunks ?? 3) : 1);
      if (!stream) {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify(jsonAnswer(api, reply.text)));
        return;
      }
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      const events = openai ? openAiEvents(pieces) : anthropicEvents(pieces);
      if (reply.kind === 'stream-error') {
        const message = reply.message ?? 'Overloaded';
        response.end(
          `${events.slice(0, 3).join('')}${openai ? sse(undefined, { error: { message } }) : sse('error', { type: 'error', error: { type: 'overloaded_error', message } })}`,
        );
        return;
      }
      response.end(events.join(''));
    }
  }
}

function split(text: string, parts: number): string[] {
  const size = Math.max(1, Math.ceil(text.length / parts));
  const pieces: string[] = [];
  for (let i = 0; i < text.length; i += size) pieces.push(text.slice(i, i + size));
  return pieces.length > 0 ? pieces : [''];
}

function sse(event: string | undefined, data: unknown): string {
  return `${event ? `event: ${event}\n` : ''}data: ${JSON.stringify(data)}\n\n`;
}

function anthropicEvents(pieces: string[]): string[] {
  const outputTokens = pieces.join('').length;
  return [
    sse('message_start', {
      type: 'message_start',
      message: {
        id: 'msg_fake',
        type: 'message',
        role: 'assistant',
        content: [],
        model: 'fake',
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: 42, output_tokens: 1 },
      },
    }),
    sse('content_block_start', {
      type: 'content_block_start',
      index: 0,
      content_block: { type: 'text', text: '' },
    }),
    ...pieces.map((text) =>
      sse('content_block_delta', {
        type: 'content_block_delta',
        index: 0,
        delta: { type: 'text_delta', text },
      }),
    ),
    sse('content_block_stop', { type: 'content_block_stop', index: 0 }),
    sse('message_delta', {
      type: 'message_delta',
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { output_tokens: outputTokens },
    }),
    sse('message_stop', { type: 'message_stop' }),
  ];
}

function anthropicJson(text: string) {
  return {
    id: 'msg_fake',
    type: 'message',
    role: 'assistant',
    model: 'fake',
    content: [{ type: 'text', text }],
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: 42, output_tokens: text.length },
  };
}

function openAiEvents(pieces: string[]): string[] {
  const chunk = (delta: Record<string, unknown>, finish: string | null) => ({
    id: 'chatcmpl-fake',
    object: 'chat.completion.chunk',
    model: 'fake',
    choices: [{ index: 0, delta, finish_reason: finish }],
  });
  return [
    sse(undefined, chunk({ role: 'assistant', content: '' }, null)),
    ...pieces.map((content) => sse(undefined, chunk({ content }, null))),
    sse(undefined, chunk({}, 'stop')),
    sse(undefined, {
      id: 'chatcmpl-fake',
      object: 'chat.completion.chunk',
      choices: [],
      usage: { prompt_tokens: 42, completion_tokens: pieces.join('').length },
    }),
    'data: [DONE]\n\n',
  ];
}

function jsonAnswer(api: Api, text: string) {
  switch (api) {
    case 'anthropic':
      return anthropicJson(text);
    case 'openai':
      return openAiJson(text);
    case 'llamacpp':
      return { content: text, stop: true, tokens_evaluated: 42, tokens_predicted: text.length };
    case 'ollama':
      return { model: 'fake', response: text, done: true, prompt_eval_count: 42, eval_count: text.length };
  }
}

function openAiJson(text: string) {
  return {
    id: 'chatcmpl-fake',
    object: 'chat.completion',
    choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 42, completion_tokens: text.length },
  };
}

function errorBody(status: number) {
  const type =
    status === 429
      ? 'rate_limit_error'
      : status === 529
        ? 'overloaded_error'
        : status === 401
          ? 'authentication_error'
          : status === 403
            ? 'permission_error'
            : 'api_error';
  return { type: 'error', error: { type, message: `fake ${status}` } };
}

function toolUseEvents(name: string, input: Record<string, unknown>): string[] {
  return [
    sse('message_start', {
      type: 'message_start',
      message: {
        id: 'msg_tool',
        type: 'message',
        role: 'assistant',
        content: [],
        model: 'fake',
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: 42, output_tokens: 1 },
      },
    }),
    sse('content_block_start', {
      type: 'content_block_start',
      index: 0,
      content_block: { type: 'tool_use', id: `toolu_${name}`, name, input: {} },
    }),
    sse('content_block_delta', {
      type: 'content_block_delta',
      index: 0,
      delta: { type: 'input_json_delta', partial_json: JSON.stringify(input) },
    }),
    sse('content_block_stop', { type: 'content_block_stop', index: 0 }),
    sse('message_delta', {
      type: 'message_delta',
      delta: { stop_reason: 'tool_use', stop_sequence: null },
      usage: { output_tokens: 5 },
    }),
    sse('message_stop', { type: 'message_stop' }),
  ];
}
