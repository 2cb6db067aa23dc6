import { describe, expect, it } from 'vitest';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import type { LspSession } from '../support/lsp-session.js';
import {
  hoverText,
  modelSessionsPerTest,
  openSample,
  PROVIDERS,
  promptOf,
  SAMPLE_URI,
} from '../support/model-session.js';

const ANSWER = 'Adds up every price and returns the sum.';
type Position = { line: number; character: number };

/** Sends a hover without waiting for it: its markdown, or the error it was answered with. */
function hoverLater(session: LspSession, position: Position, token?: CancellationTokenSource['token']) {
  type Hover = { contents: { value: string } } | null;
  const params = { textDocument: { uri: SAMPLE_URI }, position };
  // vscode-jsonrpc would send an explicit undefined token as a second parameter.
  const sent = token
    ? session.connection.sendRequest<Hover>('textDocument/hover', params, token)
    : session.connection.sendRequest<Hover>('textDocument/hover', params);
  return sent.then(
    (hover) => hover?.contents.value ?? '',
    (error: { code?: number }) => error,
  );
}

/** Types `text` one character a time at the end of `total`'s second line (`  let sum = 0;`). */
function keystroke(session: LspSession, text: string, index: number): Promise<number> {
  const at = { line: 1, character: 14 + index };
  return session.change(SAMPLE_URI, [{ range: { start: at, end: at }, text: text[index] }]);
}

describe.each(PROVIDERS)('superseded hovers never reach the model (%s)', (provider) => {
  const model = modelSessionsPerTest(provider);

  async function start() {
    model.fake.fallback = { kind: 'text', text: ANSWER };
    const { session } = await model.start();
    return { session, ...(await openSample(session)) };
  }

  it('typing with a hover after every keystroke: only the last hover, still current, asks the model', async () => {
    const { session, total } = await start();
    const typed = ' // running total';
    const hovers = [];
    for (let index = 0; index < typed.length; index++) {
      void keystroke(session, typed, index);
      hovers.push(hoverLater(session, total));
    }
    const answers = await Promise.all(hovers);
    expect(answers.at(-1)).toContain(ANSWER);
    for (const superseded of answers.slice(0, -1)) expect(superseded).toMatchObject({ code: -32800 });
    expect(model.fake.requests).toHaveLength(1);
    expect(promptOf(model.fake.requests[0] as never).user).toContain('let sum = 0; // running total');
  });

  it('$/cancelRequest before the model call: the call is never started', async () => {
    const { session, total, average } = await start();
    const source = new CancellationTokenSource();
    const cancelled = hoverLater(session, total, source.token);
    source.cancel();
    expect(await cancelled).toMatchObject({ code: -32800 });
    // A later hover is the sync point: by its answer, a started call would have been seen.
    expect(await hoverText(session, SAMPLE_URI, average)).toContain(ANSWER);
    expect(model.fake.requests).toHaveLength(1);
    expect(promptOf(model.fake.requests[0] as never).user).toContain('function average');
  });

  it('a newer hover on another unit of the file supersedes one waiting: only the newer asks', async () => {
    const { session, total, average } = await start();
    const older = hoverLater(session, total);
    const newer = hoverLater(session, average);
    expect(await older).toMatchObject({ code: -32800 });
    expect(await newer).toContain(ANSWER);
    expect(model.fake.requests).toHaveLength(1);
    expect(promptOf(model.fake.requests[0] as never).user).toContain('function average');
  });

  it('hovers on the same unit share one call: none supersedes the other', async () => {
    const { session, total } = await start();
    const answers = await Promise.all([hoverLater(session, total), hoverLater(session, total)]);
    for (const answer of answers) expect(answer).toContain(ANSWER);
    expect(model.fake.requests).toHaveLength(1);
  });

  it('a hover cancelled in flight aborts its HTTP request, unless another hover shares the call', async () => {
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { session, total, average } = await start();
    model.fake.script({ kind: 'gate', text: ANSWER, release: released }, { kind: 'hang' });
    const first = new CancellationTokenSource();
    const firstHover = hoverLater(session, total, first.token);
    const shared = await model.fake.waitForRequests(1);
    const second = hoverLater(session, total);
    first.cancel();
    expect(await firstHover).toMatchObject({ code: -32800 });
    release();
    expect(await second).toContain(ANSWER);
    await shared.closed;
    // Alone, a cancelled hover's request is aborted: its connection closes with nothing answered.
    const lone = new CancellationTokenSource();
    const loneHover = hoverLater(session, average, lone.token);
    const aborted = await model.fake.waitForRequests(2);
    lone.cancel();
    expect(await loneHover).toMatchObject({ code: -32800 });
    await aborted.closed;
    expect(model.fake.requests).toHaveLength(2);
  });

  it('an edit of the file supersedes a hover waiting to ask about the text before it', async () => {
    const { session, total } = await start();
    const stale = hoverLater(session, total);
    await keystroke(session, ' ', 0);
    expect(await stale).toMatchObject({ code: -32800 });
    expect(await hoverText(session, SAMPLE_URI, total)).toContain(ANSWER);
    expect(model.fake.requests).toHaveLength(1);
  });
});
