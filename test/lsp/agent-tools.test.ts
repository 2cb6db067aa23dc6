import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeModelServer } from '../support/fake-model-server.js';
import { FULL_CAPABILITIES, LspSession } from '../support/lsp-session.js';

interface ToolResult {
  type: 'tool_result';
  tool_use_id: string;
  content: string;
  is_error?: boolean;
}

/** A workspace with a file to read, and a secret beside it that the tools must never reach. */
function workspace() {
  const base = mkdtempSync(join(tmpdir(), 'lantern-agent-tools-'));
  const root = join(base, 'shop');
  mkdirSync(join(root, 'shop'), { recursive: true });
  writeFileSync(
    join(root, 'shop', 'pricing.py'),
    'DISCOUNT = 0.15\n\ndef discounted(price):\n    return price * (1 - DISCOUNT)\n',
  );
  writeFileSync(
    join(root, 'shop', 'cart.py'),
    'from .pricing import discounted\n\ndef total(items):\n    return sum(discounted(i) for i in items)\n',
  );
  writeFileSync(join(base, 'secret.txt'), 'the password is hunter2\n');
  symlinkSync(join(base, 'secret.txt'), join(root, 'notes.txt'));
  return { root, cart: join(root, 'shop', 'cart.py') };
}

/** The tool results the model received in a recorded request (the last user message's blocks). */
function toolResults(body: Record<string, unknown>): ToolResult[] {
  const messages = body.messages as { role: string; content: unknown }[];
  const last = messages[messages.length - 1];
  return Array.isArray(last?.content)
    ? (last.content as ToolResult[]).filter((block) => block.type === 'tool_result')
    : [];
}

