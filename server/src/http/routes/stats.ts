import type { FastifyPluginAsync } from 'fastify';
import {
  CIRCUIT_STATES,
  type PerformanceMonitor,
  REQUEST_TYPES,
} from '../../telemetry/performance-monitor.js';

const count = { type: 'integer', minimum: 0 } as const;
const milliseconds = { type: ['number', 'null'], description: 'milliseconds; null before the first request' };

const requestTypeSchema = {
  type: 'object',
  required: ['count', 'failures', 'rejected', 'cancelled', 'inFlight', 'durationMs'],
  properties: {
    count: { ...count, description: 'requests finished, however they ended' },
    failures: { ...count, description: 'ended in an error (the model failed, or Lantern did)' },
    rejected: { ...count, description: 'answered with a refusal (an unverifiable edit, offline)' },
    cancelled: count,
    inFlight: { ...count, description: 'under way now' },
    durationMs: {
      type: 'object',
      required: ['p50', 'p95'],
      description: 'over the last 1,024 requests of this type',
      properties: { p50: milliseconds, p95: milliseconds },
    },
  },
} as const;

const statsSchema = {
  summary:
    'What this process has served since it started: requests per type, cache, tokens, sessions, circuit',
  response: {
    200: {
      type: 'object',
      required: ['since', 'requests', 'cache', 'tokens', 'modelCalls', 'activeSessions', 'circuit'],
      properties: {
        since: { type: 'string', format: 'date-time' },
        requests: {
          type: 'object',
          required: [...REQUEST_TYPES],
          properties: Object.fromEntries(REQUEST_TYPES.map((type) => [type, requestTypeSchema])),
          description: 'per request type: understand is explain, debug is fix',
        },
        cache: {
          type: 'object',
          required: ['hits', 'misses'],
          properties: { hits: count, misses: count },
        },
        tokens: {
          type: 'object',
          required: ['input', 'output'],
          properties: { input: count, output: count },
          description: 'as the model reported them',
        },
        modelCalls: {
          type: 'object',
          required: ['count', 'failures'],
          properties: { count, failures: count },
        },
        activeSessions: { ...count, description: 'ask conversations with a turn within their age limit' },
        circuit: { type: 'string', enum: [...CIRCUIT_STATES], description: "the model's circuit breaker" },
      },
    },
  },
} as const;

/** GET /api/v1/stats: the performance monitor's snapshot, the JSON twin of /metrics. */
export function statsRoutes(monitor: PerformanceMonitor): FastifyPluginAsync {
  return async (app) => {
    app.get('/stats', { schema: statsSchema }, async () => monitor.snapshot());
  };
}
