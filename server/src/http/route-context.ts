import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AgentCore } from '../agent/agent-core.js';
import type { GrammarRegistry } from '../syntax/grammar-registry.js';
import type { RequestDocuments } from './request-documents.js';
import type { RouteWork } from './respond.js';

/** What the agent routes share: the agent, the grammars, and each request's deadline. */
export interface RouteContext {
  readonly agent: AgentCore;
  readonly registry: GrammarRegistry;
  /** The requests' code as the agent's open documents. */
  readonly documents: RequestDocuments;
  /** The folder trusted at start (lantern serve --trusted-root): the only place tests run. */
  readonly trustedRoot?: string;
  /** Runs a route's work under the request's deadline and answers with JSON or SSE (see respond.ts). */
  respond<T extends object>(
    request: FastifyRequest,
    reply: FastifyReply,
    work: (run: RouteWork) => Promise<T>,
  ): Promise<T | FastifyReply>;
}
