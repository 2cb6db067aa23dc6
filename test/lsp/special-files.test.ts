import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeModelServer } from '../support/fake-model-server.js';
import { FULL_CAPABILITIES, LspSession } from '../support/lsp-session.js';

interface ToolResult {
  type: 'tool_result';
  content: string;
  is_error?: boolean;
}

/** The tool result the model received in a recorded request (the last user message's block). */
function toolResultOf(body: Record<string, unknown>): ToolResult | undefined {
  const messages = body.messages as { role: string; content: unknown }[];
  const last = messages[messages.length - 1];
  return Array.isArray(last?.content) ? (last.content as ToolResult[])[0] : undefined;
}

/** Rejects after `ms`: a server whose event loop is blocked never answers, and must not hang the suite. */
function within<T>(ms: number, promise: Promise<T>): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)),
  ]);
}

describe('special and huge files the model asks the tools for', () => {
  let session: LspSession | undefined;
  let fake: FakeModelServer | undefined;
  afterEach(async () => {
    // A server stuck on a FIFO cannot shut down: stop it.
    if (session && session.process.exitCode === null) session.process.kill('SIGKILL');
    session = undefined;
    await fake?.close();
  });

  async function askWithTools(root: string, calls: { name: string; input: Record<string, unknown> }[]) {
    fake = await FakeModelServer.start();
    fake.script(
      { kind: 'text', text: 'general' },
      ...calls.map((call) => ({ kind: 'tool-use' as const, ...call })),
      { kind: 'text', text: 'Done looking.' },
    );
    session = await LspSession.start({
      traceName: 'special-files',
      capabilities: FULL_CAPABILITIES,
      env: {
        ANTHROPIC_BASE_URL: fake.url,
        ANTHROPIC_API_KEY: 'test-key',
        LANTERN_CACHE_DIR: mkdtempSync(join(tmpdir(), 'lantern-cache-')),
      },
      rootUri: pathToFileURL(root).href,
    });
    const uri = pathToFileURL(join(root, 'main.py')).href;
    await session.open(uri, 'python', 'def main():\n    return 1\n');
    const asked = session.request<{ markdown: string }>('workspace/executeCommand', {
      command: 'lantern.ask',
      arguments: [{ question: 'What is in the other files?', uri }],
    });
    return { asked, uri, results: () => fake?.requests.slice(2).map((r) => toolResultOf(r.body)) ?? [] };
  }

  it('a FIFO named like a source file is refused at once, and the server keeps answering', async () => {
    const root = mkdtempSync(join(tmpdir(), 'lantern-fifo-'));
    writeFileSync(join(root, 'main.py'), 'def main():\n    return 1\n');
    execFileSync('mkfifo', [join(root, 'pipe.py')]);
    const { asked, uri, results } = await askWithTools(root, [
      { name: 'list_symbols', input: { path: 'pipe.py' } },
      { name: 'read_file', input: { path: 'pipe.py' } },
    ]);
    expect((await within(10_000, asked)).markdown).toBe('Done looking.');
    const symbols = await within(
      5_000,
      (session as LspSession).request<unknown[]>('textDocument/documentSymbol', { textDocument: { uri } }),
    );
    expect(symbols.length).toBeGreaterThan(0);
    for (const result of results()) {
      expect(result?.is_error).toBe(true);
      expect(result?.content).toMatch(/pipe\.py is a FIFO .*not a regular file/);
    }
    await session?.finish();
  });

  it('a 1 GB file is read only in part, quickly, and refused for symbols', async () => {
    const root = mkdtempSync(join(tmpdir(), 'lantern-huge-'));
    writeFileSync(join(root, 'main.py'), 'def main():\n    return 1\n');
    const huge = join(root, 'huge.py');
    writeFileSync(huge, 'x = 1\n'.repeat(60_000));
    execFileSync('truncate', ['-s', '1G', huge]); // sparse: the rest reads as zeros, costing no disk
    const started = performance.now();
    const { asked, results } = await askWithTools(root, [
      { name: 'read_file', input: { path: 'huge.py' } },
      { name: 'list_symbols', input: { path: 'huge.py' } },
    ]);
    expect((await within(10_000, asked)).markdown).toBe('Done looking.');
    expect(performance.now() - started).toBeLessThan(8_000);
    const [read, symbols] = results();
    expect(read?.is_error).toBeUndefined();
    expect(
      read?.content.startsWith('(the file is 1073741824 bytes; only its first 262144 were read)\nx = 1\n'),
    ).toBe(true);
    expect(symbols?.is_error).toBe(true);
    expect(symbols?.content).toMatch(
      /huge\.py is too large to list \(1073741824 bytes; the limit is 1000000\)/,
    );
    await session?.finish();
  });
});
