import { afterEach, describe, expect, it } from 'vitest';
import { ErrorCodes, Message, type ResponseMessage } from 'vscode-jsonrpc/node';
import { cursor } from '../support/cursor.js';
import { frame } from '../support/json-rpc-frames.js';
import { LspSession } from '../support/lsp-session.js';

/**
 * Well-framed JSON that is not a valid message, or a valid message whose params have the wrong shape:
 * each is answered (a request) or dropped (a notification), and the server goes on serving. Sent as
 * raw bytes over the server's real stdin, as a broken or hostile client would.
 */

type Hover = { contents: { kind: string; value: string } } | null;

const PY_URI = 'file:///w/ok.py';
const PY = cursor('def helper(x):\n    return x\n\ndef main():\n    return hel<|>per\n');

let session: LspSession | undefined;
afterEach(async () => {
  // The trace holds the malformed messages this file sends on purpose: it is not validated here.
  await session?.close();
  session = undefined;
});

async function start(traceName: string, args: readonly string[] = []): Promise<LspSession> {
  session = await LspSession.start({ traceName, args });
  await session.open(PY_URI, 'python', PY.text);
  await session.diagnosticsFor(PY_URI, 1);
  return session;
}

const notification = (method: string, params?: unknown) =>
  JSON.stringify(params === undefined ? { jsonrpc: '2.0', method } : { jsonrpc: '2.0', method, params });

/**
 * Sends one raw body, then proves the server still answers a hover with the unchanged document's
 * structure; fails with what was sent and the server's stderr if it exits instead.
 */
async function stillServesAfter(s: LspSession, body: string): Promise<void> {
  await s.writeRaw(frame(body));
  const exited = s.exited.then((code) => {
    throw new Error(`the server exited (${code}) after ${body}\n${s.stderr}`);
  });
  const hover = await Promise.race([
    s.request<Hover>('textDocument/hover', { textDocument: { uri: PY_URI }, position: PY.position }),
    exited,
  ]);
  expect(hover?.contents.value, `after ${body}`).toContain('def helper(x)');
}

/** The server's response to the raw request with `id` (sent by the test, so not the client's). */
async function replyTo(s: LspSession, id: string | number | null): Promise<ResponseMessage> {
  return (await s.waitForMessage((msg) => Message.isResponse(msg) && msg.id === id)) as ResponseMessage;
}

const BAD_PARAMS = [null, 'x', 5, true, {}, [], [1, 2]];

describe('$/cancelRequest with malformed params', () => {
  it.each([
    ['stdio', []],
    ['--beside=pylsp', ['--beside=pylsp']],
  ])('never ends the process (%s)', async (_mode, args) => {
    const s = await start('malformed-cancel', args);
    const ids = [null, { a: 1 }, [1], true, 1.5];
    const cases = [...BAD_PARAMS, ...ids.map((id) => ({ id })), undefined];
    for (const params of cases) await stillServesAfter(s, notification('$/cancelRequest', params));
    expect(s.process.exitCode).toBeNull();
  });
});

describe('notifications with params of the wrong shape are dropped', () => {
  const textDocument = { uri: PY_URI, version: 2 };
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } };
  const cases: [string, unknown[]][] = [
    ['textDocument/didOpen', [...BAD_PARAMS, { textDocument: null }, { textDocument: { uri: 5 } }]],
    [
      'textDocument/didOpen',
      [{ textDocument: { uri: 'file:///w/other.py', languageId: 'python', version: 1, text: 5 } }],
    ],
    [
      'textDocument/didChange',
      [
        ...BAD_PARAMS,
        { textDocument: null, contentChanges: [] },
        { textDocument, contentChanges: null },
        { textDocument, contentChanges: [5] },
        { textDocument, contentChanges: [{ range: 'x', text: 'y' }] },
        { textDocument, contentChanges: [{ range, text: 5 }] },
        { textDocument, contentChanges: [{ range: { start: { line: 'a' }, end: null }, text: '' }] },
        // The first change is fine, the second is not: neither may be applied, or the text and the
        // tree would be left half-way.
        {
          textDocument,
          contentChanges: [
            { range, text: 'xyz' },
            { range: { start: 0 }, text: '' },
          ],
        },
      ],
    ],
    ['textDocument/didClose', [...BAD_PARAMS, { textDocument: null }, { textDocument: { uri: 7 } }]],
    ['textDocument/didSave', [...BAD_PARAMS, { textDocument: null }]],
    ['$/setTrace', [...BAD_PARAMS, { value: 5 }, { value: 'loud' }]],
    [
      'workspace/didChangeConfiguration',
      [...BAD_PARAMS, { settings: 'garbage' }, { settings: { lantern: 5 } }],
    ],
    ['workspace/didChangeWorkspaceFolders', [...BAD_PARAMS, { event: null }, { event: { added: 5 } }]],
    ['initialized', ['x', 5, [1, 2]]],
    // `exit` with params that are not even JSON-RPC params is no exit notification.
    ['exit', ['x', 5, true]],
  ];
  it.each(cases)('%s', async (method, paramsList) => {
    const s = await start(`malformed-${method.replaceAll('/', '-')}`);
    for (const params of paramsList) await stillServesAfter(s, notification(method, params));
  });
});

