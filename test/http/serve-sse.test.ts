import { describe, expect, it } from 'vitest';
import { serviceWithModelPerSuite } from '../support/lantern-service.js';

const CODE = 'def total(items):\n    return sum(items)\n';

interface SseEvent {
  readonly event: string;
  readonly data: Record<string, unknown>;
}

/** Reads Server-Sent Events from a response as they arrive. */
class EventReader {
  readonly events: SseEvent[] = [];
  #buffer = '';
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
  readonly #decoder = new TextDecoder();

  constructor(response: Response) {
    if (!response.body) throw new Error('no body');
    this.#reader = response.body.getReader();
  }

  /** Reads until an event satisfies `done`, or the stream ends; returns the events so far. */
  async until(done: (event: SseEvent) => boolean): Promise<SseEvent[]> {
    for (;;) {
      if (this.events.some(done)) return this.events;
      const { value, done: ended } = await this.#reader.read();
      if (ended) return this.events;
      this.#buffer += this.#decoder.decode(value, { stream: true });
      let end = this.#buffer.indexOf('\n\n');
      while (end !== -1) {
        const block = this.#buffer.slice(0, end);
        this.#buffer = this.#buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
        const data = JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? 'null') as Record<string, unknown>;
        this.events.push({ event, data });
        end = this.#buffer.indexOf('\n\n');
      }
    }
  }
}

const streamed = (events: readonly SseEvent[]) =>
  events
    .filter((event) => event.event === 'text')
    .map((event) => event.data.text)
    .join('');

describe('Accept: text/event-stream streams the model’s text', () => {
  const started = serviceWithModelPerSuite();
  const fake = () => started().fake;
  const service = () => started().service;
  const open = (route: string, body: unknown) =>
    fetch(`${service().url}/api/v1/${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify(body),
    });

  it('understand: text events while the model writes, then the result (the JSON body)', async () => {
    let release: () => void = () => undefined;
    fake().script({
      kind: 'paused',
      text: 'Sums ',
      rest: 'the items.',
      release: new Promise<void>((resolve) => (release = resolve)),
    });
    const response = await open('understand', { code: CODE, language: 'python', line: 2 });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const reader = new EventReader(response);
    // The first words arrive while the model's answer is still held open: streamed, not buffered.
    const early = await reader.until((event) => event.event === 'text');
    expect(streamed(early)).toBe('Sums ');
    expect(early.some((event) => event.event === 'result')).toBe(false);

    release();
    const events = await reader.until((event) => event.event === 'result');
    expect(streamed(events)).toBe('Sums the items.');
    const result = events.at(-1);
    expect(result?.event).toBe('result');
    expect(result?.data).toMatchObject({ explanation: 'Sums the items.', cached: false });
  });

  it('generate: the plan and code stream, the result has the checked code', async () => {
    const answer = 'Plan: add them.\n\n```python\ndef add(a, b):\n    return a + b\n```';
    fake().script({ kind: 'text', text: answer, chunks: 4 });
    const events = await new EventReader(
      await open('generate', { requirement: 'add two numbers', language: 'python' }),
    ).until((event) => event.event === 'result');
    expect(streamed(events)).toBe(answer);
    expect(events.filter((event) => event.event === 'text').length).toBeGreaterThan(1);
    expect(events.at(-1)?.data).toMatchObject({ code: 'def add(a, b):\n    return a + b\n' });
  });

  it('ask: a general answer streams', async () => {
    fake().script(
      { kind: 'text', text: 'general' },
      { kind: 'text', text: 'Tuples are immutable.', chunks: 3 },
    );
    const events = await new EventReader(await open('ask', { question: 'tuple or list?' })).until(
      (event) => event.event === 'result',
    );
    expect(streamed(events)).toBe('Tuples are immutable.');
    expect(events.at(-1)?.data).toMatchObject({ intent: 'general', answer: 'Tuples are immutable.' });
  });

  it('an error before anything streams is plain JSON with its status', async () => {
    const response = await open('understand', { code: CODE, language: 'python', line: 99 });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('a cached answer comes as a single result event', async () => {
    const response = await open('understand', { code: CODE, language: 'python', line: 2 });
    const events = await new EventReader(response).until((event) => event.event === 'result');
    expect(events.map((event) => event.event)).toEqual(['result']);
    expect(events[0]?.data).toMatchObject({ explanation: 'Sums the items.', cached: true });
  });
});
