import { describe, expect, it } from 'vitest';
import type { StatusResult } from '../../server/src/lsp/protocol.js';
import { INLINE_CLIENT, inlineCompletion } from '../support/completion-session.js';
import { cursor } from '../support/cursor.js';
import {
  FAKE_KEYS,
  hoverText,
  modelSessionsPerTest,
  openSample,
  SAMPLE_URI,
  TOTAL_HEADER,
} from '../support/model-session.js';

const ANSWER = 'Adds up every price and returns the sum.';
const AVERAGE = 'The mean price, or 0 for none.';

describe('lantern/status: the performance monitor', () => {
  const sessions = modelSessionsPerTest('anthropic');

  it('counts each request once, by type and outcome, with cache, tokens, sessions and the circuit', async () => {
    sessions.fake.script(
      { kind: 'text', text: ANSWER }, // the first hover on total
      { kind: 'text', text: 'explain' }, // the ask: classified …
      { kind: 'text', text: AVERAGE }, // … and routed to explain
      { kind: 'status', status: 400 }, // a second ask: the classification fails
    );
    const { session } = await sessions.start();
    const { total, average } = await openSample(session);
    const before = await session.request<StatusResult>('lantern/status', null);
    expect(before.performance.requests.explain.count).toBe(0);

    expect(await hoverText(session, SAMPLE_URI, total)).toContain(ANSWER); // miss, then the model
    expect(await hoverText(session, SAMPLE_URI, total)).toContain(ANSWER); // hit
    const asked = await session.request<{ sessionId: string; intent: string }>('workspace/executeCommand', {
      command: 'lantern.ask',
      arguments: [
        { question: 'What does average return?', uri: SAMPLE_URI, range: { start: average, end: average } },
      ],
    });
    expect(asked.intent).toBe('explain');
    // The ask's explanation is now cached: this hover is a hit.
    expect(await hoverText(session, SAMPLE_URI, average)).toContain(AVERAGE);
    await expect(
      session.request('workspace/executeCommand', {
        command: 'lantern.ask',
        arguments: [{ question: 'And why?', sessionId: asked.sessionId }],
      }),
    ).rejects.toThrow();
    expect(sessions.fake.requests).toHaveLength(4);

    const status = await session.request<StatusResult>('lantern/status', null);
    const { requests, cache, tokens, modelCalls, activeSessions, circuit } = status.performance;
    // Three hovers; the ask routed to explain counts as one ask, not an explain too.
    expect(requests.explain).toMatchObject({ count: 3, failures: 0, rejected: 0, cancelled: 0, inFlight: 0 });
    expect(requests.ask).toMatchObject({ count: 2, failures: 1, inFlight: 0 });
    expect(requests.fix.count + requests.generate.count + requests.debug.count).toBe(0);
    expect(requests.explain.durationMs.p50).toBeGreaterThan(0);
    expect(requests.explain.durationMs.p95).toBeGreaterThanOrEqual(requests.explain.durationMs.p50 ?? 0);
    // total: miss, hit; the ask's explain of average: miss; the hover on average: hit.
    expect(cache).toEqual({ hits: 2, misses: 2 });
    expect(status.cache).toMatchObject({ hits: 2, misses: 2 });
    // Three answers at the fake's 42 input tokens each, one output token per character; one failure.
    expect(tokens).toEqual({ input: 3 * 42, output: ANSWER.length + 'explain'.length + AVERAGE.length });
    expect(modelCalls).toEqual({ count: 4, failures: 1 });
    expect(activeSessions).toBe(1);
    expect(circuit).toBe('closed');
    expect(JSON.stringify(status)).not.toContain(FAKE_KEYS.anthropic);
    expect(await hoverText(session, SAMPLE_URI, total)).toContain(TOTAL_HEADER);
  });

  it('offline: hovers count as explain requests answered structurally; the circuit shows offline', async () => {
    const { session } = await sessions.start({ settings: { provider: 'offline' } });
    const { total } = await openSample(session);
    await hoverText(session, SAMPLE_URI, total);
    const status = await session.request<StatusResult>('lantern/status', null);
    expect(status.performance.requests.explain).toMatchObject({ count: 1, failures: 0 });
    expect(status.performance.circuit).toBe('offline');
    expect(sessions.fake.requests).toHaveLength(0);
  });

  it('completions count as complete requests: one shown, one with nothing to show', async () => {
    const body = cursor(['def total(prices):', '    <|>', ''].join('\n'));
    sessions.fake.script(
      { kind: 'text', text: '```python\nreturn sum(prices)\n```' },
      { kind: 'text', text: '```python\n)))(((\n```' }, // never parses: nothing is shown
    );
    const { session } = await sessions.start({
      settings: { completion: { debounceMs: 0 } },
      client: { capabilities: INLINE_CLIENT },
    });
    await session.open('file:///work/total.py', 'python', body.text);
    expect(await inlineCompletion(session, 'file:///work/total.py', body.position)).toBe(
      'return sum(prices)',
    );
    await session.change('file:///work/total.py', [{ text: body.text.replace('prices', 'items') }]);
    expect(await inlineCompletion(session, 'file:///work/total.py', body.position)).toBe('');
    expect(sessions.fake.requests).toHaveLength(2);
    const { requests } = (await session.request<StatusResult>('lantern/status', null)).performance;
    expect(requests.complete).toMatchObject({ count: 2, failures: 0, rejected: 1, cancelled: 0 });
    expect(requests.explain.count).toBe(0);
  });
});
