import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import type { AgentCore } from '../agent/agent-core.js';
import type { GrammarRegistry } from '../syntax/grammar-registry.js';
import { handleError } from './error-handler.js';
import { requestSignal } from './request-signal.js';
import type { RouteContext } from './route-context.js';
import { healthRoutes } from './routes/health.js';
import { understandRoutes } from './routes/understand.js';

/** Where every route lives: a version in the path, so a v2 can live beside it. */
export const API_PREFIX = '/api/v1';

/**
 * Everything the service is built from. An object, so each part of the service (metrics, stores,
 * logging) adds its own option without touching the others' call sites.
 */
export interface AppOptions {
  readonly agent: AgentCore;
  readonly registry: GrammarRegistry;
  /** The service's pino logger (JSON lines, a child per request); none: nothing is logged. */
  readonly logger?: FastifyBaseLogger;
  /** Largest request body, in bytes; larger ones are answered 413 before they are parsed. */
  readonly bodyLimit?: number;
  /** Each agent request's deadline (model call and retries included); past it, 504. */
  readonly requestDeadlineMs?: number;
  /**
   * More route groups (GET /metrics, GET /api/v1/stats…), each registered as a Fastify plugin at the
   * root, after the agent's routes and under the same hooks (auth, limits).
   */
  readonly plugins?: readonly FastifyPluginAsync[];
}

export const DEFAULT_BODY_LIMIT = 1_048_576;
export const DEFAULT_REQUEST_DEADLINE_MS = 120_000;

/**
 * Builds the service (not listening): the routes, their schemas and the hooks around them. Tests use
 * `app.inject`, or `app.listen({port: 0})` for real HTTP; `lantern serve` listens on its --host/--port.
 */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : { logger: false }),
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
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

  const deadlineMs = options.requestDeadlineMs ?? DEFAULT_REQUEST_DEADLINE_MS;
  const context: RouteContext = {
    agent: options.agent,
    registry: options.registry,
    requestSignal: (reply) => requestSignal(reply, deadlineMs),
  };
  await app.register(
    async (api) => {
      await api.register(healthRoutes);
      await api.register(understandRoutes(context));
    },
    { prefix: API_PREFIX },
  );
  for (const plugin of options.plugins ?? []) await app.register(plugin);
  return app;
}
