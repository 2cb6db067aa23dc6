import type { Counter } from 'prom-client';
import {
  CIRCUIT_STATES,
  type MonitorSink,
  type PerformanceMonitor,
  REQUEST_STATUSES,
  REQUEST_TYPES,
} from './performance-monitor.js';

/** Upper bounds in seconds: hovers answered from the cache (ms) up to long model answers (minutes). */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

/** The monitor in the Prometheus text format, for GET /metrics. */
export interface PrometheusMetrics {
  readonly contentType: string;
  /** The exposition text: the agent's metrics and the default process metrics. */
  text(): Promise<string>;
  /** Stops following the monitor. */
  close(): void;
}

/**
 * Follows `monitor` into a prom-client Registry of its own (not the global one: two services in one
 * process, or two tests, do not collide). Counters and the duration histogram count from this call on:
 * make it at startup, before requests are served. Gauges (sessions, requests in flight, the circuit) are
 * read at each scrape. prom-client is loaded here, on first use, so nothing that never serves metrics
 * (the language server) pays for loading it. Labels take only fixed values (types, statuses, states).
 */
export async function prometheusMetrics(monitor: PerformanceMonitor): Promise<PrometheusMetrics> {
  const prom = await import('prom-client');
  const registry = new prom.Registry();
  const registers = [registry];
  prom.collectDefaultMetrics({ register: registry });
  const requests = new prom.Counter({
    name: 'agent_requests_total',
    help: 'Agent requests (explain, fix, debug, generate, docstring, tests, ask, action, complete) by how they ended.',
    labelNames: ['type', 'status'] as const,
    registers,
  });
  const durations = new prom.Histogram({
    name: 'agent_request_duration_seconds',
    help: 'Time from an agent request to its answer, by request type.',
    labelNames: ['type'] as const,
    buckets: DURATION_BUCKETS,
    registers,
  });
  const cacheHits = counter(
    prom.Counter,
    'agent_cache_hits_total',
    'Response-cache reads that found an answer.',
  );
  const cacheMisses = counter(
    prom.Counter,
    'agent_cache_misses_total',
    'Response-cache reads that found none.',
  );
  const tokens = new prom.Counter({
    name: 'agent_tokens_total',
    help: 'Tokens the model reported, by direction: input (prompts) or output (answers).',
    labelNames: ['direction'] as const,
    registers,
  });
  const modelCalls = new prom.Counter({
    name: 'agent_model_requests_total',
    help: 'Calls to the model (an agent request makes zero or more), by outcome: ok or error.',
    labelNames: ['status'] as const,
    registers,
  });
  new prom.Gauge({
    name: 'agent_active_sessions',
    help: 'Ask conversations with a turn within their age limit (ask.maxAgeMinutes), seen by this process.',
    registers,
    collect() {
      this.set(monitor.activeSessions);
    },
  });
  new prom.Gauge({
    name: 'agent_requests_in_flight',
    help: 'Agent requests under way.',
    registers,
    collect() {
      this.set(monitor.inFlight);
    },
  });
  new prom.Gauge({
    name: 'agent_circuit_breaker_state',
    help: "The model's circuit breaker: 1 for the current state (closed, open, half-open, offline), else 0.",
    labelNames: ['state'] as const,
    registers,
    collect() {
      const current = monitor.circuit;
      for (const state of CIRCUIT_STATES) this.set({ state }, state === current ? 1 : 0);
    },
  });

  // Every series present from the start, at zero: a rate() over a label that has not happened yet works.
  for (const type of REQUEST_TYPES) {
    durations.zero({ type });
    for (const status of REQUEST_STATUSES) requests.inc({ type, status }, 0);
  }
  cacheHits.inc(0);
  cacheMisses.inc(0);
  for (const direction of ['input', 'output']) tokens.inc({ direction }, 0);
  for (const status of ['ok', 'error']) modelCalls.inc({ status }, 0);

  const sink: MonitorSink = {
    request(type, status, seconds) {
      requests.inc({ type, status });
      durations.observe({ type }, seconds);
    },
    cacheLookup(hit) {
      (hit ? cacheHits : cacheMisses).inc();
    },
    modelCall(outcome) {
      if (outcome === 'failed') return modelCalls.inc({ status: 'error' });
      modelCalls.inc({ status: 'ok' });
      tokens.inc({ direction: 'input' }, outcome.inputTokens);
      tokens.inc({ direction: 'output' }, outcome.outputTokens);
    },
  };
  const close = monitor.subscribe(sink);
  return { contentType: registry.contentType, text: () => registry.metrics(), close };

  function counter(Type: typeof Counter, name: string, help: string): Counter {
    return new Type({ name, help, registers });
  }
}
