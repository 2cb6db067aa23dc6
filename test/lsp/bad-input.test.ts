import { afterEach, describe, expect, it } from 'vitest';
import { ErrorCodes, Message, type ResponseMessage } from 'vscode-jsonrpc/node';
import { cursor } from '../support/cursor.js';
import { frame } from '../support/json-rpc-frames.js';
import { LspSession } from '../support/lsp-session.js';
import { validateTrace } from '../support/trace-validator.js';

type Hover = { contents: { kind: string; value: string } } | null;
interface SymbolNode {
  name: string;
  children?: SymbolNode[];
}
type ShowMessage = { type: number; message: string };

const PY_URI = 'file:///w/ok.py';
const PY = cursor('def helper(x):\n    return x\n\ndef main():\n    return hel<|>per\n');

/** Symbols and depth (levels) of a DocumentSymbol tree, walked without recursion. */
function walkSymbols(roots: readonly SymbolNode[]): { names: string[]; depth: number } {
  const names: string[] = [];
  let depth = 0;
  const stack = roots.map((node) => ({ node, level: 1 }));
  for (let item = stack.pop(); item; item = stack.pop()) {
    names.push(item.node.name);
    depth = Math.max(depth, item.level);
    for (const child of item.node.children ?? []) stack.push({ node: child, level: item.level + 1 });
  }
  return { names, depth };
}

/** The server's Parse error response (id null) to a frame it could not read. */
async function parseErrorReply(s: LspSession): Promise<ResponseMessage> {
  const reply = await s.waitForMessage((msg) => Message.isResponse(msg) && msg.id === null);
  expect((reply as ResponseMessage).error?.code).toBe(ErrorCodes.ParseError);
  return reply as ResponseMessage;
}

function wholeRange(text: string) {
  return { start: { line: 0, character: 0 }, end: { line: text.split('\n').length, character: 0 } };
}

