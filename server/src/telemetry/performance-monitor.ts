import { AsyncLocalStorage } from 'node:async_hooks';
import { DurationWindow } from './duration-window.js';

/**
 * The kinds of agent request, one per ability a front can call. `type` labels and /stats keys; a
 * fixed list, so a label never carries anything a user typed.
 */
export const REQUEST_TYPES = [
  'explain',
  'fix',
  'debug',
  'generate',
  'docstring',
  'tests',
  'ask',
  'action',
  'complete',
] as const;
export type RequestType = (typeof REQUEST_TYPES)[number];

/**
 * How a request ended: `ok` (the answer, structural ones included), `rejected` (an answer that refuses:
 * an unverifiable edit, offline, untrusted), `error` (the model or Lantern failed), `cancelled`.
 */
export const REQUEST_STATUSES = ['ok', 'rejected', 'error', 'cancelled'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** The model's circuit breaker as it stands, or `offline` when no model is configured. */
export const CIRCUIT_STATES = ['closed', 'open', 'half-open', 'offline'] as const;
export type CircuitState = (typeof CIRCUIT_STATES)[number];

/** What the abilities record of their model calls (the monitor, seen from below). */
export type ModelUsage = Pick<PerformanceMonitor, 'recordModelCall'>;

/** What one request was about and what it cost, for sinks that keep more than counts (the usage log). */
export interface RequestDetail {
  /** Tokens of the model calls made while this request ran (its own, however many run at once). */
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** The request's input as text parts (documents, questions, positions), to be hashed, never kept. */
  input(): readonly string[];
}

/** What a metrics exporter hears, as it happens (see prometheus-metrics.ts). */
export interface MonitorSink {
  request(type: RequestType, status: RequestStatus, seconds: number, detail: RequestDetail): void;
  cacheLookup(hit: boolean): void;
  modelCall(outcome: { readonly inputTokens: number; readonly outputTokens: number } | 'failed'): void;
}

export interface RequestTypeStats {
  readonly count: number;
  /** Requests that ended in `error`. */
  readonly failures: number;
  readonly rejected: number;
  readonly cancelled: number;
  readonly inFlight: number;
  /** Over the most recent requests of this type (see DurationWindow); null before the first. */
  readonly durationMs: { readonly p50: number | null; readonly p95: number | null };
}

/** Everything the monitor knows, as plain JSON (lantern/status, GET /api/v1/stats). */
export interface MonitorSnapshot {
  readonly since: string;
  readonly requests: Readonly<Record<RequestType, RequestTypeStats>>;
  readonly cache: { readonly hits: number; readonly misses: number };
  readonly tokens: { readonly input: number; readonly output: number };
  readonly modelCalls: { readonly count: number; readonly failures: number };
  readonly activeSessions: number;
  readonly circuit: CircuitState;
}

interface TypeCounters {
  readonly byStatus: Record<RequestStatus, number>;
  inFlight: number;
  readonly durations: DurationWindow;
}

/**
 * The one performance monitor of a process: the agent core feeds it (every front goes through the
 * core, so the LSP server, the CLI and the HTTP service count the same way), and lantern/status,
 * /api/v1/stats and /metrics read it. Plain counters, no dependencies: prom-client is loaded only by
 * the exporter, where metrics are served, so the language server's start does not pay for it.
 */
export class PerformanceMonitor {
  readonly #since: Date;
  readonly #types = new Map<RequestType, TypeCounters>();
  readonly #sinks = new Set<MonitorSink>();
  readonly #cache = { hits: 0, misses: 0 };
  readonly #tokens = { input: 0, output: 0 };
  readonly #modelCalls = { count: 0, failures: 0 };
  // Session id → when it stops counting as active; pruned as it is read or grows.
  readonly #sessions = new Map<string, number>();
  #sessionsPrunedAt = 0;
  #circuit: () => CircuitState = () => 'offline';
  // The tokens of the request being tracked, wherever its model calls are made from (async context).
  readonly #requestTokens = new AsyncLocalStorage<{ input: number; output: number }>();

  constructor(private readonly now: () => number = performance.now.bind(performance)) {
    this.#since = new Date();
    for (const type of REQUEST_TYPES) {
      const byStatus = Object.fromEntries(REQUEST_STATUSES.map((s) => [s, 0])) as Record<
        RequestStatus,
        number
      >;
      this.#types.set(type, { byStatus, inFlight: 0, durations: new DurationWindow() });
    }
  }

  /**
   * Times one request: `statusOf` reads the ability's result (a refusal is a result, not a throw);
   * a throw is `cancelled` when `isCancel` says so, else `error`, and is rethrown as it was. `input`
   * gives the request's input as text, for sinks that hash it.
   */
  async track<T>(
    type: RequestType,
    run: () => Promise<T>,
    statusOf: (result: T) => RequestStatus,
    isCancel: (error: unknown) => boolean,
    input: () => readonly string[] = () => [],
  ): Promise<T> {
    const counters = this.#counters(type);
    const started = this.now();
    const tokens = { input: 0, output: 0 };
    counters.inFlight++;
    let status: RequestStatus = 'error';
    try {
      const result = await this.#requestTokens.run(tokens, run);
      status = statusOf(result);
      return result;
    } catch (error) {
      status = isCancel(error) ? 'cancelled' : 'error';
      throw error;
    } finally {
      counters.inFlight--;
      const detail = { inputTokens: tokens.input, outputTokens: tokens.output, input };
      this.#finish(type, counters, status, this.now() - started, detail);
    }
  }

  /** A response-cache read: found or not. */
  recordCacheLookup(hit: boolean): void {
    if (hit) this.#cache.hits++;
    else this.#cache.misses++;
    for (const sink of this.#sinks) sink.cacheLookup(hit);
  }

  /** One call to the model: the tokens it reported, or that it failed (cancellations are not counted). */
  recordModelCall(outcome: { readonly inputTokens: number; readonly outputTokens: number } | 'failed'): void {
    this.#modelCalls.count++;
    if (outcome === 'failed') this.#modelCalls.failures++;
    else {
      this.#tokens.input += outcome.inputTokens;
      this.#tokens.output += outcome.outputTokens;
      const request = this.#requestTokens.getStore();
      if (request) {
        request.input += outcome.inputTokens;
        request.output += outcome.outputTokens;
      }
    }
    for (const sink of this.#sinks) sink.modelCall(outcome);
  }

  /** A conversation had a turn; it counts as active for `activeForMs` (its age limit) after. */
  recordSessionTurn(sessionId: string, activeForMs: number): void {
    const now = Date.now();
    this.#sessions.set(sessionId, now + activeForMs);
    // Prune when the map has doubled since the last prune: memory stays bounded by the active ones.
    if (this.#sessions.size > 2 * this.#sessionsPrunedAt + 64) this.#pruneSessions(now);
  }

  /** Where the circuit breaker's state is read from (the agent core, whose provider may be rebuilt). */
  watchCircuit(state: () => CircuitState): void {
    this.#circuit = state;
  }

  /** Starts telling `sink` about what happens from now on; returns how to stop. */
  subscribe(sink: MonitorSink): () => void {
    this.#sinks.add(sink);
    return () => this.#sinks.delete(sink);
  }

  get activeSessions(): number {
    this.#pruneSessions(Date.now());
    return this.#sessions.size;
  }

  get inFlight(): number {
    let total = 0;
    for (const counters of this.#types.values()) total += counters.inFlight;
    return total;
  }

  get circuit(): CircuitState {
    return this.#circuit();
  }

  snapshot(): MonitorSnapshot {
    const requests = {} as Record<RequestType, RequestTypeStats>;
    for (const [type, { byStatus, inFlight, durations }] of this.#types) {
      requests[type] = {
        count: REQUEST_STATUSES.reduce((sum, status) => sum + byStatus[status], 0),
        failures: byStatus.error,
        rejected: byStatus.rejected,
        cancelled: byStatus.cancelled,
        inFlight,
        durationMs: { p50: durations.percentile(50), p95: durations.percentile(95) },
      };
    }
    return {
      since: this.#since.toISOString(),
      requests,
      cache: { ...this.#cache },
      tokens: { ...this.#tokens },
      modelCalls: { ...this.#modelCalls },
      activeSessions: this.activeSessions,
      circuit: this.circuit,
    };
  }

  #counters(type: RequestType): TypeCounters {
    const counters = this.#types.get(type);
    if (!counters) throw new Error(`unknown request type: ${type}`);
    return counters;
  }

  #finish(
    type: RequestType,
    counters: TypeCounters,
    status: RequestStatus,
    elapsedMs: number,
    detail: RequestDetail,
  ): void {
    counters.byStatus[status]++;
    counters.durations.add(elapsedMs);
    for (const sink of this.#sinks) sink.request(type, status, elapsedMs / 1000, detail);
  }

  #pruneSessions(now: number): void {
    for (const [id, until] of this.#sessions) if (until <= now) this.#sessions.delete(id);
    this.#sessionsPrunedAt = this.#sessions.size;
  }
}
