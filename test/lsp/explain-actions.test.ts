import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CodeAction } from 'vscode-languageserver-protocol';
import { runCommand } from '../support/code-actions.js';
import type { Position } from '../support/cursor.js';
import { LspSession } from '../support/lsp-session.js';
import {
  freshDir,
  hoverText,
  type ModelSessionOptions,
  modelSessionsPerTest,
  openSample,
  PROVIDERS,
  SAMPLE_URI,
  shownMessages,
  TOTAL_HEADER,
} from '../support/model-session.js';

const ANSWER = 'Adds up every price and returns the sum.';
const NEW_ANSWER = 'Sums the prices in one pass.';

/** The "Explain …" code actions at a position, by title. */
async function explainActions(session: LspSession, position: Position): Promise<Map<string, CodeAction>> {
  const actions = await session.request<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri: SAMPLE_URI },
    range: { start: position, end: position },
    context: { diagnostics: [] },
  });
  return new Map(actions.filter((action) => action.title.startsWith('Explain')).map((a) => [a.title, a]));
}

describe.each(PROVIDERS)('explain actions, commands and status (%s)', (provider) => {
  const sessions = modelSessionsPerTest(provider);

  async function start(extra: ModelSessionOptions = {}) {
    const started = await sessions.start(extra);
    return { ...started, ...(await openSample(started.session)) };
  }

  it('"Explain total" shows the answer; "Explain total again" asks anew and replaces the cached one', async () => {
    sessions.fake.script({ kind: 'text', text: ANSWER }, { kind: 'text', text: NEW_ANSWER });
    const { session, total } = await start();
    const actions = await explainActions(session, total);
    expect([...actions.keys()]).toEqual(['Explain total', 'Explain total again']);

    const markdown = await runCommand(session, actions.get('Explain total'));
    expect(markdown).toContain(TOTAL_HEADER);
    expect(markdown).toContain(ANSWER);
    // present: true also shows it, for editors that drop command results.
    const shown = await session.waitForNotification<{ message: string }>('window/showMessage', (p) =>
      p.message.includes(ANSWER),
    );
    expect(shown.message).toContain(TOTAL_HEADER);
    expect(sessions.fake.requests).toHaveLength(1);

    const again = await runCommand(session, actions.get('Explain total again'));
    expect(again).toContain(NEW_ANSWER);
    expect(sessions.fake.requests).toHaveLength(2);

    const plain = await runCommand(session, actions.get('Explain total'));
    expect(plain).toContain(NEW_ANSWER);
    expect(plain).toContain('· cached');
    expect(sessions.fake.requests).toHaveLength(2);
  });

  it('lantern/status reports provider, model, cache, hits and misses, requests and tokens', async () => {
    sessions.fake.script({ kind: 'text', text: ANSWER });
    const { session, cacheDir, total } = await start({ settings: { model: 'fake-model-1' } });
    await hoverText(session, SAMPLE_URI, total); // a miss, then a request
    await hoverText(session, SAMPLE_URI, total); // a hit
    expect((await sessions.fake.waitForRequests(1)).body.model).toBe('fake-model-1');
    const status = await session.request('lantern/status', null);
    expect(status).toMatchObject({
      provider,
      model: 'fake-model-1',
      endpoint: provider === 'anthropic' ? sessions.fake.url : `${sessions.fake.url}/v1`,
      cache: { location: join(cacheDir, 'cache.sqlite'), hits: 1, misses: 1 },
      requests: 1,
      failures: 0,
      // What the fake reported: 42 tokens in, one per character out.
      inputTokens: 42,
      outputTokens: ANSWER.length,
    });
  });

  it('lantern.clearCache: the next hover asks the model again', async () => {
    sessions.fake.script({ kind: 'text', text: ANSWER }, { kind: 'text', text: NEW_ANSWER });
    const { session, total } = await start();
    await hoverText(session, SAMPLE_URI, total);
    expect(await hoverText(session, SAMPLE_URI, total)).toContain('· cached');
    expect(sessions.fake.requests).toHaveLength(1);

    expect(await session.request('workspace/executeCommand', { command: 'lantern.clearCache' })).toEqual({
      cleared: true,
    });
    const after = await hoverText(session, SAMPLE_URI, total);
    expect(after).toContain(NEW_ANSWER);
    expect(after).not.toContain('cached');
    expect(sessions.fake.requests).toHaveLength(2);
    expect(shownMessages(session).map((shown) => shown.message)).toContain(
      'Lantern: the cache is cleared; the workspace index is being rebuilt.',
    );
  });
});

describe('explain actions offline', () => {
  it('offers only "Explain total", and it answers structurally', async () => {
    const session = await LspSession.start({
      env: { LANTERN_CACHE_DIR: freshDir() },
      traceName: 'explain-offline',
    });
    try {
      const { total } = await openSample(session);
      const actions = await explainActions(session, total);
      expect([...actions.keys()]).toEqual(['Explain total']);
      const markdown = await runCommand(session, actions.get('Explain total'));
      expect(markdown).toContain(TOTAL_HEADER);
      expect(markdown).toContain('Offline');
      // On a local variable (nothing to resolve), lantern.explain explains the unit around it.
      const onLocal = await session.request('workspace/executeCommand', {
        command: 'lantern.explain',
        arguments: [{ uri: SAMPLE_URI, position: { line: 1, character: 7 } }],
      });
      expect(onLocal).toContain(TOTAL_HEADER);
    } finally {
      await session.finish();
    }
  });
});
