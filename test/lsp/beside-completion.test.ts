import { spawnSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CompletionItem, CompletionList } from 'vscode-languageserver-protocol';
import { ITEMS_CLIENT } from '../support/completion-session.js';
import { cursor } from '../support/cursor.js';
import { FakeModelServer } from '../support/fake-model-server.js';
import { LspSession } from '../support/lsp-session.js';
import { reportMissingProgram } from '../support/missing-program.js';
import { FAKE_KEYS, freshDir } from '../support/model-session.js';

/**
 * Completion in `lantern-ls --beside=pylsp`: pylsp's items (jedi) with Lantern's one item added, and
 * pylsp's list never waiting for Lantern's model.
 */
const TITLE = 'lantern-ls --beside=pylsp: completion items of both servers';
const pylsp = spawnSync('pylsp', ['--version'], { encoding: 'utf8' });
const missing = pylsp.status === 0 ? undefined : 'pylsp is not installed (apt-get install python3-pylsp)';
if (missing) reportMissingProgram(TITLE, missing);

const URI = 'file:///work/paths.py';
const PATHS = cursor('import os\n\n\ndef home():\n    return os.pa<|>\n');

describe.skipIf(missing !== undefined)(TITLE, () => {
  let fake: FakeModelServer;
  let session: LspSession | undefined;
  beforeEach(async () => {
    fake = await FakeModelServer.start();
  });
  afterEach(async () => {
    await session?.finish();
    session = undefined;
    await fake.close();
  });

  const complete = async (current: LspSession) =>
    (await current.request<CompletionList>('textDocument/completion', {
      textDocument: { uri: URI },
      position: PATHS.position,
    })) as CompletionList;

  it('answers with pylsp’s items at once while Lantern’s model writes, and adds Lantern’s item once it has it', async () => {
    let release = () => {};
    fake.script({
      kind: 'gate',
      text: '```python\nth.expanduser("~")\n```',
      release: new Promise<void>((resolve) => {
        release = resolve;
      }),
    });
    session = await LspSession.start({
      traceName: 'beside-completion',
      args: ['--beside=pylsp'],
      capabilities: ITEMS_CLIENT,
      initializationOptions: { completion: { debounceMs: 0 } },
      env: {
        ANTHROPIC_BASE_URL: fake.url,
        ANTHROPIC_API_KEY: FAKE_KEYS.anthropic,
        LANTERN_CACHE_DIR: freshDir('lantern-beside-'),
      },
    });
    await session.open(URI, 'python', PATHS.text);
    const first = complete(session);
    const asked = await fake.waitForRequests(1);
    // The model has not answered (the gate is shut), and still the list arrives: pylsp's alone.
    const quick = await first;
    expect(quick.items.map((item) => item.label)).toContain('path');
    expect(quick.items.some((item) => item.detail?.startsWith('Lantern'))).toBe(false);
    expect(quick.isIncomplete).toBe(true);
    release();
    await asked.closed;
    // Asked again at the same place (as the incomplete list makes the client do), Lantern answers
    // from its cache, at once.
    let ours: CompletionItem | undefined;
    let list: CompletionList | undefined;
    for (let attempt = 0; attempt < 50 && !ours; attempt++) {
      list = await complete(session);
      ours = list.items.find((item) => item.detail?.startsWith('Lantern'));
    }
    expect(ours?.textEdit).toMatchObject({ newText: 'path.expanduser("~")' });
    expect(list?.items.map((item) => item.label)).toContain('path');
    expect(fake.requests).toHaveLength(1);
    // Its resolve never goes to pylsp, which did not make it.
    expect(await session.request('completionItem/resolve', ours)).toEqual(ours);
  });
});
