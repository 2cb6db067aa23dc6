import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offlineEnv } from '../support/cli-runner.js';
import {
  type LanternService,
  postJson,
  serviceWithModelPerSuite,
  startService,
} from '../support/lantern-service.js';

// A bug a model can fix: the function adds where it should multiply.
const AREA = 'def area(width, height):\n    return width + height\n';
const AREA_FIXED = 'def area(width, height):\n    return width * height\n';
// A TypeScript function with a missing `)`: the parser alone knows the fix.
const TOTAL = `export function total(items: number[]): number {
  let sum = 0;
  for (const item of items) {
    sum += Math.round(item;
  }
  return sum;
}
`;
const SLUGIFY_ANSWER = [
  'Requirement: turn a title into a URL slug.',
  'Plan: lower-case it and join the words with dashes.',
  '',
  '```python',
  'def slugify(title: str) -> str:',
  '    return "-".join(title.lower().split())',
  '```',
].join('\n');

describe('the agent routes with a model (the fake Anthropic server)', () => {
  const started = serviceWithModelPerSuite();
  const fake = () => started().fake;
  const service = () => started().service;
  const post = (route: string, body: unknown) => postJson(`${service().url}/api/v1/${route}`, body);

  it('generate: requirement, plan and the checked code', async () => {
    fake().script({ kind: 'text', text: SLUGIFY_ANSWER, chunks: 3 });
    const { status, body } = await post('generate', {
      requirement: 'a slugify function',
      language: 'python',
      context: 'import re\n',
    });
    expect(status).toBe(200);
    expect(body).toEqual({
      requirement: 'a slugify function',
      plan: 'Requirement: turn a title into a URL slug.\nPlan: lower-case it and join the words with dashes.',
      code: 'def slugify(title: str) -> str:\n    return "-".join(title.lower().split())\n',
      validation: { passed: true, checks: [expect.stringMatching(/^syntax: /)], reason: null },
    });
    expect(JSON.stringify(fake().requests.at(-1)?.body)).toContain('a slugify function');
  });

  it('generate: code that does not parse is refused, with why', async () => {
    fake().script({ kind: 'text', text: 'Plan: oops.\n\n```python\ndef broken(:\n    return\n```' });
    const { status, body } = await post('generate', { requirement: 'something', language: 'python' });
    expect(status).toBe(200);
    expect(body.code).toBeNull();
    expect(body.validation).toMatchObject({ passed: false, checks: [] });
    expect((body.validation as { reason: string }).reason).toMatch(/^Lantern did not insert the code/);
  });

  it('debug: the fixed code, its diff, and every check it passed', async () => {
    fake().script({ kind: 'text', text: `The area multiplies.\n\n\`\`\`python\n${AREA_FIXED}\`\`\`` });
    const { status, body } = await post('debug', {
      code: AREA,
      language: 'python',
      error: 'area(2, 3) returned 5, expected 6',
      line: 2,
    });
    expect(status).toBe(200);
    expect(body.fixed).toBe(AREA_FIXED);
    expect(body.diff).toContain('-    return width + height\n+    return width * height');
    expect(body.verified).toEqual({
      syntax: true,
      insideTarget: 'function `area`',
      // Python's own compile() ran on the fixed code (on a loaded machine it may give up after 3 s, and says so).
      languageCheck: expect.objectContaining({
        checker: 'Python (compile())',
        kind: expect.stringMatching(/^(passed|skipped)$/),
      }),
      tests: { ran: false, reason: expect.stringContaining('never run') },
    });
    expect(JSON.stringify(fake().requests.at(-1)?.body)).toContain('returned 5, expected 6');
  });

  it('debug: an answer that rewrites more than the unit is refused: fixed is null, with the reason', async () => {
    fake().script({
      kind: 'text',
      text: '```python\nimport os\n\n\ndef area(width, height):\n    return width * height\n\n\nprint(area(2, 3))\n```',
    });
    const { status, body } = await post('debug', {
      code: AREA,
      language: 'python',
      error: 'wrong area',
      line: 2,
    });
    expect(status).toBe(200);
    expect(body.fixed).toBeNull();
    expect(body.verified).toBeNull();
    expect(body.explanation).toMatch(/Lantern/);
  });

  it('ask: intent routing, the answer and a session that remembers', async () => {
    fake().script({ kind: 'text', text: 'general' }, { kind: 'text', text: 'Use a dict for O(1) lookups.' });
    const first = await post('ask', { question: 'How do I look things up fast in Python?' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      intent: 'general',
      answer: 'Use a dict for O(1) lookups.',
      diff: null,
    });
    const sessionId = first.body.sessionId as string;
    expect(sessionId).toMatch(/^[0-9a-f-]{36}$/);

    fake().script(
      { kind: 'text', text: 'general' },
      { kind: 'text', text: 'A set, if you only need membership.' },
    );
    const second = await post('ask', { question: 'And without values?', sessionId });
    expect(second.body).toMatchObject({
      intent: 'general',
      sessionId,
      answer: 'A set, if you only need membership.',
    });
    // The second answer's request carried the first turn.
    expect(JSON.stringify(fake().requests.at(-1)?.body)).toContain('Use a dict for O(1) lookups.');
  });

  it('ask about code: routed to explain, with the unit’s header', async () => {
    fake().script({ kind: 'text', text: 'explain' }, { kind: 'text', text: 'Computes the area.' });
    const { status, body } = await post('ask', {
      question: 'what does this do?',
      code: AREA,
      language: 'python',
    });
    expect(status).toBe(200);
    expect(body.intent).toBe('explain');
    expect(body.answer).toContain('*function* **area**');
    expect(body.answer).toContain('Computes the area.');
  });

  it('400s name the field', async () => {
    expect((await post('generate', { language: 'python' })).body.message).toBe(
      'body/requirement is required',
    );
    expect((await post('debug', { code: AREA, language: 'python' })).body.message).toBe(
      'body/error is required',
    );
    expect((await post('ask', { question: 'q', code: AREA })).body.message).toContain('language');
    expect((await post('ask', { question: 'q', sessionId: '../../etc' })).body.message).toContain(
      'body/sessionId',
    );
  });
});

