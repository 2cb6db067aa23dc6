import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import {
  FAKE_KEYS,
  freshDir,
  hoverText,
  type ModelSessionOptions,
  modelSessionsPerTest,
  openSample,
  PROVIDERS,
  SAMPLE_URI,
  shownMessages,
  TOTAL_HEADER,
} from '../support/model-session.js';

const ANSWER = 'Adds up every price and returns the sum.';
const STILL_WRITING = 'still writing the explanation';
// Short, so the first hover gives up quickly; long enough that a cache hit afterwards never does.
const HOVER_TIMEOUT = { hover: { timeoutMs: 200 } };

describe.each(PROVIDERS)('explain on hover when the model misbehaves (%s)', (provider) => {
  const sessions = modelSessionsPerTest(provider);

  async function start(extra: ModelSessionOptions = {}) {
    const started = await sessions.start(extra);
    return { ...started, ...(await openSample(started.session)) };
  }

  it('past hover.timeoutMs answers with the header and a note', async () => {
    sessions.fake.script({ kind: 'hang' });
    const { session, total } = await start({ settings: HOVER_TIMEOUT });
    const value = await hoverText(session, SAMPLE_URI, total);
    expect(value).toContain(TOTAL_HEADER);
    expect(value).toContain(STILL_WRITING);
    // The model call goes on after the hover has answered.
    await sessions.fake.waitForRequests(1);
  });

  it('an answer that arrives after the hover timed out finishes into the cache', async () => {
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    sessions.fake.script({ kind: 'gate', text: ANSWER, release: released });
    const { session, total } = await start({ settings: HOVER_TIMEOUT });
    const early = await hoverText(session, SAMPLE_URI, total);
    expect(early).toContain(STILL_WRITING);
    expect(early).not.toContain(ANSWER);

    release();
    await (await sessions.fake.waitForRequests(1)).closed;
    // The answer is on its way into the cache: this hover either reads it there or joins the call
    // still finishing; neither asks the model again.
    const late = await hoverText(session, SAMPLE_URI, total);
    expect(late).toContain(ANSWER);
    // That call ends only once the answer is stored, so now it is a plain cache hit.
    const cached = await hoverText(session, SAMPLE_URI, total);
    expect(cached).toContain(ANSWER);
    expect(cached).toContain('· cached');
    expect(sessions.fake.requests).toHaveLength(1);
  });

  it('$/cancelRequest aborts the model call, closing its socket, and answers RequestCancelled', async () => {
    sessions.fake.script({ kind: 'hang' });
    const { session, total } = await start();
    const source = new CancellationTokenSource();
    const hover = session.connection.sendRequest(
      'textDocument/hover',
      { textDocument: { uri: SAMPLE_URI }, position: total },
      source.token,
    );
    const upstream = await sessions.fake.waitForRequests(1);
    source.cancel();
    await expect(hover).rejects.toMatchObject({ code: -32800 });
    await upstream.closed;
  });

  it('request.timeoutMs ends a stream that stalls after its headers: socket closed, a timeout note', async () => {
    sessions.fake.script({ kind: 'hang' }); // headers, then nothing
    // The hover would wait far longer: what ends the request here is request.timeoutMs alone.
    const { session, total } = await start({
      settings: { request: { timeoutMs: 300 }, hover: { timeoutMs: 10_000 } },
    });
    const value = await hoverText(session, SAMPLE_URI, total);
    expect(value).toContain(TOTAL_HEADER);
    expect(value).toContain('did not answer within 300 ms.');
    expect(value).not.toContain(STILL_WRITING);
    expect(value).not.toContain('cancelled');
    await (await sessions.fake.waitForRequests(1)).closed;
    expect(sessions.fake.requests).toHaveLength(1);
  });

  it('a stream cut off before its end is an error, never cached: the next hover asks again', async () => {
    sessions.fake.script({ kind: 'truncated', text: 'Adds up every' }, { kind: 'text', text: ANSWER });
    const { session, total } = await start({ settings: { request: { maxRetries: 0 } } });
    const cut = await hoverText(session, SAMPLE_URI, total);
    expect(cut).toContain(TOTAL_HEADER);
    expect(cut).toContain('broke off');
    expect(cut).not.toContain('Adds up every');
    const again = await hoverText(session, SAMPLE_URI, total);
    expect(again).toContain(ANSWER);
    expect(again).not.toContain('· cached');
    expect(sessions.fake.requests).toHaveLength(2);
  });

  it('a connection reset mid-answer: the note says the answer broke off, and nothing is cached', async () => {
    sessions.fake.script(
      { kind: 'truncated', text: 'Adds up every', reset: true },
      { kind: 'text', text: ANSWER },
    );
    const { session, total } = await start({ settings: { request: { maxRetries: 0 } } });
    const cut = await hoverText(session, SAMPLE_URI, total);
    expect(cut).toContain('broke off');
    expect(cut).not.toContain('Cannot reach');
    expect(await hoverText(session, SAMPLE_URI, total)).toContain(ANSWER);
    expect(sessions.fake.requests).toHaveLength(2);
  });

  it('a connection reset (ECONNRESET) is retried, as connection errors are documented to be', async () => {
    sessions.fake.script({ kind: 'reset' }, { kind: 'reset' }, { kind: 'text', text: ANSWER });
    const { session, total } = await start({ settings: { request: { maxRetries: 2 } } });
    expect(await hoverText(session, SAMPLE_URI, total)).toContain(ANSWER);
    expect(sessions.fake.requests).toHaveLength(3);
  });

  it('request.idleTimeoutMs ends a stream that sends one chunk and then nothing', async () => {
    // Never released: the stream stays open after its first piece of text.
    sessions.fake.script({
      kind: 'paused',
      text: 'Adds up',
      rest: ' the rest',
      release: new Promise(() => {}),
    });
    const { session, total } = await start({
      settings: { request: { timeoutMs: 20_000, idleTimeoutMs: 300 }, hover: { timeoutMs: 10_000 } },
    });
    const started = performance.now();
    const value = await hoverText(session, SAMPLE_URI, total);
    expect(value).toContain(TOTAL_HEADER);
    expect(value).toContain('sent nothing for 300 ms');
    expect(value).not.toContain(STILL_WRITING);
    expect(performance.now() - started).toBeLessThan(5_000);
    await (await sessions.fake.waitForRequests(1)).closed;
  });

  // 529 is Anthropic's "overloaded"; OpenAI-compatible servers say 503. Both providers retry both.
  it.each([429, 503, 529])('retries HTTP %i (retry-after-ms) and shows the answer', async (status) => {
    sessions.fake.script(
      { kind: 'status', status, headers: { 'retry-after-ms': '1' } },
      { kind: 'text', text: ANSWER },
    );
    const { session, total } = await start();
    const value = await hoverText(session, SAMPLE_URI, total);
    expect(value).toContain(ANSWER);
    expect(sessions.fake.requests).toHaveLength(2);
  });

  // Both waits are longer than either provider's own first backoff (at most 500 ms), so a retry that
  // ignored the header would come too early.
  it.each([
    [{ 'retry-after-ms': '1200' }, 1200],
    [{ 'retry-after': '1' }, 1000],
  ])('waits as %j says before retrying a 429', async (headers, waitMs) => {
    sessions.fake.script({ kind: 'status', status: 429, headers }, { kind: 'text', text: ANSWER });
    const { session, total } = await start();
    expect(await hoverText(session, SAMPLE_URI, total)).toContain(ANSWER);
    const [refused, retried] = sessions.fake.requests;
    if (!refused || !retried) throw new Error(`expected two requests, got ${sessions.fake.requests.length}`);
    expect(retried.arrivedAt - refused.arrivedAt).toBeGreaterThanOrEqual(waitMs);
  });

  it('five straight failures open the circuit: one message, then structure without calling the model', async () => {
    sessions.fake.fallback = { kind: 'status', status: 500 };
    const { session, total, average } = await start({
      settings: { request: { maxRetries: 0 }, circuitBreaker: { failureThreshold: 5 } },
    });
    for (let hover = 1; hover <= 5; hover++) {
      const value = await hoverText(session, SAMPLE_URI, total);
      expect(value).toContain(TOTAL_HEADER);
      expect(sessions.fake.requests).toHaveLength(hover);
    }
    await session.waitForNotification('window/showMessage');
    for (const position of [total, average, total]) {
      const value = await hoverText(session, SAMPLE_URI, position);
      expect(value).toContain('answers structurally');
    }
    expect(sessions.fake.requests).toHaveLength(5);
    const messages = shownMessages(session);
    expect(messages).toHaveLength(1);
    expect(messages[0]?.message).toContain('failed repeatedly');
  });

  it.each([401, 403])(
    'a refused key (%i) gives structural hovers and exactly one error message',
    async (status) => {
      sessions.fake.fallback = { kind: 'status', status };
      const { session, total, average } = await start();
      // More hovers than the circuit breaker's threshold (5): a wrong key is still one message.
      for (const position of [total, average, total, average, total, average, total]) {
        const value = await hoverText(session, SAMPLE_URI, position);
        expect(value).toMatch(/\*function\* \*\*(total|average)\*\*/);
        expect(value).not.toContain('fallback answer');
      }
      const messages = shownMessages(session);
      expect(messages).toHaveLength(1);
      expect(messages[0]?.type).toBe(1); // MessageType.Error
      expect(messages[0]?.message).toContain('API key');
      expect(messages[0]?.message).toContain('missing or wrong');
      expect(messages[0]?.message).toContain(`(HTTP ${status})`);
    },
  );

  it('the key never appears in the trace, stderr, the log file or the cache', async () => {
    const key = FAKE_KEYS[provider];
    const root = freshDir();
    const logFile = join(root, 'lantern.log');
    sessions.fake.script(
      { kind: 'text', text: ANSWER },
      { kind: 'status', status: 401 },
      { kind: 'status', status: 500 },
    );
    const opened = await start({
      cacheDir: join(root, 'cache'),
      env: { LANTERN_LOG_FILE: logFile },
      settings: { request: { maxRetries: 0 } },
      openAiKey: true,
    });
    expect(await hoverText(opened.session, SAMPLE_URI, opened.total)).toContain(ANSWER);
    await hoverText(opened.session, SAMPLE_URI, opened.average); // 401
    await hoverText(opened.session, SAMPLE_URI, opened.average); // 500
    await opened.session.request('lantern/status', null);
    await opened.session.finish(); // here, not after the test: what it wrote is read below

    // The key did reach the endpoint, so not finding it below means something.
    const sent = sessions.fake.requests.map((request) => JSON.stringify(request.headers)).join('\n');
    expect(sent).toContain(key);
    const files = filesUnder(root);
    expect(readFileSync(logFile, 'utf8')).toContain('missing or wrong');
    // The cache holds the answer (so it was written), but not the key.
    expect(files.some((file) => readFileSync(file).includes(ANSWER))).toBe(true);
    for (const file of [opened.session.tracePath, ...files])
      expect(readFileSync(file).includes(key), `${file} contains the key`).toBe(false);
    expect(opened.session.stderr).not.toContain(key);
  });
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}
