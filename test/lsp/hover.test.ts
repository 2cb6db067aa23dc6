import { afterEach, describe, expect, it } from 'vitest';
import { cursor } from '../support/cursor.js';
import { LspSession } from '../support/lsp-session.js';

type Hover = { contents: { kind: string; value: string } } | null;

describe('hover (structural)', () => {
  let session: LspSession | undefined;
  afterEach(async () => {
    await session?.finish();
    session = undefined;
  });

  it('summarises a Python function from its name, with docstring, parameters and calls', async () => {
    session = await LspSession.start({ traceName: 'hover-python' });
    const { text, position } = cursor(
      [
        'import os',
        '',
        '@cache',
        'def lo<|>ad(path: str, mode="r") -> bytes:',
        '    """Read a file.',
        '',
        '    Returns its bytes."""',
        '    check(path)',
        '    return os.read(path)',
        '',
      ].join('\n'),
    );
    await session.open('file:///w/a.py', 'python', text);
    const hover = await session.request<Hover>('textDocument/hover', {
      textDocument: { uri: 'file:///w/a.py' },
      position,
    });
    expect(hover?.contents.kind).toBe('markdown');
    const value = hover?.contents.value ?? '';
    expect(value).toContain('def load(path: str, mode="r") -> bytes');
    expect(value).toContain('*function* **load** — lines 3–9 (7 lines)');
    expect(value).toContain('Read a file.\n\nReturns its bytes.');
    expect(value).toContain('**Calls:** `check`, `read`');
  });
});
