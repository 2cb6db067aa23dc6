import { describe, expect, it } from 'vitest';
import { ModelError } from '../../server/src/llm/errors.js';
import { PerformanceMonitor, REQUEST_TYPES } from '../../server/src/telemetry/performance-monitor.js';

const cancelled = (error: unknown) => error instanceof ModelError && error.kind === 'cancelled';

/** A monitor on a clock the test moves: each request takes the milliseconds it is given. */
function timedMonitor() {
  const clock = { now: 0 };
  const monitor = new PerformanceMonitor(() => clock.now);
  const request = (type: 'explain' | 'fix', ms: number, outcome: 'ok' | 'rejected' | Error = 'ok') =>
    monitor.track(
      type,
      async () => {
        clock.now += ms;
        if (outcome instanceof Error) throw outcome;
        return outcome;
      },
      (result) => result,
      cancelled,
    );
  return { monitor, request };
}

describe('PerformanceMonitor', () => {
  it('counts requests by type and by how they ended, and rethrows what the ability threw', async () => {
    const { monitor, request } = timedMonitor();
    await request('explain', 5);
    await request('explain', 7);
    await request('fix', 3, 'rejected');
    const failure = new Error('store broke');
    await expect(request('fix', 1, failure)).rejects.toBe(failure);
    await expect(request('fix', 1, new ModelError('cancelled', 'gone'))).rejects.toThrow('gone');

    const { requests } = monitor.snapshot();
    expect(requests.explain).toMatchObject({ count: 2, failures: 0, rejected: 0, cancelled: 0, inFlight: 0 });
    expect(requests.fix).toMatchObject({ count: 3, failures: 1, rejected: 1, cancelled: 1, inFlight: 0 });
    expect(Object.keys(requests)).toEqual([...REQUEST_TYPES]);
    expect(requests.ask).toMatchObject({ count: 0, durationMs: { p50: null, p95: null } });
  });

  it('p50 and p95 are nearest-rank over the recent durations', async () => {
    const { monitor, request } = timedMonitor();
    for (let ms = 1; ms <= 100; ms++) await request('explain', ms);
    expect(monitor.snapshot().requests.explain.durationMs).toEqual({ p50: 50, p95: 95 });
    // Only the most recent 1,024 count: after 1,024 requests of 1,000 ms, the earlier ones are gone.
    for (let i = 0; i < 1024; i++) await request('explain', 1000);
    expect(monitor.snapshot().requests.explain.durationMs).toEqual({ p50: 1000, p95: 1000 });
    expect(monitor.snapshot().requests.explain.count).toBe(1124);
  });

  it('a request under way counts as in flight until it ends', async () => {
    const monitor = new PerformanceMonitor();
    let finish = () => {};
    const running = monitor.track(
      'ask',
      () => new Promise<void>((resolve) => (finish = resolve)),
      () => 'ok',
      cancelled,
    );
    expect(monitor.inFlight).toBe(1);
    expect(monitor.snapshot().requests.ask).toMatchObject({ count: 0, inFlight: 1 });
    finish();
    await running;
    expect(monitor.snapshot().requests.ask).toMatchObject({ count: 1, inFlight: 0 });
  });

  it('cache reads, model calls and tokens add up; failed calls add no tokens', () => {
    const monitor = new PerformanceMonitor();
    monitor.recordCacheLookup(false);
    monitor.recordCacheLookup(true);
    monitor.recordCacheLookup(true);
    monitor.recordModelCall({ inputTokens: 40, outputTokens: 7 });
    monitor.recordModelCall({ inputTokens: 2, outputTokens: 1 });
    monitor.recordModelCall('failed');
    expect(monitor.snapshot()).toMatchObject({
      cache: { hits: 2, misses: 1 },
      tokens: { input: 42, output: 8 },
      modelCalls: { count: 3, failures: 1 },
    });
  });

  it('a session is active until its age limit after its last turn', () => {
    const monitor = new PerformanceMonitor();
    monitor.recordSessionTurn('a', 60_000);
    monitor.recordSessionTurn('b', 60_000);
    monitor.recordSessionTurn('a', 60_000);
    monitor.recordSessionTurn('gone', -1);
    expect(monitor.activeSessions).toBe(2);
  });

  it('reads the circuit from where it is told, and tells subscribers what happens', async () => {
    const monitor = new PerformanceMonitor();
    expect(monitor.snapshot().circuit).toBe('offline');
    let state: 'closed' | 'open' = 'closed';
    monitor.watchCircuit(() => state);
    state = 'open';
    expect(monitor.snapshot().circuit).toBe('open');

    const heard: string[] = [];
    const stop = monitor.subscribe({
      request: (type, status) => heard.push(`${type} ${status}`),
      cacheLookup: (hit) => heard.push(hit ? 'hit' : 'miss'),
      modelCall: (outcome) => heard.push(outcome === 'failed' ? 'failed' : `${outcome.inputTokens} in`),
    });
    await monitor.track(
      'generate',
      async () => 1,
      () => 'ok',
      cancelled,
    );
    monitor.recordCacheLookup(true);
    monitor.recordModelCall({ inputTokens: 3, outputTokens: 1 });
    stop();
    monitor.recordCacheLookup(false);
    expect(heard).toEqual(['generate ok', 'hit', '3 in']);
  });
});

describe('PerformanceMonitor: what each request cost', () => {
  it('gives each request the tokens of its own model calls, however many run at once', async () => {
    const monitor = new PerformanceMonitor();
    const heard: { type: string; inputTokens: number; outputTokens: number; input: readonly string[] }[] = [];
    monitor.subscribe({
      request: (type, _status, _seconds, detail) =>
        heard.push({
          type,
          inputTokens: detail.inputTokens,
          outputTokens: detail.outputTokens,
          input: detail.input(),
        }),
      cacheLookup: () => undefined,
      modelCall: () => undefined,
    });
    let open = () => {};
    const gate = new Promise<void>((resolve) => (open = resolve));
    // Two requests interleaved: the explain's calls come before and after the ask's.
    const explain = monitor.track(
      'explain',
      async () => {
        monitor.recordModelCall({ inputTokens: 100, outputTokens: 10 });
        await gate;
        monitor.recordModelCall({ inputTokens: 1, outputTokens: 1 });
      },
      () => 'ok',
      cancelled,
      () => ['code of explain'],
    );
    await monitor.track(
      'ask',
      async () => {
        monitor.recordModelCall({ inputTokens: 7, outputTokens: 3 });
        monitor.recordModelCall('failed');
        open();
      },
      () => 'ok',
      cancelled,
    );
    await explain;
    // A model call outside any request counts in the totals only.
    monitor.recordModelCall({ inputTokens: 1_000, outputTokens: 1_000 });
    expect(heard).toEqual([
      { type: 'ask', inputTokens: 7, outputTokens: 3, input: [] },
      { type: 'explain', inputTokens: 101, outputTokens: 11, input: ['code of explain'] },
    ]);
    expect(monitor.snapshot().tokens).toEqual({ input: 1_108, output: 1_014 });
  });
});
