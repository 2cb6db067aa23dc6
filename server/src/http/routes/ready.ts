import type { FastifyPluginAsync } from 'fastify';
import type { ServiceState } from '../service-state.js';

/** The model's circuit as readiness and stats show it. */
export type CircuitState = 'closed' | 'open' | 'half-open' | 'offline';

export interface ReadinessSources {
  readonly state: ServiceState;
  /** Whether the store (cache and sessions) answers now; a probe, bounded in time. */
  readonly storeReachable: () => Promise<boolean>;
  /** Whether the usage log's store (`cache.usageStore`, else the cache's) answers now; bounded too. */
  readonly usageStoreReachable: () => Promise<boolean>;
  readonly circuit: () => CircuitState;
}

const readyBody = {
  type: 'object',
  required: ['ready', 'draining', 'store', 'usageStore', 'circuit'],
  properties: {
    ready: { type: 'boolean' },
    draining: { type: 'boolean' },
    store: {
      type: 'string',
      enum: ['reachable', 'unreachable'],
      description: 'the store of the cache and the sessions (cache.store)',
    },
    usageStore: {
      type: 'string',
      enum: ['reachable', 'unreachable'],
      description: 'the store of the usage log (cache.usageStore, else cache.store)',
    },
    circuit: {
      type: 'string',
      enum: ['closed', 'open', 'half-open', 'offline'],
      description: 'open: the model failed repeatedly and answers are structural for a while (still ready)',
    },
  },
} as const;

const readySchema = {
  // A probe: no token.
  security: [],
  summary: 'Readiness: 200 when the stores answer and the service is not draining, else 503',
  response: { 200: readyBody, 503: readyBody },
} as const;

/**
 * GET /api/v1/ready: "send me traffic". False while draining or when a store is unreachable — the
 * cache's, or the usage log's (a replica that cannot record what it spends would spend unaccounted);
 * the answer says which. Each store is probed anew, so readiness comes back with the store. An open
 * circuit shows but keeps the service ready: it still answers, structurally, and every replica shares
 * the same model, so taking them all out of rotation would only turn degraded answers into none.
 */
export function readyRoutes(sources: ReadinessSources): FastifyPluginAsync {
  return async (app) => {
    app.get('/ready', { schema: readySchema }, async (_request, reply) => {
      const draining = sources.state.draining;
      const [store, usageStore] = await Promise.all([
        withinProbeTime(sources.storeReachable()),
        withinProbeTime(sources.usageStoreReachable()),
      ]);
      const ready = !draining && store && usageStore;
      return reply.code(ready ? 200 : 503).send({
        ready,
        draining,
        store: reachability(store),
        usageStore: reachability(usageStore),
        circuit: sources.circuit(),
      });
    });
  };
}

function reachability(reachable: boolean): 'reachable' | 'unreachable' {
  return reachable ? 'reachable' : 'unreachable';
}

/** How long readiness waits for the store: a probe must answer faster than the prober gives up. */
export const STORE_PROBE_MS = 2_000;

// A store that does not answer in time is unreachable, as far as traffic is concerned.
function withinProbeTime(probe: Promise<boolean>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), STORE_PROBE_MS);
  });
  return Promise.race([probe, late]).finally(() => clearTimeout(timer));
}
