import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../server/src/config.js';
import { inProcessService } from '../support/in-process-service.js';

const UNDERSTAND = { code: 'def f(x):\n    return x\n', language: 'python', line: 2 };

// Keeps this thread busy for `ms`, yielding to the loop only every 150 ms: what sustained CPU-bound work
// does to the service's event loop (every timer runs ~150 ms late).
async function loadEventLoop(ms: number): Promise<void> {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    const until = performance.now() + 150;
    while (performance.now() < until) {
      /* busy */
    }
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

// under-pressure samples once a second: past the next sample, which saw a quiet second.
const afterQuietSample = () => new Promise((resolve) => setTimeout(resolve, 1_100));

describe('event-loop pressure', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
  });

  it('answers 503 with Retry-After instead of queueing, then serves again; probes are never shed', async () => {
    const app = await inProcessService({ settings: { ...DEFAULT_CONFIG.service, maxEventLoopDelayMs: 100 } });
    close = () => app.close();
    expect(
      (await app.inject({ method: 'POST', url: '/api/v1/understand', payload: UNDERSTAND })).statusCode,
    ).toBe(200);

    // under-pressure samples the mean delay once a second: 2.5 s of load spans at least two samples.
    await loadEventLoop(2_500);
    const shed = await app.inject({ method: 'POST', url: '/api/v1/understand', payload: UNDERSTAND });
    expect(shed.statusCode).toBe(503);
    expect(shed.headers['retry-after']).toBe('1');
    expect(shed.json()).toMatchObject({ message: 'the service is overloaded; retry shortly' });
    expect((await app.inject({ method: 'GET', url: '/api/v1/health' })).statusCode).toBe(200);

    // A second quiet sample: the pressure is over.
    await afterQuietSample();
    expect(
      (await app.inject({ method: 'POST', url: '/api/v1/understand', payload: UNDERSTAND })).statusCode,
    ).toBe(200);
  });
});
