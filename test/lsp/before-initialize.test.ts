import { afterEach, describe, expect, it } from 'vitest';
import type { Message, ResponseMessage } from 'vscode-jsonrpc/node';
import { type SpawnedServer, spawnServer } from '../support/server-transport.js';

/**
 * Before `initialize`, the spec says: a request is answered with ServerNotInitialized (-32002), a
 * notification is dropped, except `exit`. Driven over the real stdio of a server that was never
 * initialized (LspSession always initializes, so this file talks JSON-RPC itself).
 */

const SERVER_NOT_INITIALIZED = -32002;
const PY_URI = 'file:///w/early.py';

let server: SpawnedServer | undefined;
afterEach(() => {
  server?.child.kill('SIGKILL');
  server = undefined;
});

async function startUninitialized() {
  const spawned = await spawnServer('stdio', { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' });
  server = spawned;
  const responses = new Map<string | number, ResponseMessage>();
  const waiting = new Map<string | number, (response: ResponseMessage) => void>();
  spawned.reader.listen((message: Message) => {
    const response = message as ResponseMessage;
    if (response.id === undefined || response.id === null) return;
    responses.set(response.id, response);
    waiting.get(response.id)?.(response);
  });
  const send = (message: object) => spawned.writer.write({ jsonrpc: '2.0', ...message } as Message);
  const request = async (id: string, method: string, params: object | null): Promise<ResponseMessage> => {
    const answered = new Promise<ResponseMessage>((resolve) => {
      const seen = responses.get(id);
      if (seen) resolve(seen);
      else waiting.set(id, resolve);
    });
    await send({ id, method, params });
    return answered;
  };
  return { child: spawned.child, send, request };
}

const initializeParams = { processId: null, rootUri: null, capabilities: {} };

describe('before initialize', () => {
  it('answers requests with ServerNotInitialized, drops notifications, then serves once initialized', async () => {
    const s = await startUninitialized();
    const textDocument = { uri: PY_URI };
    for (const [method, params] of [
      ['textDocument/hover', { textDocument, position: { line: 0, character: 4 } }],
      ['textDocument/documentSymbol', { textDocument }],
      ['lantern/status', null],
      ['shutdown', null],
      ['lantern/noSuchRequest', {}],
    ] as const) {
      const reply = await s.request(`early-${method}`, method, params);
      expect(reply.error?.code, method).toBe(SERVER_NOT_INITIALIZED);
      expect(reply.result, method).toBeUndefined();
    }
    // Dropped: after initialize the document is not open.
    await s.send({
      method: 'textDocument/didOpen',
      params: {
        textDocument: { uri: PY_URI, languageId: 'python', version: 1, text: 'def early():\n    pass\n' },
      },
    });
    const initialized = await s.request('init', 'initialize', initializeParams);
    expect(initialized.result).toMatchObject({ capabilities: expect.any(Object) });
    await s.send({ method: 'initialized', params: {} });
    expect((await s.request('symbols', 'textDocument/documentSymbol', { textDocument })).result).toEqual([]);
    const status = await s.request('status', 'lantern/status', null);
    expect(status.result).toMatchObject({ openDocuments: 0 });
  });

  it('exits on `exit` (code 1: there was no shutdown)', async () => {
    const s = await startUninitialized();
    const exited = new Promise<number | null>((resolve) => s.child.once('exit', resolve));
    await s.send({ method: 'exit' });
    expect(await exited).toBe(1);
  });
});