describe('bad input', () => {
  let session: LspSession | undefined;
  afterEach(async () => {
    await session?.finish();
    session = undefined;
  });

  async function start(traceName: string): Promise<LspSession> {
    session = await LspSession.start({ traceName });
    await session.open(PY_URI, 'python', PY.text);
    // Settled: nothing more arrives unasked, so a test can look at exactly what its input caused.
    await session.diagnosticsFor(PY_URI, 1);
    return session;
  }

  /** A hover on the normal document: proof that the server still answers. */
  async function stillAnswers(s: LspSession): Promise<void> {
    const hover = await s.request<Hover>('textDocument/hover', {
      textDocument: { uri: PY_URI },
      position: PY.position,
    });
    expect(hover?.contents.value).toContain('def helper(x)');
  }

  it('answers a frame whose body is not JSON with ParseError (id null) and reads on', async () => {
    const s = await start('bad-input-parse-error');
    await s.writeRaw(frame('{"jsonrpc": "2.0", "id": 7, "method": '));
    const reply = await parseErrorReply(s);
    expect(reply.error?.message).toContain('could not read a message');
    await stillAnswers(s);
    session = undefined;
    await s.close();
    // JSON-RPC 2.0 answers a frame whose id cannot be read with `id: null`: the trace stays clean.
    expect(validateTrace(s.tracePath).details).toEqual([]);
  });

  // Without a length nobody knows where the body ends, nor where the next message starts: reading on
  // would swallow every later request. The server says so and exits, so the editor can start a new one.
  it.each([
    [
      'no Content-Length',
      'Content-Type: application/vscode-jsonrpc; charset=utf-8',
      'must provide a Content-Length',
    ],
    ['a Content-Length that is not a number', 'Content-Length: twelve', 'must be a number. Got twelve'],
  ])('a header with %s: ParseError, the reason on stderr, exit code 1', async (_what, header, reason) => {
    const s = await start('bad-input-broken-header');
    const hover = JSON.stringify({ jsonrpc: '2.0', id: 8, method: 'textDocument/hover', params: {} });
    await s.writeRaw(`${header}\r\n\r\n${hover}`);
    const reply = await parseErrorReply(s);
    expect(reply.error?.message).toContain(reason);
    expect(await s.exited).toBe(1);
    expect(s.stderr).toContain('lantern-ls: the message stream cannot be read any further');
    expect(s.stderr).toContain(reason);
    session = undefined;
    await s.close();
    // Nothing else went out: the request in the broken frame was not run.
    expect(validateTrace(s.tracePath).details).toEqual([]);
  });

  it('answers an unknown request with MethodNotFound and ignores an unknown notification', async () => {
    const s = await start('bad-input-unknown-methods');
    const failure = await s.request('lantern/noSuchRequest', { x: 1 }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toMatchObject({ code: ErrorCodes.MethodNotFound });
    const before = s.received.length;
    await s.connection.sendNotification('lantern/noSuchNotification', { x: 1 });
    await s.connection.sendNotification('$/noSuchNotification', { x: 1 });
    await stillAnswers(s);
    // The hover reply is all that came back: no error response, no complaint to the user.
    expect(s.received.slice(before)).toEqual([expect.objectContaining({ result: expect.anything() })]);
  });

  it('gives empty answers for a document that was never opened', async () => {
    const s = await start('bad-input-never-opened');
    const textDocument = { uri: 'file:///w/never-opened.ts' };
    const position = { line: 0, character: 0 };
    expect(await s.request('textDocument/hover', { textDocument, position })).toBeNull();
    expect(await s.request('textDocument/documentSymbol', { textDocument })).toEqual([]);
    const range = { start: position, end: position };
    expect(
      await s.request('textDocument/codeAction', { textDocument, range, context: { diagnostics: [] } }),
    ).toEqual([]);
    await stillAnswers(s);
  });

  it('clamps a character past the end of its line to the line end', async () => {
    const s = await start('bad-input-past-line-end');
    const lineEnd = { line: PY.position.line, character: 'return helper'.length + 4 };
    const atEnd = await s.request<Hover>('textDocument/hover', {
      textDocument: { uri: PY_URI },
      position: lineEnd,
    });
    const past = await s.request<Hover>('textDocument/hover', {
      textDocument: { uri: PY_URI },
      position: { line: PY.position.line, character: 500 },
    });
    expect(past?.contents.value).toContain('def helper(x)');
    expect(past).toEqual(atEnd);
  });

  it('answers null / [] for positions past the end of the file', async () => {
    const s = await start('bad-input-past-eof');
    const uri = 'file:///w/missing-paren.ts';
    const text = 'function f(a: number {\n  return a;\n}\n';
    await s.open(uri, 'typescript', text);
    const diagnostics = await s.diagnosticsFor(uri, 1);
    expect(diagnostics.diagnostics.length).toBeGreaterThan(0);
    const textDocument = { uri };
    const farAway = { line: 100, character: 0 };
    expect(await s.request('textDocument/hover', { textDocument, position: farAway })).toBeNull();
    const pastEnd = { start: farAway, end: { line: 101, character: 0 } };
    const context = { diagnostics: diagnostics.diagnostics };
    expect(await s.request('textDocument/codeAction', { textDocument, range: pastEnd, context })).toEqual([]);
    // The same request over the real text does offer the fix: the empty answer above is not for lack of one.
    const fixes = await s.request<{ title: string }[]>('textDocument/codeAction', {
      textDocument,
      range: wholeRange(text),
      context,
    });
    expect(fixes.map((fix) => fix.title)).toContain('Insert missing `)`');
  });

  it.each([
    ['a 10 MB file', 'huge.ts', `const a = 1;\n${'x'.repeat(80)}\n`.repeat(110_000), 'too large'],
    ['a binary file', 'blob.js', `function f() {}\n\u0000\u0001\u0002\u0000 PNG\n`.repeat(100), 'binary'],
  ])(
    'warns about %s, outlines it as [], says why on hover and keeps serving',
    async (_what, name, text, reason) => {
      const s = await start(`bad-input-${name}`);
      const uri = `file:///w/${name}`;
      const warned = s.waitForNotification<ShowMessage>('window/showMessage', (p) =>
        p.message.includes(name),
      );
      await s.open(uri, name.endsWith('.ts') ? 'typescript' : 'javascript', text);
      const warning = await warned;
      expect(warning.type).toBe(2);
      expect(warning.message).toContain(reason);
      expect(await s.request('textDocument/documentSymbol', { textDocument: { uri } })).toEqual([]);
      const hover = await s.request<Hover>('textDocument/hover', {
        textDocument: { uri },
        position: { line: 0, character: 7 },
      });
      expect(hover?.contents.value).toContain(reason);
      await stillAnswers(s);
    },
  );
});

const DEPTH = 20_000;
const nestedCases: [string, string, string][] = [
  ['typescript', 'nested.ts', `const x = ${'['.repeat(DEPTH)}${']'.repeat(DEPTH)};\n`],
  ['typescript', 'unbalanced.ts', `const x = ${'['.repeat(DEPTH)}\n`],
  ['typescriptreact', 'nested.tsx', `const x = ${'['.repeat(DEPTH)}${']'.repeat(DEPTH)};\n`],
  ['javascript', 'nested.js', `const x = ${'['.repeat(DEPTH)}${']'.repeat(DEPTH)};\n`],
  ['javascript', 'unbalanced.js', `const x = ${'['.repeat(DEPTH)}\n`],
  ['python', 'nested.py', `x = ${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}\n`],
  ['python', 'unbalanced.py', `x = ${'['.repeat(DEPTH)}\n`],
];

describe('deeply nested input', () => {
  let session: LspSession | undefined;
  afterEach(async () => {
    await session?.finish();
    session = undefined;
  });

  it.each(nestedCases)('%s %s: 20,000 nested brackets', async (languageId, name, text) => {
    session = await LspSession.start({ traceName: `bad-input-${name}` });
    const uri = `file:///w/${name}`;
    await session.open(uri, languageId, text);
    const published = await session.diagnosticsFor(uri, 1);
    if (name.startsWith('unbalanced')) expect(published.diagnostics.length).toBeGreaterThan(0);
    else expect(published.diagnostics).toEqual([]);
    const textDocument = { uri };
    expect(await session.request('textDocument/documentSymbol', { textDocument })).toEqual([]);
    const middle = { line: 0, character: DEPTH / 2 };
    expect(await session.request('textDocument/hover', { textDocument, position: middle })).toBeNull();
    const actions = await session.request<unknown[]>('textDocument/codeAction', {
      textDocument,
      range: wholeRange(text),
      context: { diagnostics: published.diagnostics },
    });
    expect(Array.isArray(actions)).toBe(true);
    // An edit before the deep line shifts all of its tree; the function it adds is found afterwards.
    const start = { line: 0, character: 0 };
    const added = languageId === 'python' ? 'def after():\n    pass\n' : 'function after() {}\n';
    const version = await session.change(uri, [{ range: { start, end: start }, text: added }]);
    const republished = await session.diagnosticsFor(uri, version);
    expect(republished.diagnostics.length).toBe(published.diagnostics.length);
    const found = await session.request<{ name: string }[]>('workspace/symbol', { query: 'after' });
    expect(found.map((symbol) => symbol.name)).toEqual(['after']);
  });

  const FUNCTIONS = 3_000;
  const nestedFunctions: [string, string, number, string][] = [
    ['javascript', 'functions.js', FUNCTIONS, nestJs(FUNCTIONS)],
    ['typescript', 'functions.ts', FUNCTIONS, nestJs(FUNCTIONS)],
    // Python nests by indentation: 3,000 levels would be 4.5 M characters, past the parse limit, and
    // tree-sitter-python 0.25 parses at most 511 levels (its scanner's indent stack) without errors.
    ['python', 'functions.py', 500, nestPython(500)],
  ];

  it.each(nestedFunctions)('%s %s: %i nested functions', async (languageId, name, count, text) => {
    session = await LspSession.start({ traceName: `bad-input-${name}` });
    const uri = `file:///w/${name}`;
    await session.open(uri, languageId, text);
    const symbols = await session.request<SymbolNode[]>('textDocument/documentSymbol', {
      textDocument: { uri },
    });
    const { names, depth } = walkSymbols(symbols);
    // maxSymbolDepth (server-options.ts): deeper functions hang from the ancestor at that depth.
    expect(depth).toBe(64);
    expect(names.length).toBe(count);
    expect(new Set(names)).toEqual(new Set(Array.from({ length: count }, (_, i) => `f${i}`)));
    const last = `f${count - 1}`;
    const line = languageId === 'python' ? count - 1 : 0;
    const innermost = { line, character: (text.split('\n')[line] ?? '').indexOf(last) };
    const hover = await session.request<Hover>('textDocument/hover', {
      textDocument: { uri },
      position: innermost,
    });
    expect(hover?.contents.value).toContain(`*function* **${last}** in function \`f${count - 2}\``);
  });
});

function nestJs(count: number): string {
  return `${Array.from({ length: count }, (_, i) => `function f${i}(){`).join('')}${'}'.repeat(count)}\n`;
}

function nestPython(count: number): string {
  return (
    Array.from({ length: count }, (_, i) => `${' '.repeat(i)}def f${i}():\n`).join('') +
    `${' '.repeat(count)}pass\n`
  );
}