describe('requests with params of the wrong shape are answered with an error', () => {
  it('answers InvalidParams (same id) and serves on', async () => {
    const s = await start('malformed-request-params');
    const bad = [...BAD_PARAMS, undefined];
    for (const [index, params] of bad.entries()) {
      const id = `bad-${index}`;
      const request = {
        jsonrpc: '2.0',
        id,
        method: 'textDocument/hover',
        ...(params === undefined ? {} : { params }),
      };
      await stillServesAfter(s, JSON.stringify(request));
      const reply = await replyTo(s, id);
      expect(reply.error?.code, JSON.stringify(request)).toBe(ErrorCodes.InvalidParams);
      expect(reply.error?.message).toContain('textDocument/hover');
    }
  });

  it('answers a request whose params are optional without them', async () => {
    const s = await start('malformed-status-no-params');
    await stillServesAfter(s, JSON.stringify({ jsonrpc: '2.0', id: 'status', method: 'lantern/status' }));
    const reply = await replyTo(s, 'status');
    expect(reply.error).toBeUndefined();
    expect(reply.result).toMatchObject({ openDocuments: 1 });
  });
});

describe('optional fields sent as null', () => {
  it('runs a command whose arguments are null', async () => {
    const s = await start('malformed-null-arguments');
    const params = { command: 'lantern.clearCache', arguments: null };
    await stillServesAfter(
      s,
      JSON.stringify({ jsonrpc: '2.0', id: 'clear', method: 'workspace/executeCommand', params }),
    );
    expect((await replyTo(s, 'clear')).result).toEqual({ cleared: true });
  });
});

describe('bodies that are not JSON-RPC messages', () => {
  it.each([
    ['null', 'null'],
    ['a number', '5'],
    ['a string', '"x"'],
    ['an empty batch', '[]'],
    ['a batch', JSON.stringify([{ jsonrpc: '2.0', id: 'in-batch', method: 'lantern/status' }])],
    ['an empty object', '{}'],
    ['an object without method, id or result', '{"jsonrpc":"2.0","params":{}}'],
    ['an id that is an object', JSON.stringify({ jsonrpc: '2.0', id: { a: 1 }, method: 'lantern/status' })],
    ['an id that is a boolean', JSON.stringify({ jsonrpc: '2.0', id: true, method: 'lantern/status' })],
    ['an id that is an array', JSON.stringify({ jsonrpc: '2.0', id: [1], method: 'lantern/status' })],
  ])('%s: InvalidRequest (id null), and the server serves on', async (_what, body) => {
    const s = await start('malformed-body');
    await stillServesAfter(s, body);
    const reply = await replyTo(s, null);
    expect(reply.error?.code).toBe(ErrorCodes.InvalidRequest);
  });

  it('a method that is not a string: InvalidRequest with the request’s id', async () => {
    const s = await start('malformed-method');
    await stillServesAfter(s, JSON.stringify({ jsonrpc: '2.0', id: 'no-method', method: 5 }));
    expect((await replyTo(s, 'no-method')).error?.code).toBe(ErrorCodes.InvalidRequest);
  });

  it('a request without `jsonrpc` is served (lenient, as before)', async () => {
    const s = await start('malformed-no-jsonrpc');
    await stillServesAfter(s, JSON.stringify({ id: 'no-version', method: 'lantern/status', params: null }));
    expect((await replyTo(s, 'no-version')).result).toMatchObject({ openDocuments: 1 });
  });

  it('a response to a request the server never made is ignored', async () => {
    const s = await start('malformed-response');
    for (const body of [
      { jsonrpc: '2.0', id: 987, result: null },
      { jsonrpc: '2.0', id: 'x', error: 5 },
      { jsonrpc: '2.0', id: null, error: { code: 1, message: 'm' } },
    ])
      await stillServesAfter(s, JSON.stringify(body));
  });
});
