import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../../server/src/llm/circuit-breaker.js';
import { ModelError, type ModelErrorKind } from '../../server/src/llm/errors.js';
import type { ModelAnswer, ModelProvider, ModelRequest } from '../../server/src/llm/provider.js';

const REQUEST: ModelRequest = {
  system: 's',
  messages: [{ role: 'user', content: 'u' }],
  maxOutputTokens: 10,
};
const ANSWER: ModelAnswer = { text: 'ok', usage: { inputTokens: 1, outputTokens: 1 } };
const SETTINGS = { failureThreshold: 3, cooldownMs: 10_000 };

/** A provider whose next outcomes are scripted: an answer, or a ModelError of a kind. */
class ScriptedProvider implements ModelProvider {
  readonly name = 'anthropic' as const;
  readonly model = 'claude-x';
  readonly endpoint = 'http://127.0.0.1:1';
  calls = 0;
  readonly outcomes: (ModelErrorKind | 'ok')[] = [];

  async complete(): Promise<ModelAnswer> {
    this.calls++;
    const outcome = this.outcomes.shift() ?? 'ok';
    if (outcome === 'ok') return ANSWER;
    throw new ModelError(outcome, `failed: ${outcome}`, 500);
  }
}

function setup() {
  const inner = new ScriptedProvider();
  const clock = { now: 1_000_000 };
  const opened: ModelError[] = [];
  const breaker = new CircuitBreaker(
    inner,
    SETTINGS,
    (error) => opened.push(error),
    () => clock.now,
  );
  const call = () => breaker.complete(REQUEST, { signal: new AbortController().signal });
  /** Runs one call and returns how it failed ('ok' when it did not). */
  const outcome = async (): Promise<string> =>
    call().then(
      () => 'ok',
      (error: unknown) => (error instanceof ModelError ? error.kind : `unexpected ${String(error)}`),
    );
  return { inner, clock, opened, breaker, outcome };
}

describe('circuit breaker', () => {
  it('passes answers and the inner provider identity through', async () => {
    const { breaker, outcome, inner } = setup();
    expect(await outcome()).toBe('ok');
    expect([breaker.name, breaker.model, breaker.endpoint]).toEqual([
      inner.name,
      inner.model,
      inner.endpoint,
    ]);
  });

  it('opens after N consecutive failures, telling onOpen once with the last error', async () => {
    const { inner, opened, breaker, outcome } = setup();
    inner.outcomes.push('overloaded', 'unreachable', 'timeout');
    expect(await outcome()).toBe('overloaded');
    expect(await outcome()).toBe('unreachable');
    expect(breaker.isOpen).toBe(false);
    expect(opened).toEqual([]);
    expect(await outcome()).toBe('timeout');
    expect(breaker.isOpen).toBe(true);
    expect(opened.map((error) => error.kind)).toEqual(['timeout']);
  });

  it('refuses at once during the cool-down without calling the provider, and says so once', async () => {
    const { inner, clock, opened, outcome } = setup();
    inner.outcomes.push('overloaded', 'overloaded', 'overloaded');
    for (let i = 0; i < 3; i++) await outcome();
    expect(inner.calls).toBe(3);
    clock.now += 1_000;
    expect(await outcome()).toBe('circuit-open');
    clock.now += SETTINGS.cooldownMs - 1_001;
    expect(await outcome()).toBe('circuit-open');
    expect(inner.calls).toBe(3);
    expect(opened).toHaveLength(1);
  });

  it('says how long the structural fallback lasts', async () => {
    const { inner, clock, breaker } = setup();
    inner.outcomes.push('overloaded', 'overloaded', 'overloaded');
    for (let i = 0; i < 3; i++)
      await breaker.complete(REQUEST, { signal: AbortSignal.abort() }).catch(() => {});
    clock.now += 2_500;
    await expect(breaker.complete(REQUEST, { signal: new AbortController().signal })).rejects.toThrow(
      'for 8 s more',
    );
  });

  it('lets a probe through after the cool-down; a successful probe closes the circuit', async () => {
    const { inner, clock, breaker, outcome } = setup();
    inner.outcomes.push('overloaded', 'overloaded', 'overloaded');
    for (let i = 0; i < 3; i++) await outcome();
    clock.now += SETTINGS.cooldownMs;
    expect(breaker.isOpen).toBe(false);
    expect(await outcome()).toBe('ok');
    expect(inner.calls).toBe(4);
    expect(await outcome()).toBe('ok');
    expect(inner.calls).toBe(5);
  });

  it('re-opens at once when the probe fails, without telling the user again', async () => {
    const { inner, clock, opened, breaker, outcome } = setup();
    inner.outcomes.push('overloaded', 'overloaded', 'overloaded', 'unreachable');
    for (let i = 0; i < 3; i++) await outcome();
    clock.now += SETTINGS.cooldownMs;
    expect(await outcome()).toBe('unreachable');
    // One failed probe is enough: the outage goes on, so another cool-down starts.
    expect(breaker.isOpen).toBe(true);
    expect(await outcome()).toBe('circuit-open');
    expect(inner.calls).toBe(4);
    expect(opened).toHaveLength(1);
    // Once the backend is back, the next probe closes it and a new outage is announced again.
    clock.now += SETTINGS.cooldownMs;
    expect(await outcome()).toBe('ok');
    inner.outcomes.push('overloaded', 'overloaded', 'overloaded');
    for (let i = 0; i < 3; i++) await outcome();
    expect(opened).toHaveLength(2);
  });

  it('counts only consecutive failures: a success resets the count', async () => {
    const { inner, opened, breaker, outcome } = setup();
    inner.outcomes.push('overloaded', 'overloaded', 'ok', 'overloaded', 'overloaded');
    for (let i = 0; i < 5; i++) await outcome();
    expect(breaker.isOpen).toBe(false);
    expect(opened).toEqual([]);
    inner.outcomes.push('overloaded');
    expect(await outcome()).toBe('overloaded');
    expect(breaker.isOpen).toBe(true);
  });

  it.each(['cancelled', 'bad-answer', 'input-too-large'] as const)(
    'does not count %s failures, which say nothing about the backend',
    async (kind) => {
      const { inner, opened, breaker, outcome } = setup();
      inner.outcomes.push('overloaded', 'overloaded', kind, kind, kind, kind);
      for (let i = 0; i < 6; i++) await outcome();
      expect(breaker.isOpen).toBe(false);
      expect(opened).toEqual([]);
      // Nor do they reset the count: the backend has still failed twice in a row.
      inner.outcomes.push('overloaded');
      await outcome();
      expect(breaker.isOpen).toBe(true);
    },
  );
});
