import { describe, expect, it } from 'vitest';
import { openStore } from '../../server/src/store/open-store.js';
import { SessionStore, type Turn } from '../../server/src/store/sessions.js';

const MINUTE = 60_000;

/** A session store in memory with a clock the test moves by hand, and the problems it reported. */
function sessions(limits: { maxTurns: number; maxAgeMs: number }) {
  const clock = { now: 1_000_000 };
  const problems: string[] = [];
  const store = new SessionStore(
    () => openStore('memory', 'lantern-sessions-test', {}),
    limits,
    (message) => problems.push(message),
    () => clock.now,
  );
  const turn = (question: string): Turn => ({ question, answer: `answer to ${question}`, at: clock.now });
  return { store, clock, problems, turn };
}

describe('SessionStore limits', () => {
  it('keeps the last maxTurns turns: a third turn pushes out the first', async () => {
    const { store, turn, problems } = sessions({ maxTurns: 2, maxAgeMs: 60 * MINUTE });
    await store.append('s', turn('one'));
    await store.append('s', turn('two'));
    expect((await store.history('s')).map((t) => t.question)).toEqual(['one', 'two']);
    await store.append('s', turn('three'));
    expect((await store.history('s')).map((t) => t.question)).toEqual(['two', 'three']);
    expect(problems).toEqual([]);
  });

  it('a session untouched for maxAge comes back empty, and a new turn starts it over', async () => {
    const { store, clock, turn } = sessions({ maxTurns: 10, maxAgeMs: 60 * MINUTE });
    await store.append('s', turn('one'));
    clock.now += 60 * MINUTE - 1;
    expect(await store.history('s')).toHaveLength(1);
    clock.now += 1;
    expect(await store.history('s')).toEqual([]);
    await store.append('s', turn('again'));
    expect((await store.history('s')).map((t) => t.question)).toEqual(['again']);
  });

  it('a session still in use keeps its early turns, however old they are', async () => {
    const { store, clock, turn } = sessions({ maxTurns: 10, maxAgeMs: 60 * MINUTE });
    await store.append('s', turn('one'));
    clock.now += 50 * MINUTE;
    await store.append('s', turn('two'));
    clock.now += 50 * MINUTE;
    expect((await store.history('s')).map((t) => t.question)).toEqual(['one', 'two']);
  });

  it('sessions are separate, and an unknown one is empty', async () => {
    const { store, turn } = sessions({ maxTurns: 2, maxAgeMs: 60 * MINUTE });
    await store.append('a', turn('for a'));
    expect(await store.history('b')).toEqual([]);
    expect((await store.history('a')).map((t) => t.question)).toEqual(['for a']);
  });
});
