import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { GrammarRegistry } from '../syntax/grammar-registry.js';
import { buildApp } from './app.js';
import { createServiceAgent } from './service-agent.js';
import { createServiceLogger } from './service-logger.js';

/** What `lantern serve` was started with (its command line, already parsed by the CLI). */
export interface ServeOptions {
  readonly host: string;
  readonly port: number;
  readonly env: NodeJS.ProcessEnv;
  /** One line for the operator (the CLI's stderr) when the service cannot start. */
  readonly err: (text: string) => void;
  /** A logger other than pino on stdout. */
  readonly logger?: Logger;
}

/** How long in-flight requests get to finish after SIGTERM before the process exits anyway. */
const DRAIN_GRACE_MS = 25_000;

/**
 * Runs the service until SIGTERM or SIGINT: then it stops accepting requests, lets those in flight
 * finish (within a grace period) and resolves with the exit code.
 */
export async function serve(options: ServeOptions): Promise<number> {
  const logger = options.logger ?? createServiceLogger();
  const registry = new GrammarRegistry();
  const { agent } = createServiceAgent(options.env, registry, {
    warn: (message) => logger.warn(message),
  });
  const app = await buildApp({ agent, registry, logger });
  try {
    await app.listen({ host: options.host, port: options.port });
  } catch (error) {
    options.err(
      `lantern serve: cannot listen on ${options.host}:${options.port}: ${(error as Error).message}\n`,
    );
    await app.close();
    return 1;
  }
  return await stopped(app, logger);
}

// Resolves with the exit code once a stop signal has drained the server.
function stopped(app: FastifyInstance, logger: Logger): Promise<number> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      logger.info({ signal }, 'draining');
      const grace = setTimeout(() => {
        logger.warn({ graceMs: DRAIN_GRACE_MS }, 'requests still in flight after the grace period; exiting');
        resolve(1);
      }, DRAIN_GRACE_MS);
      grace.unref();
      void app.close().then(() => {
        clearTimeout(grace);
        logger.info('stopped');
        logger.flush();
        resolve(0);
      });
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
}
