import bearerAuth from '@fastify/bearer-auth';
import cors from '@fastify/cors';
import rateLimit, { type RateLimitPluginOptions } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { tokenKey, tokenMatcher } from './api-tokens.js';
import { HttpError } from './http-error.js';

/** Where the rate limiter keeps its counts: in memory by default, or a shared store (Redis) for replicas. */
export type RateLimitStore = Pick<RateLimitPluginOptions, 'store' | 'redis' | 'nameSpace'>;

export interface GuardOptions {
  /** Accepted bearer tokens; empty: no authentication (the service then listens on loopback only). */
  readonly tokens: readonly string[];
  readonly rateLimitMax: number;
  readonly rateLimitWindowMs: number;
  readonly rateLimitStore?: RateLimitStore;
}

/**
 * The guards of the agent routes, in the order they run on each request: the bearer token (401), then
 * the per-token rate limit (429 with Retry-After), so a stranger's requests never use up a client's
 * allowance. Registered inside the agent routes' scope: probes stay unauthenticated and uncounted.
 */
export async function registerGuards(scope: FastifyInstance, options: GuardOptions): Promise<void> {
  if (options.tokens.length > 0) {
    const matches = tokenMatcher(options.tokens);
    await scope.register(bearerAuth, {
      keys: new Set<string>(),
      auth: (presented: string) => matches(presented),
      // The plugin's own message, never the header's value; logged at info: a wrong token is the client's error.
      errorResponse: (error: Error) => ({
        statusCode: 401,
        error: 'Unauthorized',
        message: unauthorized(error),
      }),
      verifyErrorLogLevel: 'info',
    });
  }
  await scope.register(rateLimit, {
    global: true,
    max: options.rateLimitMax,
    timeWindow: options.rateLimitWindowMs,
    ...options.rateLimitStore,
    keyGenerator: (request) => clientKey(request),
    errorResponseBuilder: (_request, context) => {
      const seconds = Math.max(1, Math.ceil(context.ttl / 1000));
      return new HttpError(429, `rate limit of ${context.max} requests reached; retry in ${seconds} s`, {
        'retry-after': String(seconds),
      });
    },
  });
}

/** Registers CORS for the configured origins only; with none, no CORS headers at all. */
export async function registerCors(app: FastifyInstance, origins: readonly string[]): Promise<void> {
  if (origins.length === 0) return;
  await app.register(cors, { origin: [...origins], methods: ['GET', 'POST'] });
}

// A client is its token (hashed) when tokens are in use, else its address.
function clientKey(request: FastifyRequest): string {
  const header = request.headers.authorization;
  const token =
    typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
  return token ? tokenKey(token) : `ip:${request.ip}`;
}

function unauthorized(error: Error): string {
  return /missing/i.test(error.message)
    ? 'missing Authorization: Bearer <token> header'
    : 'invalid API token (Authorization: Bearer <token>)';
}
