import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ErrorCodes, Message, type ResponseMessage } from 'vscode-jsonrpc/node';
import { LSPErrorCodes } from 'vscode-languageserver-protocol';
import { cursor } from '../support/cursor.js';
import { frame, splitFrames } from '../support/json-rpc-frames.js';
import { FULL_CAPABILITIES, LspSession } from '../support/lsp-session.js';
import { REPO_ROOT } from '../support/paths.js';

const BIN = join(REPO_ROOT, 'bin', 'lantern-ls.js');
const PACKAGE_VERSION = (
  JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }
).version;

function runCli(...args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', input: '' });
}

/** The error code of a rejected request (a ResponseError carries `code`). */
async function errorCodeOf(pending: Promise<unknown>): Promise<number | undefined> {
  const error: unknown = await pending.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  return error instanceof Error && 'code' in error ? Number(error.code) : undefined;
}

const PY_URI = 'file:///w/life.py';
const PY = cursor('def gre<|>et(name):\n    return "hi " + name\n');
const hoverParams = { textDocument: { uri: PY_URI }, position: PY.position };

describe('lantern-ls command line', () => {
  it('--version prints the package.json version and nothing else', () => {
    const result = runCli('--version');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`${PACKAGE_VERSION}\n`);
  });

  it('--help prints the usage and exits 0', () => {
    const result = runCli('--help');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('usage: lantern-ls [--stdio | --socket=PORT | --node-ipc]');
    expect(result.stdout).toContain('--version');
  });

  it('an unknown flag exits 2 with a message on stderr and nothing on stdout', () => {
    const result = runCli('--frobnicate');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--frobnicate');
    expect(result.stderr).toContain('usage: lantern-ls');
    expect(result.stdout).toBe('');
  });

  it('in --stdio mode writes nothing to stdout but JSON-RPC frames', async () => {
    const session = await LspSession.start({ traceName: 'lifecycle-stdout', keepStdout: true });
    const closed = once(session.process, 'close');
    await session.open(PY_URI, 'python', PY.text);
    await session.open('file:///w/broken.ts', 'typescript', 'function f( {\n  return 1\n');
    await session.diagnosticsFor('file:///w/broken.ts', 1);
    await session.request('textDocument/hover', hoverParams);
    await session.request('textDocument/documentSymbol', { textDocument: { uri: PY_URI } });
    await session.request('textDocument/codeAction', {
      textDocument: { uri: 'file:///w/broken.ts' },
      range: { start: { line: 0, character: 0 }, end: { line: 2, character: 0 } },
      context: { diagnostics: [] },
    });
    await session.request('textDocument/hover', {
      textDocument: { uri: 'file:///w/never-opened.py' },
      position: { line: 0, character: 0 },
    });
    await session.finish();
    await closed;
    const { bodies, rest } = splitFrames(session.stdoutBytes());
    expect(rest.length).toBe(0);
    const messages = bodies.map((body) => JSON.parse(body) as { jsonrpc: string });
    for (const message of messages) expect(message.jsonrpc).toBe('2.0');
    // Every frame is one the client read as a message: nothing else was interleaved.
    expect(messages).toEqual(session.received);
  });
});

describe('initialize', () => {
  let session: LspSession | undefined;
  afterEach(async () => {
    await session?.finish();
    session = undefined;
  });

  it('offers code action kinds and an explicit UTF-16 encoding to a client that negotiates them', async () => {
    const started = await LspSession.start({
      traceName: 'lifecycle-init-full',
      capabilities: FULL_CAPABILITIES,
    });
    session = started;
    const { capabilities, serverInfo } = started.initializeResult;
    // quick fixes, the kind-less "Explain …" actions, rewrites ("Add docstring to …") and every kind
    // a user's custom action may have
    expect(capabilities.codeActionProvider).toEqual({
      codeActionKinds: [
        'quickfix',
        '',
        'refactor.rewrite',
        'refactor',
        'refactor.extract',
        'refactor.inline',
        'refactor.move',
        'source',
      ],
      resolveProvider: true,
    });
    expect(capabilities.positionEncoding).toBe('utf-16');
    expect(serverInfo).toEqual({ name: 'lantern-ls', version: PACKAGE_VERSION });
  });

  it('offers plain code actions and no position encoding to a client without those capabilities', async () => {
    const started = await LspSession.start({ traceName: 'lifecycle-init-bare', capabilities: {} });
    session = started;
    const { capabilities, serverInfo } = started.initializeResult;
    expect(capabilities.codeActionProvider).toBe(true);
    expect(capabilities).not.toHaveProperty('positionEncoding');
    expect(capabilities.hoverProvider).toBe(true);
    expect(serverInfo?.name).toBe('lantern-ls');
  });
});

describe('shutdown and exit', () => {
  it('exits with code 0 after shutdown then exit', async () => {
    const session = await LspSession.start({ traceName: 'lifecycle-shutdown' });
    expect(await session.shutdown()).toBe(0);
    await session.finish();
  });

  it('exits with code 1 on exit without shutdown', async () => {
    const session = await LspSession.start({ traceName: 'lifecycle-exit-only' });
    await session.connection.sendNotification('exit');
    expect(await session.exited).toBe(1);
    await session.finish();
  });

  it('refuses requests after shutdown with InvalidRequest, then exits with 0', async () => {
    const session = await LspSession.start({ traceName: 'lifecycle-after-shutdown' });
    await session.open(PY_URI, 'python', PY.text);
    await session.request('shutdown');
    expect(await errorCodeOf(session.request('textDocument/hover', hoverParams))).toBe(
      ErrorCodes.InvalidRequest,
    );
    expect(
      await errorCodeOf(session.request('textDocument/documentSymbol', { textDocument: { uri: PY_URI } })),
    ).toBe(ErrorCodes.InvalidRequest);
    await session.connection.sendNotification('exit');
    expect(await session.exited).toBe(0);
    await session.finish();
  });

  it('ends when stdin closes (exit code 1: the client never shut it down)', async () => {
    const session = await LspSession.start({ traceName: 'lifecycle-stdin-closed' });
    session.process.stdin.end();
    expect(await session.exited).toBe(1);
    await session.finish();
  });
});

describe('$/cancelRequest', () => {
  it('answers a request cancelled in the same chunk with RequestCancelled and keeps serving', async () => {
    const session = await LspSession.start({ traceName: 'lifecycle-cancel' });
    await session.open(PY_URI, 'python', PY.text);
    const id = 'cancelled-hover';
    await session.writeRaw(
      frame(JSON.stringify({ jsonrpc: '2.0', id, method: 'textDocument/hover', params: hoverParams })) +
        frame(JSON.stringify({ jsonrpc: '2.0', method: '$/cancelRequest', params: { id } })),
    );
    const reply = await session.waitForMessage((msg) => Message.isResponse(msg) && msg.id === id);
    expect((reply as ResponseMessage).error?.code).toBe(LSPErrorCodes.RequestCancelled);
    expect((reply as ResponseMessage).result).toBeUndefined();
    const hover = await session.request<{ contents: { value: string } } | null>(
      'textDocument/hover',
      hoverParams,
    );
    expect(hover?.contents.value).toContain('def greet(name)');
    await session.finish();
  });
});