describe('agent tools through lantern.ask (Anthropic tool use)', () => {
  let session: LspSession | undefined;
  let fake: FakeModelServer | undefined;
  afterEach(async () => {
    await session?.finish();
    await fake?.close();
    session = undefined;
  });

  /** A server whose workspace is `root` and, when given, more folders after it. */
  async function start(root: string, more: readonly string[] = [], initializationOptions?: unknown) {
    fake = await FakeModelServer.start();
    const started = await LspSession.start({
      traceName: 'agent-tools',
      ...(initializationOptions === undefined ? {} : { initializationOptions }),
      capabilities: {
        ...FULL_CAPABILITIES,
        workspace: { ...FULL_CAPABILITIES.workspace, workspaceFolders: true },
      },
      env: {
        ANTHROPIC_BASE_URL: fake.url,
        ANTHROPIC_API_KEY: 'test-key',
        LANTERN_CACHE_DIR: mkdtempSync(join(tmpdir(), 'lantern-cache-')),
      },
      rootUri: pathToFileURL(root).href,
      workspaceFolders: [root, ...more].map((folder) => ({
        uri: pathToFileURL(folder).href,
        name: basename(folder),
      })),
    });
    session = started;
    return { session: started, fake, initializeResult: started.initializeResult };
  }

  /** Asks a general question (the fake's first answer classifies it) about the cart. */
  function ask(current: LspSession, uri: string) {
    return current.request<{ markdown: string; intent: string }>('workspace/executeCommand', {
      command: 'lantern.ask',
      arguments: [{ question: 'How big is the discount?', uri }],
    });
  }

  it('reads another workspace file for the model, and refuses paths outside the workspace', async () => {
    const { root, cart } = workspace();
    const { session, fake } = await start(root);
    fake.script(
      { kind: 'text', text: 'general' },
      { kind: 'tool-use', name: 'read_file', input: { path: 'shop/pricing.py' } },
      { kind: 'tool-use', name: 'read_file', input: { path: '../../etc/passwd' } },
      { kind: 'tool-use', name: 'read_file', input: { path: '/etc/passwd' } },
      { kind: 'tool-use', name: 'read_file', input: { path: 'notes.txt' } },
      { kind: 'tool-use', name: 'run_tests', input: { path: 'shop/cart.py' } },
      { kind: 'text', text: 'The discount is 15%, applied per item.' },
    );
    const uri = pathToFileURL(cart).href;
    await session.open(
      uri,
      'python',
      'from .pricing import discounted\n\ndef total(items):\n    return sum(discounted(i) for i in items)\n',
    );
    const answer = await session.request<{ markdown: string; intent: string }>('workspace/executeCommand', {
      command: 'lantern.ask',
      arguments: [
        {
          question: 'How big is the discount?',
          uri,
          range: { start: { line: 3, character: 4 }, end: { line: 3, character: 4 } },
        },
      ],
    });
    expect(answer.intent).toBe('general');
    expect(answer.markdown).toBe('The discount is 15%, applied per item.');
    expect(fake.requests).toHaveLength(7);
    // The tools were offered to the model with the question.
    const offered = (fake.requests[1]?.body.tools ?? []) as { name: string }[];
    expect(offered.map((tool) => tool.name)).toEqual([
      'read_file',
      'search_workspace',
      'list_symbols',
      'run_tests',
      'git_diff',
      'git_log',
    ]);
    const [read] = toolResults(fake.requests[2]?.body ?? {});
    expect(read).toMatchObject({
      tool_use_id: 'toolu_read_file',
      content: expect.stringContaining('DISCOUNT = 0.15'),
    });
    expect(read?.is_error).toBeUndefined();
    for (const index of [3, 4, 5]) {
      const [refused] = toolResults(fake.requests[index]?.body ?? {});
      expect(refused?.is_error).toBe(true);
      expect(refused?.content).toMatch(/refused: .* is outside the workspace/);
    }
    const [tests] = toolResults(fake.requests[6]?.body ?? {});
    expect(tests?.is_error).toBe(true);
    expect(tests?.content).toContain('not trusted');
    // Nothing from outside the workspace ever reached the model.
    for (const request of fake.requests) expect(request.rawBody).not.toContain('hunter2');
    // Every tool call is logged.
    const logged = session.notifications
      .filter((n) => n.method === 'window/logMessage')
      .map((n) => (n.params as { message: string }).message)
      .filter((message) => message.startsWith('Lantern tool call: '));
    expect(logged).toHaveLength(5);
  });

  it('offers no tools with ask.workspaceTools off: the model sees only the question and the code', async () => {
    const { root, cart } = workspace();
    const { session, fake } = await start(root, [], { ask: { workspaceTools: false } });
    fake.script({ kind: 'text', text: 'general' }, { kind: 'text', text: 'It is 15%.' });
    const uri = pathToFileURL(cart).href;
    await session.open(uri, 'python', 'def total(items):\n    return sum(items)\n');
    expect((await ask(session, uri)).markdown).toBe('It is 15%.');
    expect(fake.requests).toHaveLength(2);
    for (const request of fake.requests) expect(request.body.tools).toBeUndefined();
  });

  it('reads files of every workspace folder: relative paths from the first, absolute ones in any', async () => {
    const { root, cart } = workspace();
    const lib = mkdtempSync(join(tmpdir(), 'lantern-agent-tools-lib-'));
    writeFileSync(join(lib, 'rates.py'), 'VAT = 0.21\n');
    const { session, fake } = await start(root, [lib]);
    fake.script(
      { kind: 'text', text: 'general' },
      { kind: 'tool-use', name: 'read_file', input: { path: join(lib, 'rates.py') } },
      { kind: 'tool-use', name: 'read_file', input: { path: 'shop/pricing.py' } },
      { kind: 'tool-use', name: 'read_file', input: { path: join(root, '..', 'secret.txt') } },
      { kind: 'text', text: 'VAT is 21%.' },
    );
    const uri = pathToFileURL(cart).href;
    await session.open(uri, 'python', 'def total(items):\n    return sum(items)\n');
    expect((await ask(session, uri)).markdown).toBe('VAT is 21%.');
    expect(fake.requests).toHaveLength(5);
    const [second] = toolResults(fake.requests[2]?.body ?? {});
    expect(second).toMatchObject({ content: 'VAT = 0.21\n' });
    expect(second?.is_error).toBeUndefined();
    const [first] = toolResults(fake.requests[3]?.body ?? {});
    expect(first?.content).toContain('DISCOUNT = 0.15');
    const [outside] = toolResults(fake.requests[4]?.body ?? {});
    expect(outside?.is_error).toBe(true);
    expect(outside?.content).toMatch(/refused: .* is outside the workspace/);
    for (const request of fake.requests) expect(request.rawBody).not.toContain('hunter2');
  });

  it('follows folders the editor adds and removes later (workspace/didChangeWorkspaceFolders)', async () => {
    const { root, cart } = workspace();
    const lib = mkdtempSync(join(tmpdir(), 'lantern-agent-tools-lib-'));
    writeFileSync(join(lib, 'rates.py'), 'VAT = 0.21\n');
    const started = await start(root);
    const { session, fake } = started;
    expect(started.initializeResult.capabilities.workspace?.workspaceFolders).toEqual({
      supported: true,
      changeNotifications: true,
    });
    const readRates = {
      kind: 'tool-use',
      name: 'read_file',
      input: { path: join(lib, 'rates.py') },
    } as const;
    const changeFolders = (change: 'added' | 'removed') =>
      session.connection.sendNotification('workspace/didChangeWorkspaceFolders', {
        event: {
          added: change === 'added' ? [{ uri: pathToFileURL(lib).href, name: 'lib' }] : [],
          removed: change === 'removed' ? [{ uri: pathToFileURL(lib).href, name: 'lib' }] : [],
        },
      });
    const uri = pathToFileURL(cart).href;
    await session.open(uri, 'python', 'def total(items):\n    return sum(items)\n');

    await changeFolders('added');
    fake.script({ kind: 'text', text: 'general' }, readRates, { kind: 'text', text: 'VAT is 21%.' });
    await ask(session, uri);
    const [afterAdd] = toolResults(fake.requests[2]?.body ?? {});
    expect(afterAdd).toMatchObject({ content: 'VAT = 0.21\n' });

    await changeFolders('removed');
    fake.script({ kind: 'text', text: 'general' }, readRates, { kind: 'text', text: 'No idea.' });
    await ask(session, uri);
    const [afterRemove] = toolResults(fake.requests[5]?.body ?? {});
    expect(afterRemove?.is_error).toBe(true);
    expect(afterRemove?.content).toMatch(/is outside the workspace/);
  });
});
