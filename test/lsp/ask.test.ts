import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkspaceEdit } from 'vscode-languageserver-protocol';
import { OFFLINE_HINT } from '../../server/src/llm/offline-hint.js';
import { applyWorkspaceEdit, editsFor } from '../support/apply-edit-recorder.js';
import { positionAt } from '../support/cursor.js';
import type { RecordedRequest } from '../support/fake-model-server.js';
import { type FakeModelSessions, fakeModelSessions, fenced } from '../support/fix-fixtures.js';
import {
  executeCommand,
  generateAnswer,
  generateFixture,
  marker,
  replaceOnce,
} from '../support/generate-fixtures.js';
import { FULL_CAPABILITIES } from '../support/lsp-session.js';
import { type RedisServer, redisTestsSkipReason, startRedisServer } from '../support/redis-server.js';

const stock = generateFixture('stock.py');
const FIXED_RESTOCK = [
  'def restock(levels: dict[str, int], name: str, amount: int) -> dict[str, int]:',
  '    levels[name] = levels.get(name, 0) + amount',
  '    return levels',
].join('\n');
const DROP_EMPTY = [
  'def drop_empty(levels: dict[str, int]) -> dict[str, int]:',
  '    return {name: level for name, level in levels.items() if level > 0}',
].join('\n');

interface AskOutcome {
  readonly markdown: string;
  readonly intent: string;
  readonly sessionId: string;
  readonly edit?: WorkspaceEdit;
}

/** A zero-width range at the first occurrence of `needle` in the stock fixture. */
function rangeAt(needle: string) {
  const offset = stock.text.indexOf(needle);
  if (offset === -1) throw new Error(`${needle} is not in stock.py`);
  const position = positionAt(stock.text, offset);
  return { start: position, end: position };
}

/** A promise the test resolves when it chooses. */
function gate(): { released: Promise<void>; release: () => void } {
  let release = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { released, release };
}

/** The messages of a request as the fake received them (Anthropic's API). */
function messagesOf(request: RecordedRequest | undefined): { role: string; content: string }[] {
  if (!request) throw new Error('the fake model received no such request');
  return (request.body as { messages: { role: string; content: string }[] }).messages;
}

