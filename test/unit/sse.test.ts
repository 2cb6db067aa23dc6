import { describe, expect, it } from 'vitest';
import { sseData } from '../../server/src/llm/sse.js';

/** A response body that delivers exactly these chunks (strings as UTF-8, or raw bytes). */
function body(chunks: readonly (string | Uint8Array)[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks)
        controller.enqueue(typeof chunk === 'string' ? encoder.encode(chunk) : chunk);
      controller.close();
    },
  });
}

async function events(chunks: readonly (string | Uint8Array)[]): Promise<string[]> {
  const seen: string[] = [];
  for await (const data of sseData(body(chunks))) seen.push(data);
  return seen;
}

/** Every way to cut `text` into two chunks. */
function everySplit(text: string): string[][] {
  return Array.from({ length: text.length + 1 }, (_, cut) => [text.slice(0, cut), text.slice(cut)]);
}

describe('SSE parser', () => {
  it('yields the data of each event, in order', async () => {
    expect(await events(['data: {"a":1}\n\ndata: {"b":2}\n\ndata: [DONE]\n\n'])).toEqual([
      '{"a":1}',
      '{"b":2}',
      '[DONE]',
    ]);
  });

  it('reassembles events split across chunks at any point', async () => {
    const stream = 'data: first\n\ndata: second\n\n';
    for (const chunks of everySplit(stream)) expect(await events(chunks)).toEqual(['first', 'second']);
    // One byte at a time.
    expect(await events(stream.split(''))).toEqual(['first', 'second']);
  });

  it('accepts CRLF line ends, even with CR and LF in different chunks', async () => {
    const stream = 'data: one\r\n\r\ndata: two\r\n\r\n';
    for (const chunks of everySplit(stream)) expect(await events(chunks)).toEqual(['one', 'two']);
  });

  it('joins multi-line data with \\n and removes only one leading space', async () => {
    expect(await events(['data: line 1\ndata:line 2\ndata:   indented\n\n'])).toEqual([
      'line 1\nline 2\n  indented',
    ]);
  });

  it('ignores comments, other fields and blank lines between events', async () => {
    const stream = ': keep-alive\n\nevent: message_start\nid: 7\nretry: 1000\ndata: x\n\n\n\n: ping\n\n';
    expect(await events([stream])).toEqual(['x']);
  });

  it('keeps a multi-byte character split between chunks intact', async () => {
    const bytes = new TextEncoder().encode('data: café 🎉\n\n');
    for (let cut = 0; cut <= bytes.length; cut++) {
      expect(await events([bytes.slice(0, cut), bytes.slice(cut)])).toEqual(['café 🎉']);
    }
  });

  it('yields a last event whose blank line never came (a server that closes early)', async () => {
    expect(await events(['data: a\n\ndata: tail\n'])).toEqual(['a', 'tail']);
  });
});
