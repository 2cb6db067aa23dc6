import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadPrompt } from '../../server/src/agent/prompt-templates.js';
import { OFFLINE_HINT } from '../../server/src/llm/offline-hint.js';
import { FakeModelServer } from '../support/fake-model-server.js';
import { LspSession } from '../support/lsp-session.js';
import {
  freshDir,
  hoverText,
  type ModelSessionOptions,
  openSample,
  PROVIDERS,
  promptOf,
  SAMPLE_URI,
  sample,
  startWithModel,
  TOTAL_HEADER,
} from '../support/model-session.js';

const ANSWER = 'Adds up every price and returns the sum.';
const SYSTEM_PROMPT = loadPrompt('explain').system;

describe.each(PROVIDERS)('explain on hover (%s)', (provider) => {
  let fake: FakeModelServer;
  const sessions: LspSession[] = [];
  beforeEach(async () => {
    fake = await FakeModelServer.start();
  });
  afterEach(async () => {
    for (const session of sessions.splice(0)) await session.finish();
    await fake.close();
  });

  async function start(extra: ModelSessionOptions = {}) {
    const started = await startWithModel(provider, fake, extra);
    sessions.push(started.session);
    return started;
  }

  /** Ends a session before the test does (a restart). */
  async function stop(session: LspSession) {
    sessions.splice(sessions.indexOf(session), 1);
    await session.finish();
  }

  it('shows the header and the model text; the same unit again is a cache hit, even re-indented', async () => {
    fake.script({ kind: 'text', text: ANSWER });
    const { session } = await start();
    const { total } = await openSample(session);

    const first = await hoverText(session, SAMPLE_URI, total);
    expect(first).toContain('export function total(prices: number[]): number');
    expect(first).toContain(TOTAL_HEADER);
    expect(first).toContain(ANSWER);
    expect(first).not.toContain('cached');
    expect(fake.requests).toHaveLength(1);
    const { system, user } = promptOf(await fake.waitForRequests(1));
    expect(system).toBe(SYSTEM_PROMPT);
    expect(user).toContain('for (const price of prices) sum += price;');
    expect(user).toContain('Explain the function `total`');

    const second = await hoverText(session, SAMPLE_URI, total);
    expect(second).toContain(ANSWER);
    expect(second).toContain('· cached');
    expect(fake.requests).toHaveLength(1);

    // Only indentation changes: the key reads the syntax, which is the same.
    const reindented = sample((marked) => marked.replace(/^ {2}/gm, '\t\t'));
    await session.change(SAMPLE_URI, [{ text: reindented.text }]);
    const third = await hoverText(session, SAMPLE_URI, reindented.total);
    expect(third).toContain(ANSWER);
    expect(third).toContain('· cached');
    expect(fake.requests).toHaveLength(1);

    // A change to the code is a different question.
    fake.script({ kind: 'text', text: 'Doubles, then adds up.' });
    const changed = sample((marked) => marked.replace('sum += price;', 'sum += price * 2;'));
    await session.change(SAMPLE_URI, [{ text: changed.text }]);
    const fourth = await hoverText(session, SAMPLE_URI, changed.total);
    expect(fourth).toContain('Doubles, then adds up.');
    expect(fourth).not.toContain('cached');
    expect(fake.requests).toHaveLength(2);
    expect(promptOf(await fake.waitForRequests(2)).user).toContain('sum += price * 2;');
  });

  it('keeps the cache across a restart (same LANTERN_CACHE_DIR, sqlite)', async () => {
    fake.script({ kind: 'text', text: ANSWER });
    const first = await start();
    const { total } = await openSample(first.session);
    expect(await hoverText(first.session, SAMPLE_URI, total)).toContain(ANSWER);
    await stop(first.session);

    const second = await start({ cacheDir: first.cacheDir });
    await openSample(second.session);
    const again = await hoverText(second.session, SAMPLE_URI, total);
    expect(again).toContain(ANSWER);
    expect(again).toContain('· cached');
    expect(fake.requests).toHaveLength(1);
  });

  it("hover.explain 'cached' shows only what is cached and never calls the model", async () => {
    const cacheDir = freshDir();
    fake.script({ kind: 'text', text: ANSWER });
    const warm = await start({ cacheDir });
    const { total, average } = await openSample(warm.session);
    expect(await hoverText(warm.session, SAMPLE_URI, total)).toContain(ANSWER);
    await stop(warm.session);

    const { session } = await start({ cacheDir, settings: { hover: { explain: 'cached' } } });
    await openSample(session);
    const cachedHover = await hoverText(session, SAMPLE_URI, total);
    expect(cachedHover).toContain(ANSWER);
    expect(cachedHover).toContain('· cached');
    // `average` was never explained: its structure only, and still no request.
    const uncached = await hoverText(session, SAMPLE_URI, average);
    expect(uncached).toContain('*function* **average**');
    expect(uncached).not.toContain('---');
    expect(fake.requests).toHaveLength(1);
  });

  it('lantern.explain with cacheOnly gives the cached explanation or the structure alone, never asking', async () => {
    fake.script({ kind: 'text', text: ANSWER });
    const { session } = await start();
    const { total, average } = await openSample(session);
    const explain = (position: { line: number; character: number }) =>
      session.request<string>('workspace/executeCommand', {
        command: 'lantern.explain',
        arguments: [{ uri: SAMPLE_URI, position, cacheOnly: true }],
      });
    // Nothing cached yet: the structure alone (no rule, no note), and the model is not asked.
    const before = await explain(total);
    expect(before).toContain(TOTAL_HEADER);
    expect(before).not.toContain('---');
    expect(fake.requests).toHaveLength(0);
    expect(await hoverText(session, SAMPLE_URI, total)).toContain(ANSWER); // explained (and cached) once
    const after = await explain(total);
    expect(after).toContain(ANSWER);
    expect(after).toContain('· cached');
    expect(await explain(average)).not.toContain('---');
    expect(fake.requests).toHaveLength(1);
  });

  it("hover.explain 'off' shows the structure only", async () => {
    const { session } = await start({ settings: { hover: { explain: 'off' } } });
    const { total } = await openSample(session);
    const value = await hoverText(session, SAMPLE_URI, total);
    expect(value).toContain(TOTAL_HEADER);
    expect(value).not.toContain('---');
    expect(fake.requests).toHaveLength(0);
  });
});

describe('explain on hover with no model configured', () => {
  let session: LspSession | undefined;
  afterEach(async () => {
    await session?.finish();
    session = undefined;
  });

  it('answers with the structure and says how to enable explanations', async () => {
    // No key in the environment (the session removes them) and an empty config folder: offline.
    session = await LspSession.start({
      env: { XDG_CONFIG_HOME: freshDir('lantern-config-'), LANTERN_CACHE_DIR: freshDir() },
      traceName: 'explain-offline',
    });
    const { total } = await openSample(session);
    const value = await hoverText(session, SAMPLE_URI, total);
    expect(value).toContain(TOTAL_HEADER);
    expect(value).toContain(`*Offline: structure only. ${OFFLINE_HINT}*`);
  });
});
