import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeModelEnv, offlineEnv, writeUserConfig } from '../support/cli-runner.js';
import { FakeModelServer } from '../support/fake-model-server.js';
import { type LanternService, postJson, startService } from '../support/lantern-service.js';
import { FAKE_KEYS } from '../support/model-session.js';
import { type PrometheusExposition, parsePrometheusText, sampleValue } from '../support/prometheus-text.js';

const CODE = ['class Stack:', '    def push(self, item):', '        self.items.append(item)', ''].join('\n');
const ANSWER = 'Appends the item to the top of the stack.';
const TOKEN = 'metrics-test-token-5f2c9a';
const AUTH = { authorization: `Bearer ${TOKEN}` };

/** Every agent_* sample by name and labels, but histogram buckets (where a duration falls is timing). */
function agentSamples(exposition: PrometheusExposition): Map<string, number> {
  return new Map(
    exposition.samples
      .filter((sample) => sample.name.startsWith('agent_') && !sample.name.endsWith('_bucket'))
      .map((sample) => [`${sample.name}${JSON.stringify(sample.labels)}`, sample.value]),
  );
}

describe('lantern serve: GET /metrics and GET /api/v1/stats', () => {
  let fake: FakeModelServer;
  let service: LanternService;
  beforeAll(async () => {
    fake = await FakeModelServer.start();
    service = await startService({ ...fakeModelEnv('anthropic', fake), LANTERN_API_TOKENS: TOKEN });
  });
  afterAll(async () => {
    await service?.stop();
    await fake?.close();
  });

  async function scrape(): Promise<{ text: string; exposition: PrometheusExposition }> {
    const response = await fetch(`${service.url}/metrics`, { headers: AUTH });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await response.text();
    return { text, exposition: parsePrometheusText(text) };
  }

  async function stats(): Promise<{ text: string; body: Record<string, unknown> }> {
    const response = await fetch(`${service.url}/api/v1/stats`, { headers: AUTH });
    expect(response.status).toBe(200);
    const text = await response.text();
    return { text, body: JSON.parse(text) };
  }

  it('count exactly the requests made: two understands (a model answer, then a hit), not a 400', async () => {
    fake.script({ kind: 'text', text: ANSWER });
    const before = await scrape();
    const request = { code: CODE, language: 'python', line: 3 };
    const url = `${service.url}/api/v1/understand`;
    expect((await postJson(url, request, AUTH)).body).toMatchObject({ explanation: ANSWER, cached: false });
    expect((await postJson(url, request, AUTH)).body).toMatchObject({ explanation: ANSWER, cached: true });
    expect((await postJson(url, { ...request, line: 0 }, AUTH)).status).toBe(400);
    const after = await scrape();

    // Every agent_* series, compared: what changed is exactly what these requests did.
    const [was, now] = [agentSamples(before.exposition), agentSamples(after.exposition)];
    const changed = Object.fromEntries(
      [...now]
        .filter(([key, value]) => was.get(key) !== value)
        .map(([key, value]) => [key, value - (was.get(key) ?? 0)]),
    );
    expect(changed).toEqual({
      'agent_requests_total{"type":"explain","status":"ok"}': 2,
      'agent_request_duration_seconds_count{"type":"explain"}': 2,
      'agent_request_duration_seconds_sum{"type":"explain"}': expect.any(Number),
      'agent_cache_hits_total{}': 1,
      'agent_cache_misses_total{}': 1,
      // The fake reports 42 input tokens per request and one output token per character.
      'agent_tokens_total{"direction":"input"}': 42,
      'agent_tokens_total{"direction":"output"}': ANSWER.length,
      'agent_model_requests_total{"status":"ok"}': 1,
    });
    expect(changed['agent_request_duration_seconds_sum{"type":"explain"}']).toBeGreaterThan(0);
    const bucket = (exposition: PrometheusExposition, le: string) =>
      sampleValue(exposition, 'agent_request_duration_seconds_bucket', { type: 'explain', le });
    expect(bucket(after.exposition, '+Inf') - bucket(before.exposition, '+Inf')).toBe(2);
    expect(sampleValue(after.exposition, 'agent_active_sessions')).toBe(0);
    expect(sampleValue(after.exposition, 'agent_circuit_breaker_state', { state: 'closed' })).toBe(1);
    expect(after.exposition.types.get('process_resident_memory_bytes')).toBe('gauge');
    expect(fake.requests).toHaveLength(1);

    // /stats says the same (this service has served nothing else).
    const { body } = await stats();
    const requests = body.requests as Record<string, { count: number; durationMs: { p50: number | null } }>;
    expect(requests.explain).toMatchObject({ count: 2, failures: 0, rejected: 0, cancelled: 0, inFlight: 0 });
    expect(requests.explain?.durationMs.p50).toBeGreaterThan(0);
    expect(requests.ask).toMatchObject({ count: 0, durationMs: { p50: null, p95: null } });
    expect(body).toMatchObject({
      cache: { hits: 1, misses: 1 },
      tokens: { input: 42, output: ANSWER.length },
      modelCalls: { count: 1, failures: 0 },
      activeSessions: 0,
      circuit: 'closed',
    });
  });

  it('an ask counts once, as ask (its classification and answer are two model calls), and its session is active', async () => {
    fake.script({ kind: 'text', text: 'general' }, { kind: 'text', text: 'Use a set.' });
    const before = await scrape();
    const { status, body } = await postJson(
      `${service.url}/api/v1/ask`,
      { question: 'Dedupe a list?' },
      AUTH,
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({ intent: 'general', answer: 'Use a set.' });
    const after = await scrape();
    const delta = (name: string, labels: Record<string, string> = {}) =>
      sampleValue(after.exposition, name, labels) - sampleValue(before.exposition, name, labels);
    expect(delta('agent_requests_total', { type: 'ask', status: 'ok' })).toBe(1);
    expect(delta('agent_requests_total', { type: 'explain', status: 'ok' })).toBe(0);
    expect(delta('agent_model_requests_total', { status: 'ok' })).toBe(2);
    expect(delta('agent_tokens_total', { direction: 'input' })).toBe(2 * 42);
    expect(sampleValue(after.exposition, 'agent_active_sessions')).toBe(1);
    expect((await stats()).body).toMatchObject({
      requests: { ask: { count: 1, failures: 0 } },
      activeSessions: 1,
    });
  });

  it('/metrics answers Prometheus without a token (it holds only counts); /stats wants one, like the agent routes', async () => {
    expect((await fetch(`${service.url}/metrics`)).status).toBe(200);
    expect((await fetch(`${service.url}/api/v1/stats`)).status).toBe(401);
  });

  it('neither shows the API key or a bearer token', async () => {
    const texts = [(await scrape()).text, (await stats()).text];
    for (const text of texts) {
      expect(text).not.toContain(FAKE_KEYS.anthropic);
      expect(text).not.toContain(TOKEN);
    }
  });
});

describe('lantern serve: a failing model in /metrics and /api/v1/stats', () => {
  let fake: FakeModelServer;
  let service: LanternService;
  beforeAll(async () => {
    fake = await FakeModelServer.start();
    fake.fallback = { kind: 'status', status: 500 };
    const env = offlineEnv();
    // No retries and a circuit that opens at the first failure: one request shows the whole path.
    writeUserConfig(env, {
      provider: 'openai',
      openai: { baseUrl: `${fake.url}/v1` },
      request: { maxRetries: 0 },
      circuitBreaker: { failureThreshold: 1, cooldownMs: 600_000 },
    });
    service = await startService(env);
  });
  afterAll(async () => {
    await service?.stop();
    await fake?.close();
  });

  it('the request counts as an error, the model call as failed, and the circuit shows open', async () => {
    const { body } = await postJson(`${service.url}/api/v1/understand`, {
      code: CODE,
      language: 'python',
      line: 3,
    });
    expect(body).toMatchObject({ explanation: null });
    expect(fake.requests).toHaveLength(1);
    const exposition = parsePrometheusText(await (await fetch(`${service.url}/metrics`)).text());
    expect(sampleValue(exposition, 'agent_requests_total', { type: 'explain', status: 'error' })).toBe(1);
    expect(sampleValue(exposition, 'agent_requests_total', { type: 'explain', status: 'ok' })).toBe(0);
    expect(sampleValue(exposition, 'agent_model_requests_total', { status: 'error' })).toBe(1);
    expect(sampleValue(exposition, 'agent_circuit_breaker_state', { state: 'open' })).toBe(1);
    expect(sampleValue(exposition, 'agent_circuit_breaker_state', { state: 'closed' })).toBe(0);
    const stats = (await (await fetch(`${service.url}/api/v1/stats`)).json()) as Record<string, unknown>;
    expect(stats).toMatchObject({
      requests: { explain: { count: 1, failures: 1 } },
      modelCalls: { count: 1, failures: 1 },
      tokens: { input: 0, output: 0 },
      circuit: 'open',
    });
  });
});
