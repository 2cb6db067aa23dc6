import { describe, expect, it } from 'vitest';
import { RequestActivity } from '../../server/src/lsp/request-activity.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('RequestActivity: background work waits for a quiet moment', () => {
  it('waits while a request runs, and goes on once it has finished', async () => {
    const activity = new RequestActivity();
    let finish: () => void = () => undefined;
    const handler = activity.track(
      () => new Promise<string>((resolve) => (finish = () => resolve('answer'))),
    );
    const answered = handler({}, {});
    let quiet = false;
    const waiting = activity.quiet(1, 60_000).then(() => {
      quiet = true;
    });
    await tick();
    await tick();
    expect(quiet).toBe(false);
    finish();
    expect(await answered).toBe('answer');
    await waiting;
    expect(quiet).toBe(true);
  });

  it('never waits past its limit, however busy the editor keeps it', async () => {
    const activity = new RequestActivity();
    const handler = activity.track(() => new Promise<never>(() => undefined));
    void handler({}, {});
    await activity.quiet(10, 50); // resolves: the request never ends, the limit does
  });

  it('a request that fails still ends its activity', async () => {
    const activity = new RequestActivity();
    const handler = activity.track(async () => {
      throw new Error('refused');
    });
    await expect(handler({}, {})).rejects.toThrow('refused');
    let quiet = false;
    await activity.quiet(1, 60_000).then(() => {
      quiet = true;
    });
    expect(quiet).toBe(true);
  });
});
