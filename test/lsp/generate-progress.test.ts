import { describe, expect, it } from 'vitest';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import { LSPErrorCodes } from 'vscode-languageserver-protocol';
import { applyWorkspaceEdit } from '../support/apply-edit-recorder.js';
import { fakeModelSessions } from '../support/fix-fixtures.js';
import {
  executeCommand,
  generateAnswer,
  generateFixture,
  marker,
  progressSent,
  serverProgresses,
} from '../support/generate-fixtures.js';
import { FULL_CAPABILITIES } from '../support/lsp-session.js';

const ts = generateFixture('cart.ts');
const TOTAL = [
  'export function total(cart: Cart): number {',
  '  return cart.items.reduce((sum, item) => sum + item.price, 0);',
  '}',
].join('\n');
const ARGS = {
  uri: ts.uri,
  position: marker(ts, 3),
  instruction: 'a function total that sums the prices of a cart',
};
const STAGE_MESSAGE = /^(planning( \(\d+ characters\))?|writing code \(\d+ lines?\)|checking)$/;

describe('lantern.generate: progress and cancellation', () => {
  const sessions = fakeModelSessions(FULL_CAPABILITIES);
  async function start(traceName: string) {
    const started = await sessions.start(traceName);
    await started.session.open(ts.uri, ts.languageId, ts.text);
    return started;
  }

  it('reports begin, the stages as the answer streams, and end, in order, before the edit', async () => {
    const answer = generateAnswer(
      'A function `total` returning the sum of the prices of the items in a cart.',
      ['Reduce over `cart.items`.', 'Start from 0 so an empty cart totals 0.'],
      'typescript',
      TOTAL,
    );
    sessions.fake.script({ kind: 'text', text: answer, chunks: 8 });
    const { session, applyEdits } = await start('generate-progress');
    expect(await executeCommand(session, 'lantern.generate', ARGS)).toMatchObject({ applied: true });
    const sent = await applyEdits.waitFor(1);
    expect(applyWorkspaceEdit(ts.text, ts.uri, sent.edit)).toBe(
      ts.text.replace(/\n\n\n$/, `\n\n${TOTAL}\n\n`),
    );

    const progresses = serverProgresses(session);
    expect(progresses).toHaveLength(1);
    const [progress] = progresses;
    if (!progress) throw new Error('unreachable');
    const values = progress.values.map(({ value }) => value);
    expect(values[0]).toEqual({ kind: 'begin', title: 'Lantern: generating', cancellable: true });
    expect(values.at(-1)).toEqual({ kind: 'end' });
    const reports = values.slice(1, -1).map((value) => {
      if (value.kind !== 'report') throw new Error(`a ${value.kind} between begin and end`);
      return value.message ?? '';
    });
    for (const message of reports) expect(message).toMatch(STAGE_MESSAGE);
    // Reports of one stage are throttled (how many depends on timing); the stages' order does not.
    const stages = reports.map((message) => message.replace(/ \(.*\)$/, ''));
    expect(stages.filter((stage, index) => stage !== stages[index - 1])).toEqual([
      'planning',
      'writing code',
      'checking',
    ]);
    // Created before it began; ended before the edit was sent.
    const applyEditAt = session.received.findIndex(
      (message) => 'method' in message && message.method === 'workspace/applyEdit',
    );
    expect(progress.createdAt).toBeLessThan(progress.values[0]?.at ?? -1);
    expect(progress.values.at(-1)?.at ?? Number.POSITIVE_INFINITY).toBeLessThan(applyEditAt);
  });

  it('$/cancelRequest while the model is writing stops the upstream request and applies nothing', async () => {
    sessions.fake.script({ kind: 'hang' });
    const { session, applyEdits } = await start('generate-cancel-request');
    const source = new CancellationTokenSource();
    const running = executeCommand(session, 'lantern.generate', ARGS, source.token);
    const upstream = await sessions.fake.waitForRequests(1);
    source.cancel();
    await expect(running).rejects.toMatchObject({ code: LSPErrorCodes.RequestCancelled });
    await upstream.closed;
    await progressSent(session, 'end');
    expect(applyEdits.received).toHaveLength(0);
    expect(sessions.fake.requests).toHaveLength(1);
  });

  it('the progress cancel button (window/workDoneProgress/cancel) stops it the same way', async () => {
    sessions.fake.script({ kind: 'hang' });
    const { session, applyEdits } = await start('generate-cancel-progress');
    const running = executeCommand(session, 'lantern.generate', ARGS);
    const upstream = await sessions.fake.waitForRequests(1);
    const token = await progressSent(session, 'begin');
    await session.connection.sendNotification('window/workDoneProgress/cancel', { token });
    // Answered as cancelled (which editors do not show as an error), not as a failure.
    await expect(running).rejects.toMatchObject({ code: LSPErrorCodes.RequestCancelled });
    await upstream.closed;
    await progressSent(session, 'end');
    expect(applyEdits.received).toHaveLength(0);
    expect(sessions.fake.requests).toHaveLength(1);
  });
});

describe('lantern.generate for a client without window.workDoneProgress', () => {
  // The capable client, less its `window` capabilities: the server must not create progress for it.
  const { window: _window, ...withoutWindow } = FULL_CAPABILITIES;
  const sessions = fakeModelSessions(withoutWindow);

  it('still inserts the code, and sends no progress at all', async () => {
    sessions.fake.script({ kind: 'text', text: generateAnswer('Sum.', ['Reduce.'], 'typescript', TOTAL) });
    const { session, applyEdits } = await sessions.start('generate-no-progress');
    await session.open(ts.uri, ts.languageId, ts.text);
    expect(await executeCommand(session, 'lantern.generate', ARGS)).toMatchObject({ applied: true });
    const sent = await applyEdits.waitFor(1);
    expect(applyWorkspaceEdit(ts.text, ts.uri, sent.edit)).toBe(
      ts.text.replace(/\n\n\n$/, `\n\n${TOTAL}\n\n`),
    );
    const progressCalls = session.received.filter(
      (message) =>
        'method' in message &&
        (message.method === 'window/workDoneProgress/create' || message.method === '$/progress'),
    );
    expect(progressCalls).toEqual([]);
  });
});
