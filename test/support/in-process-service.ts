import type { FastifyInstance } from 'fastify';
import { AgentCore } from '../../server/src/agent/agent-core.js';
import { DEFAULT_CONFIG } from '../../server/src/config.js';
import { type AppOptions, buildApp } from '../../server/src/http/app.js';
import { GrammarRegistry } from '../../server/src/syntax/grammar-registry.js';

/**
 * The service built in this process (not listening) around an offline agent with a memory cache: for
 * fast tests through `app.inject` of what needs no real HTTP (the OpenAPI document, load shedding).
 */
export async function inProcessService(options: Partial<AppOptions> = {}): Promise<FastifyInstance> {
  const registry = new GrammarRegistry();
  const agent = new AgentCore({
    registry,
    env: {},
    notices: { modelProblem: () => {}, circuitOpened: () => {}, cacheProblem: () => {}, toolCall: () => {} },
  });
  agent.configure({
    ...DEFAULT_CONFIG,
    provider: 'offline',
    cache: { ...DEFAULT_CONFIG.cache, store: 'memory' },
  });
  const app = await buildApp({ agent, registry, ...options });
  await app.ready();
  return app;
}
