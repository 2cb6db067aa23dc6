/**
 * A zero-latency fake of Anthropic's Messages API for the benchmark: every request is answered at once
 * with one streamed text block, so what a benchmark measures around it is Lantern's own cost. It keeps
 * the bodies it received, for the prompt-size figures. (The tests' scripted fake is test/support/.)
 */
import { createServer } from 'node:http';

function sse(event, data) {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** The SSE stream of a message whose only content is `answer`. */
function streamedMessage(answer) {
  return [
    sse('message_start', {
      type: 'message_start',
      message: {
        id: 'm',
        type: 'message',
        role: 'assistant',
        content: [],
        model: 'fake',
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: 1, output_tokens: 1 },
      },
    }),
    sse('content_block_start', {
      type: 'content_block_start',
      index: 0,
      content_block: { type: 'text', text: '' },
    }),
    sse('content_block_delta', {
      type: 'content_block_delta',
      index: 0,
      delta: { type: 'text_delta', text: answer },
    }),
    sse('content_block_stop', { type: 'content_block_stop', index: 0 }),
    sse('message_delta', {
      type: 'message_delta',
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { output_tokens: 1 },
    }),
    sse('message_stop', { type: 'message_stop' }),
  ].join('');
}

/**
 * Starts the fake on 127.0.0.1 (options: `delayMs` before each answer, `answerFor(body)` to answer
 * from the request instead of with `answer`). Resolves with `{ url, requests, close, directExchangeMs }`: `requests`
 * is every parsed request body so far; `directExchangeMs()` times the same HTTP + SSE exchange made
 * with plain fetch — the floor under any model call through it.
 */
export async function startFakeAnthropic(answer, { delayMs = 0, answerFor } = {}) {
  const body = streamedMessage(answer);
  const requests = [];
  const server = createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      // The baseline's own exchanges are not Lantern's requests.
      const parsed = JSON.parse(text);
      if (request.headers['x-bench-baseline'] === undefined) requests.push(parsed);
      // `answerFor`: an answer made from the request (a model that sees the prompt); `delayMs`: a model
      // that takes time, for what happens around requests in flight.
      const reply = answerFor ? streamedMessage(answerFor(parsed)) : body;
      const send = () => {
        if (response.destroyed) return;
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        response.end(reply);
      };
      if (delayMs > 0) setTimeout(send, delayMs);
      else send();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.close(resolve);
        server.closeAllConnections(); // keep-alive sockets (the SDK's, fetch's) would hold close open
      }),
    async directExchangeMs() {
      const started = performance.now();
      const response = await fetch(`${url}/v1/messages`, {
        method: 'POST',
        headers: { 'x-bench-baseline': '1' },
        body: '{"stream":true}',
      });
      await response.text();
      return performance.now() - started;
    },
  };
}
