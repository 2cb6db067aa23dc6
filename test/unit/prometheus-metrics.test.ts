import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PerformanceMonitor } from '../../server/src/telemetry/performance-monitor.js';
import { prometheusMetrics } from '../../server/src/telemetry/prometheus-metrics.js';
import { REPO_ROOT } from '../support/paths.js';
import { parsePrometheusText, sampleValue } from '../support/prometheus-text.js';

const never = () => false;

async function scrape(metrics: Awaited<ReturnType<typeof prometheusMetrics>>) {
  return parsePrometheusText(await metrics.text());
}

describe('prometheusMetrics', () => {
  it('exposes the operators’ names and labels, every series from zero, plus the process metrics', async () => {
    const metrics = await prometheusMetrics(new PerformanceMonitor());
    const exposition = await scrape(metrics);
    metrics.close();
    expect(metrics.contentType).toContain('text/plain');
    expect(exposition.types.get('agent_requests_total')).toBe('counter');
    expect(exposition.types.get('agent_request_duration_seconds')).toBe('histogram');
    expect(exposition.types.get('agent_active_sessions')).toBe('gauge');
    expect(exposition.types.get('agent_cache_hits_total')).toBe('counter');
    expect(exposition.types.get('agent_cache_misses_total')).toBe('counter');
    expect(exposition.types.get('agent_tokens_total')).toBe('counter');
    expect(exposition.types.get('process_cpu_seconds_total')).toBe('counter');
    expect(exposition.types.get('nodejs_eventloop_lag_seconds')).toBe('gauge');
    expect(sampleValue(exposition, 'agent_requests_total', { type: 'ask', status: 'error' })).toBe(0);
    expect(sampleValue(exposition, 'agent_request_duration_seconds_count', { type: 'debug' })).toBe(0);
    expect(sampleValue(exposition, 'agent_tokens_total', { direction: 'output' })).toBe(0);
    expect(sampleValue(exposition, 'agent_circuit_breaker_state', { state: 'offline' })).toBe(1);
  });

  it('counts exactly what the monitor recorded after it was made', async () => {
    const clock = { now: 0 };
    const monitor = new PerformanceMonitor(() => clock.now);
    const timed = (ms: number) => async () => {
      clock.now += ms;
      return 'done';
    };
    await monitor.track('fix', timed(1), () => 'ok', never); // before: not in the counters
    const metrics = await prometheusMetrics(monitor);
    await monitor.track('explain', timed(20), () => 'ok', never);
    await monitor.track('explain', timed(700), () => 'ok', never);
    await monitor.track('explain', timed(3), () => 'error', never);
    monitor.recordCacheLookup(true);
    monitor.recordCacheLookup(false);
    monitor.recordCacheLookup(false);
    monitor.recordModelCall({ inputTokens: 120, outputTokens: 30 });
    monitor.recordModelCall('failed');
    monitor.recordSessionTurn('conversation', 60_000);
    monitor.watchCircuit(() => 'half-open');

    const exposition = await scrape(metrics);
    const value = (name: string, labels: Record<string, string> = {}) =>
      sampleValue(exposition, name, labels);
    expect(value('agent_requests_total', { type: 'explain', status: 'ok' })).toBe(2);
    expect(value('agent_requests_total', { type: 'explain', status: 'error' })).toBe(1);
    expect(value('agent_requests_total', { type: 'fix', status: 'ok' })).toBe(0);
    expect(value('agent_request_duration_seconds_count', { type: 'explain' })).toBe(3);
    expect(value('agent_request_duration_seconds_sum', { type: 'explain' })).toBeCloseTo(0.723, 6);
    expect(value('agent_request_duration_seconds_bucket', { type: 'explain', le: '0.005' })).toBe(1);
    expect(value('agent_request_duration_seconds_bucket', { type: 'explain', le: '0.025' })).toBe(2);
    expect(value('agent_request_duration_seconds_bucket', { type: 'explain', le: '1' })).toBe(3);
    expect(value('agent_request_duration_seconds_bucket', { type: 'explain', le: '+Inf' })).toBe(3);
    expect(value('agent_cache_hits_total')).toBe(1);
    expect(value('agent_cache_misses_total')).toBe(2);
    expect(value('agent_tokens_total', { direction: 'input' })).toBe(120);
    expect(value('agent_tokens_total', { direction: 'output' })).toBe(30);
    expect(value('agent_model_requests_total', { status: 'error' })).toBe(1);
    expect(value('agent_active_sessions')).toBe(1);
    expect(value('agent_circuit_breaker_state', { state: 'half-open' })).toBe(1);
    expect(value('agent_circuit_breaker_state', { state: 'closed' })).toBe(0);

    // Closed, it follows the monitor no more.
    metrics.close();
    monitor.recordCacheLookup(true);
    expect(sampleValue(await scrape(metrics), 'agent_cache_hits_total')).toBe(1);
  });

  it('two exporters in one process keep registries of their own', async () => {
    const [first, second] = [new PerformanceMonitor(), new PerformanceMonitor()];
    const one = await prometheusMetrics(first);
    const two = await prometheusMetrics(second);
    first.recordCacheLookup(true);
    expect(sampleValue(await scrape(one), 'agent_cache_hits_total')).toBe(1);
    expect(sampleValue(await scrape(two), 'agent_cache_hits_total')).toBe(0);
    one.close();
    two.close();
  });

  it('the README’s Metrics table names every agent metric served, and no other', async () => {
    const metrics = await prometheusMetrics(new PerformanceMonitor());
    const served = [...(await scrape(metrics)).types.keys()].filter((name) => name.startsWith('agent_'));
    metrics.close();
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    const section = readme.slice(
      readme.indexOf('### Metrics'),
      readme.indexOf('\n## ', readme.indexOf('### Metrics')),
    );
    const documented = new Set(
      [...section.matchAll(/^\| (.*?) \|/gm)].flatMap((row) =>
        [...(row[1] ?? '').matchAll(/`(agent_[a-z_]+)/g)].map((m) => m[1]),
      ),
    );
    expect([...documented].sort()).toEqual(served.sort());
  });
});
