import { describe, expect, it } from 'vitest';
import type { CompletionItem, CompletionList } from 'vscode-languageserver-protocol';
import { ITEMS_CLIENT } from '../support/completion-session.js';
import { cursor } from '../support/cursor.js';
import type { LspSession } from '../support/lsp-session.js';
import { pylspMissing } from '../support/missing-program.js';
import { modelSessionsPerTest } from '../support/model-session.js';

/**
 * Completion in `lantern-ls --beside=pylsp`: pylsp's items (jedi) with Lantern's one item added, and
 * pylsp's list never waiting for Lantern's model.
 */
const TITLE = 'lantern-ls --beside=pylsp: completion items of both servers';
const missing = pylspMissing(TITLE);

const URI = 'file:///work/paths.py';
const PATHS = cursor('import os\n\n\ndef home():\n    return os.pa<|>\n');

describe.skipIf(missing !== undefined)(TITLE, () => {
  const sessions = modelSessionsPerTest('anthropic');

  const complete = async (current: LspSession) =>
    (await current.request<CompletionList>('textDocument/completion', {
      textDocument: { uri: URI },
      position: PATHS.position,
    })) as CompletionList;

  it('answers with pylsp’s items at once while Lantern’s model writes, and adds Lantern’s item once it has it', async () => {
    let release = () => {};
    sessions.fake.script({
      kind: 'gate',
      text: '```python\nth.expanduser("~")\n```',
      release: new Promise<void>((resolve) => {
        release = resolve;
      }),
    });
    const { session } = await sessions.start({
      traceName: 'beside-completion',
      settings: { completion: { debounceMs: 0 } },
      client: { args: ['--beside=pylsp'], capabilities: ITEMS_CLIENT },
    });
    await session.open(URI, 'python', PATHS.text);
    const first = complete(session);
    const asked = await sessions.fake.waitForRequests(1);
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
    expect(sessions.fake.requests).toHaveLength(1);
    // Its resolve never goes to pylsp, which did not make it.
    expect(await session.request('completionItem/resolve', ours)).toEqual(ours);
  });
});
