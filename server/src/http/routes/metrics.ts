import type { FastifyPluginAsync } from 'fastify';
import type { PerformanceMonitor } from '../../telemetry/performance-monitor.js';
import { prometheusMetrics } from '../../telemetry/prometheus-metrics.js';

const metricsSchema = {
  // Public: Prometheus scrapes without a token (the text holds only counts).
  security: [],
  summary: 'Prometheus metrics: agent requests, durations, cache, tokens, sessions, circuit, the process',
  produces: ['text/plain'],
  response: { 200: { type: 'string', description: 'the Prometheus text exposition format 0.0.4' } },
} as const;

/**
 * GET /metrics (at the root, where Prometheus looks by default). The exporter follows the monitor from
 * the moment the service is built, before it listens, so its counters agree with /api/v1/stats.
 */
export function metricsRoutes(monitor: PerformanceMonitor): FastifyPluginAsync {
  return async (app) => {
    const metrics = await prometheusMetrics(monitor);
    app.addHook('onClose', async () => metrics.close());
    app.get('/metrics', { schema: metricsSchema }, async (_request, reply) => {
      reply.type(metrics.contentType);
      return metrics.text();
    });
  };
}
