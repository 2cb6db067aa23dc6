import type { FastifyReply } from 'fastify';
import type { AgentCore } from '../agent/agent-core.js';
import type { GrammarRegistry } from '../syntax/grammar-registry.js';
import type { RequestSignal } from './request-signal.js';

/** What the agent routes share: the agent, the grammars, and each request's deadline. */
export interface RouteContext {
  readonly agent: AgentCore;
  readonly registry: GrammarRegistry;
  requestSignal(reply: FastifyReply): RequestSignal;
}
