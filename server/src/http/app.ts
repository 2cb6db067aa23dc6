import underPressure from '@fastify/under-pressure';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import type { AgentCore } from '../agent/agent-core.js';
import { DEFAULT_CONFIG, type LanternConfig } from '../config.js';
import { circuitState } from '../llm/create-provider.js';
import type { GrammarRegistry } from '../syntax/grammar-registry.js';
import { handleError } from './error-handler.js';
import { type RateLimitStore, registerCors, registerGuards } from './guards.js';
import { HttpError } from './http-error.js';
import { RequestDocuments } from './request-documents.js';
import { respond } from './respond.js';
import type { RouteContext } from './route-context.js';
import { askRoutes } from './routes/ask.js';
import { debugRoutes } from './routes/debug.js';
import { generateRoutes } from './routes/generate.js';
import { healthRoutes } from './routes/health.js';
import { metricsRoutes } from './routes/metrics.js';
import { collectOpenApi, openApiRoutes } from './routes/openapi.js';
import { readyRoutes } from './routes/ready.js';
import { statsRoutes } from './routes/stats.js';
import { understandRoutes } from './routes/understand.js';
import { ServiceState } from './service-state.js';

/** Where every route lives: a version in the path, so a v2 can live beside it. */
export const API_PREFIX = '/api/v1';

export type ServiceSettings = LanternConfig['service'];

/**
 * Everything the service is built from. An object, so each part of the service (metrics, stores,
 * logging) adds its own option without touching the others' call sites.
 */
export interface AppOptions {
  readonly agent: AgentCore;
  readonly registry: GrammarRegistry;
  /**
   * The requests' code as the agent's open documents: the agent's `openDocument` must read this same
   * object (see createServiceAgent), or fixes are refused as made for a document that changed.
   */
  readonly documents?: RequestDocuments;
  /** The folder trusted at start, where /debug may run its tests (the agent's trusted workspace). */
  readonly trustedRoot?: string;
  /** The `service` settings (body limit, deadline, rate limit, CORS…); default: the schema's defaults. */
  readonly settings?: ServiceSettings;
  /** Accepted bearer tokens; none: no authentication (`lantern serve` then listens on loopback only). */
  readonly tokens?: readonly string[];
  /** Where rate-limit counts live; default in memory (one replica's own). */
  readonly rateLimitStore?: RateLimitStore;
  /** The service's pino logger (JSON lines, a child per request); none: nothing is logged. */
  readonly logger?: FastifyBaseLogger;
  /** Draining and in-flight requests; `lantern serve` drains it on SIGTERM. */
  readonly state?: ServiceState;
  /** Readiness: whether the store answers; default: the agent's response cache. */
  readonly storeReachable?: () => Promise<boolean>;
  /** Readiness: whether the usage log's store answers; default: the agent's usage log. */
  readonly usageStoreReachable?: () => Promise<boolean>;
  /**
   * More route groups behind the agent routes' guards (token, rate limit, load shedding), registered
   * under /api/v1 (e.g. GET /api/v1/stats).
   */
  readonly plugins?: readonly FastifyPluginAsync[];
  /** More route groups with no token and no rate limit, at the root (e.g. GET /metrics for Prometheus). */
  readonly publicPlugins?: readonly FastifyPluginAsync[];
}

/**
 * Builds the service (not listening): the routes, their schemas and the hooks around them. Tests use
 * `app.inject`, or `app.listen({port: 0})` for real HTTP; `lantern serve` listens on its --host/--port.
 */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const settings = options.settings ?? DEFAULT_CONFIG.service;
  const state = options.state ?? new ServiceState();
  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : { logger: false }),
    bodyLimit: settings.bodyLimitBytes,
    // Our ids, not the client's: a request id in the logs must point at one request.
    genReqId: () => crypto.randomUUID(),
    ajv: {
      // A number where a string belongs is the client's mistake: a 400 naming it, not a silent "42".
      customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false },
    },
  }) as unknown as FastifyInstance;
  app.setErrorHandler(handleError);
  // The path is not echoed: whatever a client put in it stays out of responses.
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({
      statusCode: 404,
      error: 'Not Found',
      message: `no such route for ${request.method} (the routes: ${API_PREFIX}/openapi.json)`,
    }),
  );
  trackRequests(app, state);
  await collectOpenApi(app);
  await registerCors(app, settings.corsOrigins);

  const context: RouteContext = {
    agent: options.agent,
    registry: options.registry,
    documents: options.documents ?? new RequestDocuments(options.registry),
    ...(options.trustedRoot !== undefined ? { trustedRoot: options.trustedRoot } : {}),
    respond: (request, reply, work) => respond(request, reply, settings.requestTimeoutMs, work),
  };
  await app.register(
    async (api) => {
      // Probes: no token, no rate limit, no load shedding (a busy replica is alive, and says so).
      await api.register(healthRoutes);
      await api.register(openApiRoutes);
      await api.register(
        readyRoutes({
          state,
          storeReachable: options.storeReachable ?? (() => options.agent.cache().reachable()),
          usageStoreReachable:
            options.usageStoreReachable ?? (() => options.agent.interactions().reachable()),
          circuit: () => circuitState(options.agent.provider()),
        }),
      );
      await api.register(async (guarded) => {
        await guarded.register(underPressure, {
          maxEventLoopDelay: settings.maxEventLoopDelayMs,
          // Rejecting sends the error through the error handler (503 with Retry-After), the handler never
          // runs. A window with no sample at all (reported as Infinity) is the loop blocked throughout — at
          // start, compiling the routes' schemas — and a request being handled now says that is over.
          pressureHandler: async (_request, _reply, _type, value) => {
            if (value === Number.POSITIVE_INFINITY) return;
            throw new HttpError(503, 'the service is overloaded; retry shortly', { 'retry-after': '1' });
          },
        });
        await registerGuards(guarded, {
          tokens: options.tokens ?? [],
          rateLimitMax: settings.rateLimitMax,
          rateLimitWindowMs: settings.rateLimitWindowMs,
          ...(options.rateLimitStore ? { rateLimitStore: options.rateLimitStore } : {}),
        });
        for (const routes of [understandRoutes, generateRoutes, debugRoutes, askRoutes])
          await guarded.register(routes(context));
        await guarded.register(statsRoutes(options.agent.monitor));
        for (const plugin of options.plugins ?? []) await guarded.register(plugin);
      });
    },
    { prefix: API_PREFIX },
  );
  await app.register(metricsRoutes(options.agent.monitor));
  for (const plugin of options.publicPlugins ?? []) await app.register(plugin);
  return app;
}

const PROBES = new Set([`${API_PREFIX}/health`, `${API_PREFIX}/ready`]);

/**
 * Counts requests in flight (for draining) and, once draining, answers new ones 503 — except the
 * probes: liveness stays 200 and readiness says 503 itself, with why.
 */
function trackRequests(app: FastifyInstance, state: ServiceState): void {
  app.addHook('onRequest', async (request, reply) => {
    if (PROBES.has(request.url.split('?', 1)[0] ?? '')) return;
    if (state.draining) {
      reply.header('connection', 'close');
      throw new HttpError(503, 'the service is shutting down; retry on another replica', {
        'retry-after': '1',
      });
    }
    reply.raw.once('close', state.started());
  });
}
