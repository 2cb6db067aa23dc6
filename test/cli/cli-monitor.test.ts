import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliIo } from '../../server/src/cli/cli-io.js';
import { explainCommand } from '../../server/src/cli/explain-command.js';
import { PerformanceMonitor } from '../../server/src/telemetry/performance-monitor.js';
import { fakeModelEnv } from '../support/cli-runner.js';
import { FakeModelServer } from '../support/fake-model-server.js';

const ANSWER = 'Adds the item, or tops up the stock of one already there.';

/** The CLI's terminal, captured, with the monitor the runs report to. */
function capturedIo(env: NodeJS.ProcessEnv, monitor: PerformanceMonitor): CliIo & { stdout: string[] } {
  const stdout: string[] = [];
  return {
    stdout,
    out: (text) => stdout.push(text),
    err: () => undefined,
    env,
    markdown: 'plain',
    progress: () => undefined,
    monitor,
  };
}

describe('the CLI feeds the performance monitor', () => {
  let fake: FakeModelServer;
  beforeEach(async () => {
    fake = await FakeModelServer.start();
  });
  afterEach(async () => {
    await fake.close();
  });

  it('lantern explain: each run is one explain request; the second is a cache hit', async () => {
    fake.script({ kind: 'text', text: ANSWER });
    const monitor = new PerformanceMonitor();
    const io = capturedIo(fakeModelEnv('openai', fake), monitor);
    expect(await explainCommand('examples/inventory.py:22', io, { json: true })).toBe(0);
    expect(await explainCommand('examples/inventory.py:22', io, { json: true })).toBe(0);
    expect(io.stdout.join('')).toContain(ANSWER);
    expect(fake.requests).toHaveLength(1);
    const snapshot = monitor.snapshot();
    expect(snapshot.requests.explain).toMatchObject({ count: 2, failures: 0, inFlight: 0 });
    expect(snapshot.cache).toEqual({ hits: 1, misses: 1 });
    expect(snapshot.tokens).toEqual({ input: 42, output: ANSWER.length });
    expect(snapshot.circuit).toBe('closed');
  });
});
