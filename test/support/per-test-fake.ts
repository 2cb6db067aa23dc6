import { afterEach, beforeEach } from 'vitest';
import { FakeModelServer } from './fake-model-server.js';
import type { LspSession } from './lsp-session.js';

/** A fresh fake model for each test, and the sessions the test started against it. */
export interface PerTestFake {
  /** This test's fake model (started before it). */
  readonly fake: FakeModelServer;
  /** The session the test handed to `track` last, if any. */
  readonly lastSession: LspSession | undefined;
  /** `session`, finished after the test (its trace validated) before the fake closes. */
  track<Session extends LspSession>(session: Session): Session;
}

/**
 * The per-test lifecycle model tests share: a fake model starts before each test of the calling suite;
 * after it, every session the test tracked is finished and the fake closed.
 */
export function perTestFake(): PerTestFake {
  let fake: FakeModelServer | undefined;
  const sessions: LspSession[] = [];
  beforeEach(async () => {
    fake = await FakeModelServer.start();
  });
  afterEach(async () => {
    for (const session of sessions.splice(0)) await session.finish();
    await fake?.close();
  });
  return {
    get fake() {
      if (!fake) throw new Error('the fake model starts before each test');
      return fake;
    },
    get lastSession() {
      return sessions.at(-1);
    },
    track(session) {
      sessions.push(session);
      return session;
    },
  };
}
