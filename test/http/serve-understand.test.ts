import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offlineEnv } from '../support/cli-runner.js';
import {
  type LanternService,
  postJson,
  serviceWithModelPerSuite,
  startService,
} from '../support/lantern-service.js';

const CODE = [
  'def add(a, b):',
  '    """Adds two numbers."""',
  '    return a + b',
  '',
  '',
  'class Stack:',
  '    def push(self, item):',
  '        self.items.append(item)',
  '',
].join('\n');
const ANSWER = 'Appends the item to the top of the stack.';

describe('lantern serve, offline (no key)', () => {
  let service: LanternService;
  beforeAll(async () => {
    service = await startService(offlineEnv());
  });
  afterAll(async () => {
    await service?.stop();
  });

  it('GET /api/v1/health answers ok', async () => {
    const response = await fetch(`${service.url}/api/v1/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('understand at a line: the unit there, no explanation, and why', async () => {
    const { status, body } = await postJson(`${service.url}/api/v1/understand`, {
      code: CODE,
      language: 'python',
      line: 8,
    });
    expect(status).toBe(200);
    const structure = body.structure as { header: string; units: Record<string, unknown>[] };
    expect(structure.units).toEqual([
      {
        kind: 'method',
        name: 'push',
        startLine: 7,
        endLine: 8,
        signature: 'def push(self, item)',
        docstring: null,
      },
    ]);
    expect(structure.header).toContain('*method* **push** in class `Stack`');
    expect(body.explanation).toBeNull();
    expect(body.cached).toBe(false);
    expect(body.note).toContain('no ANTHROPIC_API_KEY');
  });

  it('understand without a line: every top-level unit', async () => {
    const { status, body } = await postJson(`${service.url}/api/v1/understand`, {
      code: CODE,
      language: 'python',
    });
    expect(status).toBe(200);
    const units = (body.structure as { units: { name: string; docstring: string | null }[] }).units;
    expect(units.map((unit) => unit.name)).toEqual(['add', 'Stack']);
    expect(units[0]?.docstring).toBe('Adds two numbers.');
  });

  it.each([
    [{ language: 'python' }, 'body/code is required'],
    [{ code: CODE, language: 'cobol' }, 'body/language must be one of: typescript'],
    [{ code: CODE, language: 'python', line: 0 }, 'body/line must be >= 1'],
    [{ code: CODE, language: 'python', line: '3' }, 'body/line must be integer'],
    [{ code: CODE, language: 'python', extra: 1 }, 'body/extra is not allowed'],
    [{ code: CODE, language: 'python', line: 99 }, 'body/line must be at most 9'],
  ])('400 naming the field: %j', async (request, message) => {
    const { status, body } = await postJson(`${service.url}/api/v1/understand`, request);
    expect(status).toBe(400);
    expect(body.message).toContain(message);
  });

  it('a body that is not JSON is a 400, not a crash', async () => {
    const { status, body } = await postJson(`${service.url}/api/v1/understand`, '{"code": ');
    expect(status).toBe(400);
    expect(body.error).toBe('Bad Request');
    expect((await fetch(`${service.url}/api/v1/health`)).status).toBe(200);
  });

  it('a line outside any unit is a 422 that says so', async () => {
    const { status, body } = await postJson(`${service.url}/api/v1/understand`, {
      code: CODE,
      language: 'python',
      line: 4,
    });
    expect(status).toBe(422);
    expect(body.message).toBe('line 4: no function, method or class here');
  });
});

describe('lantern serve with a model (the fake Anthropic server)', () => {
  const started = serviceWithModelPerSuite();
  const fake = () => started().fake;
  const service = () => started().service;

  it("understand: the model's explanation; the same request again is cached, no second model call", async () => {
    fake().script({ kind: 'text', text: ANSWER, chunks: 3 });
    const request = { code: CODE, language: 'python', line: 8 };
    const first = await postJson(`${service().url}/api/v1/understand`, request);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ explanation: ANSWER, cached: false, note: null });
    expect(fake().requests).toHaveLength(1);
    expect(JSON.stringify(fake().requests[0]?.body)).toContain('self.items.append(item)');

    const second = await postJson(`${service().url}/api/v1/understand`, request);
    expect(second.body).toMatchObject({ explanation: ANSWER, cached: true });
    expect(fake().requests).toHaveLength(1);
  });

  it('an overloaded model is retried as in the editor (retry-after honoured): the answer still comes', async () => {
    fake().script(
      { kind: 'status', status: 529, headers: { 'retry-after-ms': '1' } },
      { kind: 'text', text: 'Pushes onto the stack.' },
    );
    const before = fake().requests.length;
    const { status, body } = await postJson(`${service().url}/api/v1/understand`, {
      code: CODE.replace('self.items.append(item)', 'self.items.insert(0, item)'),
      language: 'python',
      line: 8,
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({ explanation: 'Pushes onto the stack.', cached: false, note: null });
    expect(fake().requests.length - before).toBe(2);
  });

  it('SIGTERM: the service stops with exit code 0', async () => {
    expect(await service().stop()).toBe(0);
  });
});
