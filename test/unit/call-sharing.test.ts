import { describe, expect, it } from 'vitest';
import { SharedCalls } from '../../server/src/agent/call-sharing.js';
import { isModelError } from '../../server/src/llm/errors.js';

/** A call the test finishes by hand, recording the signal it was started with. */
function controllableCall() {
  let finish: (value: string) => void = () => {};
  let fail: (error: Error) => void = () => {};
  const started: AbortSignal[] = [];
  const start = (signal: AbortSignal) => {
    started.push(signal);
    return new Promise<string>((resolve, reject) => {
      finish = resolve;
      fail = reject;
    });
  };
  return { start, started, finish: (value: string) => finish(value), fail: (error: Error) => fail(error) };
}

/** Resolves once `condition` holds (checked every few ms; the test's own timeout bounds it). */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('shared calls', () => {
  it('lets two askers of the same key share one call', async () => {
    const calls = new SharedCalls<string>();
    const call = controllableCall();
    const first = calls.run('k', new AbortController().signal, call.start);
    const second = calls.run('k', new AbortController().signal, call.start);
    expect(call.started).toHaveLength(1);
    expect(calls.has('k')).toBe(true);
    call.finish('answer');
    expect(await first).toBe('answer');
    expect(await second).toBe('answer');
    expect(calls.has('k')).toBe(false);
  });

  it('starts separate calls for separate keys, and a new call once the last one ended', async () => {
    const calls = new SharedCalls<string>();
    const [a, b, aAgain] = [controllableCall(), controllableCall(), controllableCall()];
    const first = calls.run('a', new AbortController().signal, a.start);
    const other = calls.run('b', new AbortController().signal, b.start);
    expect([a.started.length, b.started.length]).toEqual([1, 1]);
    a.finish('A');
    b.finish('B');
    expect([await first, await other]).toEqual(['A', 'B']);
    const again = calls.run('a', new AbortController().signal, aAgain.start);
    expect(aAgain.started).toHaveLength(1);
    aAgain.finish('A2');
    expect(await again).toBe('A2');
  });

  it('gives every asker the failure of the shared call', async () => {
    const calls = new SharedCalls<string>();
    const call = controllableCall();
    const first = calls.run('k', new AbortController().signal, call.start);
    const second = calls.run('k', new AbortController().signal, call.start);
    call.fail(new Error('boom'));
    await expect(first).rejects.toThrow('boom');
    await expect(second).rejects.toThrow('boom');
    expect(calls.has('k')).toBe(false);
  });

  it('rejects a cancelling asker at once without aborting the call the other still waits for', async () => {
    const calls = new SharedCalls<string>();
    const call = controllableCall();
    const cancelling = new AbortController();
    const first = calls.run('k', cancelling.signal, call.start);
    const second = calls.run('k', new AbortController().signal, call.start);
    cancelling.abort();
    const error = await first.catch((caught: unknown) => caught);
    expect(isModelError(error, 'cancelled')).toBe(true);
    expect(call.started[0]?.aborted).toBe(false);
    call.finish('answer');
    expect(await second).toBe('answer');
  });

  it('aborts the underlying call when every asker has cancelled', async () => {
    const calls = new SharedCalls<string>();
    const call = controllableCall();
    const askers = [new AbortController(), new AbortController()];
    const waits = askers.map((asker) => calls.run('k', asker.signal, call.start).catch((e: unknown) => e));
    askers[0]?.abort();
    expect(call.started[0]?.aborted).toBe(false);
    askers[1]?.abort();
    for (const error of await Promise.all(waits)) expect(isModelError(error, 'cancelled')).toBe(true);
    await until(() => call.started[0]?.aborted === true);
  });

  it('keeps an abandoned call for an asker that joins right after the last cancelled (the same burst)', async () => {
    const calls = new SharedCalls<string>();
    const call = controllableCall();
    const cancelling = new AbortController();
    const first = calls.run('k', cancelling.signal, call.start).catch((e: unknown) => e);
    cancelling.abort();
    const second = calls.run('k', new AbortController().signal, call.start);
    expect(call.started).toHaveLength(1);
    expect(isModelError(await first, 'cancelled')).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(call.started[0]?.aborted).toBe(false);
    call.finish('answer');
    expect(await second).toBe('answer');
  });

  it('never starts a call for an asker already cancelled (a superseded hover costs no request)', async () => {
    const calls = new SharedCalls<string>();
    const call = controllableCall();
    const error = await calls.run('k', AbortSignal.abort(), call.start).catch((e: unknown) => e);
    expect(isModelError(error, 'cancelled')).toBe(true);
    expect(call.started).toHaveLength(0);
    expect(calls.has('k')).toBe(false);
  });

  it('does not join a call every asker abandoned: the next asker starts a new one', async () => {
    const calls = new SharedCalls<string>();
    const [abandoned, fresh] = [controllableCall(), controllableCall()];
    const cancelling = new AbortController();
    const first = calls.run('k', cancelling.signal, abandoned.start).catch((e: unknown) => e);
    cancelling.abort();
    await until(() => abandoned.started[0]?.aborted === true);
    // Asked again once the call is aborted but before it has wound down.
    const second = calls.run('k', new AbortController().signal, fresh.start);
    expect(fresh.started).toHaveLength(1);
    fresh.finish('answer');
    expect(await second).toBe('answer');
    expect(isModelError(await first, 'cancelled')).toBe(true);
  });

  it('keeps the call running for an asker that merely stops waiting, so a later asker joins it', async () => {
    const calls = new SharedCalls<string>();
    const call = controllableCall();
    // A hover past its timeout: it races the call against its own deadline and returns without cancelling.
    const hover = calls.run('k', new AbortController().signal, call.start);
    const gaveUp = await Promise.race([hover, Promise.resolve('timed out')]);
    expect(gaveUp).toBe('timed out');
    expect(call.started[0]?.aborted).toBe(false);
    const later = calls.run('k', new AbortController().signal, call.start);
    expect(call.started).toHaveLength(1);
    call.finish('answer');
    expect(await later).toBe('answer');
    expect(await hover).toBe('answer');
  });
});