describe('lantern.ask: intent routing and sessions', () => {
  const sessions = fakeModelSessions(FULL_CAPABILITIES);
  // Every test asks about stock.py, open in the editor.
  async function start(traceName: string, withModel = true) {
    const started = await sessions.start(traceName, withModel);
    await started.session.open(stock.uri, stock.languageId, stock.text);
    return started;
  }

  function ask(args: Record<string, unknown>): Promise<AskOutcome> {
    if (!sessions.session) throw new Error('no session');
    return executeCommand<AskOutcome>(sessions.session, 'lantern.ask', args);
  }

  /** The classification request: the question alone, answered with one word. */
  function expectClassified(request: RecordedRequest | undefined, question: string): void {
    const body = request?.body as { system: string; max_tokens: number };
    expect(body.system).toContain('Answer with ONE word');
    expect(body.max_tokens).toBe(16);
    expect(messagesOf(request)).toEqual([{ role: 'user', content: question }]);
  }

  it('explain: answers with the structural header and the model’s explanation', async () => {
    const explanation = 'Lists the names whose level is under the threshold, sorted.';
    sessions.fake.script({ kind: 'text', text: 'explain' }, { kind: 'text', text: explanation });
    const { applyEdits } = await start('ask-explain');
    const question = 'What does low_stock return?';
    const result = await ask({ question, uri: stock.uri, range: rangeAt('return sorted') });
    expect(result.intent).toBe('explain');
    expect(result.markdown).toContain('*function* **low_stock** — lines 6–7 (2 lines)');
    expect(result.markdown.endsWith(`\n\n---\n\n${explanation}`)).toBe(true);
    expect(result.edit).toBeUndefined();
    expect(sessions.fake.requests).toHaveLength(2);
    expectClassified(sessions.fake.requests[0], question);
    expect(messagesOf(sessions.fake.requests[1])[0]?.content).toContain('def low_stock(');
    expect(applyEdits.received).toHaveLength(0);
  });

  it('fix: proposes the verified edit (for the unit at the range) without applying it', async () => {
    const summary = '`restock` subtracted the amount instead of adding it.';
    sessions.fake.script(
      { kind: 'text', text: 'fix' },
      { kind: 'text', text: fenced('python', FIXED_RESTOCK, summary) },
    );
    const { applyEdits } = await start('ask-fix');
    const question = 'restock lowers the stock instead of raising it, fix it';
    const result = await ask({ question, uri: stock.uri, range: rangeAt('- amount') });
    expect(result.intent).toBe('fix');
    expect(result.markdown).toBe(`**Proposed fix for \`restock\`.** ${summary}`);
    if (!result.edit) throw new Error('no edit was proposed');
    expect(editsFor(result.edit, stock.uri).version).toBe(1);
    expect(applyWorkspaceEdit(stock.text, stock.uri, result.edit)).toBe(
      replaceOnce(stock.text, '- amount', '+ amount'),
    );
    expectClassified(sessions.fake.requests[0], question);
    expect(messagesOf(sessions.fake.requests[1])[0]?.content).toContain(`line 2: ${question}`);
    expect(applyEdits.received).toHaveLength(0);
  });

  it('generate: proposes the code at the cursor without applying it', async () => {
    const requirement = 'A function returning the levels without the items out of stock.';
    sessions.fake.script(
      { kind: 'text', text: 'generate' },
      {
        kind: 'text',
        text: generateAnswer(requirement, ['Filter with a comprehension.'], 'python', DROP_EMPTY),
      },
    );
    const { applyEdits } = await start('ask-generate');
    const question = 'Write a function that drops the items out of stock.';
    const cursor = marker(stock, 0);
    const result = await ask({ question, uri: stock.uri, range: { start: cursor, end: cursor } });
    expect(result.intent).toBe('generate');
    expect(result.markdown).toBe(
      `**Proposed code.** **Requirement:** ${requirement}\n\n**Plan:**\n- Filter with a comprehension.`,
    );
    if (!result.edit) throw new Error('no edit was proposed');
    expect(applyWorkspaceEdit(stock.text, stock.uri, result.edit)).toBe(
      stock.text.replace(/\n\n\n\n$/, `\n\n\n${DROP_EMPTY}\n\n`),
    );
    expectClassified(sessions.fake.requests[0], question);
    expect(messagesOf(sessions.fake.requests[1])[0]?.content).toContain(`Instruction: ${question}\n`);
    expect(applyEdits.received).toHaveLength(0);
  });

  it('general: answers the question itself, with no edit', async () => {
    const answer = 'Use a dataclass when the fields are fixed and known; a dict when the keys are data.';
    sessions.fake.script({ kind: 'text', text: 'general' }, { kind: 'text', text: `${answer}\n` });
    const { applyEdits } = await start('ask-general');
    const question = 'When should I use a dataclass rather than a dict?';
    const result = await ask({ question });
    expect(result).toEqual({ markdown: answer, intent: 'general', sessionId: result.sessionId });
    expect(result.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expectClassified(sessions.fake.requests[0], question);
    expect(messagesOf(sessions.fake.requests[1])).toHaveLength(1);
    expect(messagesOf(sessions.fake.requests[1])[0]?.content).toContain(question);
    expect(applyEdits.received).toHaveLength(0);
  });

  it('a follow-up in the same session carries the earlier turn; a new session id starts clean', async () => {
    const first = { question: 'What is a generator expression?', answer: 'A lazy comprehension.' };
    const second = { question: 'And when is it better than a list?', answer: 'When you iterate once.' };
    const third = { question: 'What is a walrus operator?', answer: 'Assignment in an expression.' };
    sessions.fake.script(
      ...[first, second, third].flatMap(({ answer }) => [
        { kind: 'text' as const, text: 'general' },
        { kind: 'text' as const, text: answer },
      ]),
    );
    await start('ask-session');
    const opened = await ask({ question: first.question });
    expect(opened.markdown).toBe(first.answer);
    const followUp = await ask({ question: second.question, sessionId: opened.sessionId });
    expect(followUp).toMatchObject({ markdown: second.answer, sessionId: opened.sessionId });

    // The classification sees the question alone; the answer sees the conversation so far.
    expectClassified(sessions.fake.requests[2], second.question);
    const withHistory = messagesOf(sessions.fake.requests[3]);
    expect(withHistory.slice(0, 2)).toEqual([
      { role: 'user', content: first.question },
      { role: 'assistant', content: first.answer },
    ]);
    expect(withHistory).toHaveLength(3);
    expect(withHistory[2]).toMatchObject({ role: 'user' });
    expect(withHistory[2]?.content).toContain(second.question);

    const fresh = await ask({ question: third.question, sessionId: 'a-new-session' });
    expect(fresh).toMatchObject({ markdown: third.answer, sessionId: 'a-new-session' });
    const clean = messagesOf(sessions.fake.requests[5]);
    expect(clean).toHaveLength(1);
    expect(clean[0]?.content).toContain(third.question);
    expect(clean[0]?.content).not.toContain(first.question);
  });

  it('offline, says a model is needed (after the structural facts of the code in question)', async () => {
    const { applyEdits } = await start('ask-offline', false);
    const note = `*Offline: Lantern needs a model to answer questions: no ANTHROPIC_API_KEY in the environment. ${OFFLINE_HINT}*`;
    expect(await ask({ question: 'Why is this slow?' })).toMatchObject({ intent: 'general', markdown: note });
    const about = await ask({
      question: 'What does it do?',
      uri: stock.uri,
      range: rangeAt('return sorted'),
    });
    expect(about.markdown).toContain('*function* **low_stock** — lines 6–7 (2 lines)');
    expect(about.markdown.endsWith(`\n\n---\n\n${note}`)).toBe(true);
    expect(applyEdits.received).toHaveLength(0);
  });
});

/**
 * Eight asks at once in one session, their classifications and then their answers each arriving
 * together, so that their appends to the session overlap; a ninth ask must carry all sixteen turns.
 * 'general' classifies as general and answers as itself, whichever request gets it.
 */
async function eightAsksAtOnce(sessions: FakeModelSessions, initializationOptions?: unknown): Promise<void> {
  const classified = gate();
  const answered = gate();
  sessions.fake.script(
    ...Array.from({ length: 8 }, () => ({
      kind: 'gate' as const,
      text: 'general',
      release: classified.released,
    })),
    ...Array.from({ length: 8 }, () => ({
      kind: 'gate' as const,
      text: 'general',
      release: answered.released,
    })),
  );
  sessions.fake.fallback = { kind: 'text', text: 'general' };
  const { session } = await sessions.start('ask-concurrent', true, { initializationOptions });
  const ask = (question: string) =>
    executeCommand<AskOutcome>(session, 'lantern.ask', { question, sessionId: 'shared' });
  const questions = Array.from({ length: 8 }, (_, index) => `Concurrent question number ${index}?`);
  const asked = Promise.all(questions.map(ask));
  await sessions.fake.waitForRequests(8);
  classified.release();
  await sessions.fake.waitForRequests(16);
  answered.release();
  await asked;
  await ask('And the ninth?');
  const history = messagesOf(sessions.fake.requests.at(-1)).slice(0, -1);
  expect(history).toHaveLength(16);
  const asks = history.filter((message) => message.role === 'user').map((message) => message.content);
  expect(asks.sort()).toEqual([...questions].sort());
}

describe('lantern.ask: concurrent asks in one session', () => {
  const sessions = fakeModelSessions(FULL_CAPABILITIES);
  it('eight asks at once keep all sixteen turns (SQLite sessions)', () => eightAsksAtOnce(sessions));
});

const REDIS_TITLE = 'lantern.ask: concurrent asks in one session, sessions in redis';
describe.skipIf(redisTestsSkipReason(REDIS_TITLE) !== undefined)(REDIS_TITLE, () => {
  const sessions = fakeModelSessions(FULL_CAPABILITIES);
  let redis: RedisServer | undefined;
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => redis?.stop());
  it('eight asks at once keep all sixteen turns (redis sessions)', () =>
    eightAsksAtOnce(sessions, { cache: { store: redis?.url } }));
});