describe('the agent routes offline (no key)', () => {
  let service: LanternService;
  beforeAll(async () => {
    service = await startService(offlineEnv());
  });
  afterAll(async () => {
    await service?.stop();
  });
  const post = (route: string, body: unknown) => postJson(`${service.url}/api/v1/${route}`, body);

  it('debug: a missing token is fixed by the parser alone', async () => {
    const { status, body } = await post('debug', {
      code: TOTAL,
      language: 'typescript',
      error: 'syntax error',
    });
    expect(status).toBe(200);
    expect(body.fixed).toBe(TOTAL.replace('Math.round(item;', 'Math.round(item);'));
    expect(body.explanation).toBe('Inserted the missing `)`.');
    expect(body.diff).toContain('+    sum += Math.round(item);');
  });

  it('debug: a problem only a model can fix: fixed null and why', async () => {
    const { status, body } = await post('debug', { code: AREA, language: 'python', error: 'wrong', line: 2 });
    expect(status).toBe(200);
    expect(body).toMatchObject({ fixed: null, diff: null, verified: null });
    expect(body.explanation).toContain('needs a model');
  });

  it('generate: no code, and why', async () => {
    const { status, body } = await post('generate', {
      requirement: 'a slugify function',
      language: 'python',
    });
    expect(status).toBe(200);
    expect(body.code).toBeNull();
    expect((body.validation as { reason: string }).reason).toContain('needs a model');
  });

  it('ask: a general answer saying it is offline, with a session id', async () => {
    const { status, body } = await post('ask', { question: 'hello?' });
    expect(status).toBe(200);
    expect(body.intent).toBe('general');
    expect(body.answer).toContain('Offline');
    expect(typeof body.sessionId).toBe('string');
  });
});
