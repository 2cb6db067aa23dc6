import type { FastifyPluginAsync } from 'fastify';

const healthSchema = {
  // A probe: no token.
  security: [],
  summary: 'Liveness: the process answers (never calls the model or the store)',
  response: {
    200: {
      type: 'object',
      required: ['status'],
      properties: { status: { type: 'string', enum: ['ok'] } },
    },
  },
} as const;

/** GET /api/v1/health: liveness, for probes; cheap by design. */
export const healthRoutes: FastifyPluginAsync = async (app) => {
  app.get('/health', { schema: healthSchema }, async () => ({ status: 'ok' as const }));
};
