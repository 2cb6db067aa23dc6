import { afterEach, describe, expect, it } from 'vitest';
import { ErrorCodes, Message, type ResponseMessage } from 'vscode-jsonrpc/node';
import { LspSession } from '../support/lsp-session.js';

/**
 * Frame headers as clients get them wrong, sent as raw bytes over the server's real stdin: what can be
 * read unambiguously is read (bare `\n` line ends, a repeated Content-Length of one value, a blank line
 * between frames); what cannot (two different lengths, a header that never ends) is answered with a
 * Parse error and the server exits with the reason on stderr, instead of waiting forever.
 */

let session: LspSession | undefined;
afterEach(async () => {
  const s = session;
  session = undefined;
  if (!s) return;
  // A server still waiting for the rest of a frame it misread never answers shutdown.
  const stuck = setTimeout(() => s.process.kill('SIGKILL'), 5_000);
  await s.close().catch(() => undefined);
  clearTimeout(stuck);
});

async function start(traceName: string): Promise<LspSession> {
  session = await LspSession.start({ traceName });
  return session;
}

const statusRequest = (id: string) =>
  JSON.stringify({ jsonrpc: '2.0', id, method: 'lantern/status', params: {} });
const length = (body: string) => Buffer.byteLength(body, 'utf8');

async function replyTo(s: LspSession, id: string | null): Promise<ResponseMessage> {
  const exited = s.exited.then((code) => {
    throw new Error(`the server exited (${code}) before answering ${id}\n${s.stderr}`);
  });
  const reply = s.waitForMessage((msg) => Message.isResponse(msg) && msg.id === id);
  return (await Promise.race([reply, exited])) as ResponseMessage;
}

/** The frame is read: its request is answered, and so is a normal request after it. */
async function expectRead(s: LspSession, bytes: string, id: string): Promise<void> {
  await s.writeRaw(bytes);
  expect((await replyTo(s, id)).result, bytes).toMatchObject({ version: expect.any(String) });
  const after = await s.request<{ version: string }>('lantern/status', {});
  expect(after.version).toEqual(expect.any(String));
}

describe('frame headers read leniently', () => {
  it('a header block ended by \\n\\n (bare line feeds)', async () => {
    const s = await start('framing-lf');
    const body = statusRequest('lf');
    await expectRead(s, `Content-Length: ${length(body)}\n\n${body}`, 'lf');
    const typed = statusRequest('lf-typed');
    const header = `Content-Length: ${length(typed)}\nContent-Type: application/vscode-jsonrpc; charset=utf-8\n\n`;
    await expectRead(s, header + typed, 'lf-typed');
  });

  it('a Content-Length header repeated with the same value', async () => {
    const s = await start('framing-duplicate-same');
    const body = statusRequest('twice');
    await expectRead(
      s,
      `Content-Length: ${length(body)}\r\ncontent-length: ${length(body)}\r\n\r\n${body}`,
      'twice',
    );
  });

  it('a blank line between two frames', async () => {
    const s = await start('framing-blank-line');
    const first = statusRequest('first');
    const second = statusRequest('second');
    await s.writeRaw(`Content-Length: ${length(first)}\r\n\r\n${first}\r\n`);
    await expectRead(s, `Content-Length: ${length(second)}\r\n\r\n${second}`, 'second');
    expect((await replyTo(s, 'first')).result).toBeDefined();
  });
});

describe('frame headers that cannot be read', () => {
  it.each([
    [
      'two different Content-Length values',
      (body: string) =>
        `Content-Length: ${length(body)}\r\nContent-Length: ${length(body) + 40}\r\n\r\n${body}`,
      'Content-Length',
    ],
    ['a header that never ends', () => `Content-Length: 10\r\nX-Padding: ${'a'.repeat(70_000)}`, 'header'],
  ])('%s: ParseError, the reason on stderr, exit code 1', async (_what, bytes, reason) => {
    const s = await start('framing-broken');
    await s.writeRaw(bytes(statusRequest('never')));
    const reply = await s.waitForMessage((msg) => Message.isResponse(msg) && msg.id === null);
    expect((reply as ResponseMessage).error?.code).toBe(ErrorCodes.ParseError);
    expect((reply as ResponseMessage).error?.message).toContain(reason);
    expect(await s.exited).toBe(1);
    expect(s.stderr).toContain('lantern-ls: the message stream cannot be read any further');
    expect(s.received.some((msg) => Message.isResponse(msg) && msg.id === 'never')).toBe(false);
  });
});
