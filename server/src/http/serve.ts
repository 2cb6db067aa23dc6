import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { describeStore, storeKind } from '../store/open-store.js';
import { SharedWindowCounter } from '../store/shared-window-counter.js';
import { GrammarRegistry } from '../syntax/grammar-registry.js';
import { logRotationOf, RotatingLogFile } from '../telemetry/rotating-log-file.js';
import { isLoopbackHost, loadApiTokens } from './api-tokens.js';
import { type AppOptions, buildApp } from './app.js';
import { createServiceAgent } from './service-agent.js';
import { createServiceLogger } from './service-logger.js';
import { ServiceState } from './service-state.js';
import { sharedRateLimitStore } from './shared-rate-limit.js';

/** What `lantern serve` was started with (its command line, already parsed by the CLI). */
export interface ServeOptions {
  readonly host: string;
  readonly port: number;
  readonly env: NodeJS.ProcessEnv;
  /** A file of bearer tokens, one a line (besides LANTERN_API_TOKENS). */
  readonly tokensFile?: string;
  /** The one folder where `debug` may run the configured test command; never code from a request. */
  readonly trustedRoot?: string;
  /** One line for the operator (the CLI's stderr) when the service cannot start. */
  readonly err: (text: string) => void;
  /** Log to this file (JSON lines, rotated by the `log` settings) instead of stdout. */
  readonly logFile?: string;
  /** A logger other than pino on stdout. */
  readonly logger?: Logger;
  /** More of the app's options (stores, metrics routes…), from the parts of the service that own them. */
  readonly app?: Partial<AppOptions>;
}

/**
 * Runs the service until SIGTERM or SIGINT: then readiness turns 503 and new requests get 503, those in
 * flight finish (within `service.drainGraceMs`), the listener closes and the promise resolves with the
 * exit code (0; 1 when the grace period ran out). Refuses to start — a one-line error, exit code 1 —
 * when it would listen beyond this machine with no API token.
 */
export async function serve(options: ServeOptions): Promise<number> {
  let tokens: string[];
  try {
    tokens = loadApiTokens(options.env, options.tokensFile);
  } catch (error) {
    options.err(`lantern serve: ${(error as Error).message}\n`);
    return 1;
  }
  if (tokens.length === 0 && !isLoopbackHost(options.host)) {
    options.err(
      `lantern serve: refusing to listen on ${options.host} without API tokens: anyone who reaches it could spend your model quota. Set LANTERN_API_TOKENS (comma-separated) or --tokens-file, or listen on 127.0.0.1\n`,
    );
    return 1;
  }
  let logFile: RotatingLogFile | undefined;
  try {
    logFile = options.logFile === undefined ? undefined : new RotatingLogFile(options.logFile);
  } catch (error) {
    options.err(`lantern serve: cannot write the log file ${options.logFile}: ${(error as Error).message}\n`);
    return 1;
  }
  const logger = options.logger ?? createServiceLogger(logFile);
  const registry = new GrammarRegistry();
  const { agent, config, documents } = createServiceAgent(
    options.env,
    registry,
    { warn: (message) => logger.warn(message) },
    options.trustedRoot,
  );
  // The settings are known only now; until here (the settings' own warnings) the defaults applied.
  logFile?.configure(logRotationOf(config.log));
  const state = new ServiceState();
  // Replicas on one Redis share each client's rate limit; other stores keep the count in this process.
  const counter =
    storeKind(config.cache.store) === 'redis'
      ? new SharedWindowCounter(
          config.cache.store,
          describeStore(config.cache.store, options.env),
          (message) => logger.warn(message),
        )
      : undefined;
  const app = await buildApp({
    agent,
    registry,
    documents,
    ...(options.trustedRoot !== undefined ? { trustedRoot: options.trustedRoot } : {}),
    settings: config.service,
    tokens,
    logger,
    state,
    ...(counter ? { rateLimitStore: sharedRateLimitStore(counter) } : {}),
    ...options.app,
  });
  // After the listener closed and the last request ended: the stores' connections would hold the process.
  app.addHook('onClose', async () => {
    await Promise.all([agent.close(), counter?.close()]);
  });
  // Armed before listening: a SIGTERM right after the first request must drain, not kill.
  const signals = drainOnSignals(app, state, logger, config.service.drainGraceMs);
  try {
    await app.listen({ host: options.host, port: options.port });
  } catch (error) {
    options.err(
      `lantern serve: cannot listen on ${options.host}:${options.port}: ${(error as Error).message}\n`,
    );
    await app.close();
    signals.disarm();
    return 1;
  }
  logger.info(
    { authentication: tokens.length > 0 ? `${tokens.length} token(s)` : 'none (loopback only)' },
    'serving',
  );
  return await signals.done;
}

/** The exit code once a stop signal has drained the service; `disarm` removes the signal handlers. */
interface StopSignals {
  readonly done: Promise<number>;
  disarm(): void;
}

// SIGTERM (Kubernetes, docker stop) or SIGINT (Ctrl-C): drain, wait for the requests in flight, close.
function drainOnSignals(
  app: FastifyInstance,
  state: ServiceState,
  logger: Logger,
  graceMs: number,
): StopSignals {
  let stop: (signal: NodeJS.Signals) => void = () => undefined;
  const disarm = () => {
    process.off('SIGTERM', stop);
    process.off('SIGINT', stop);
  };
  const done = new Promise<number>((resolve) => {
    stop = (signal) => {
      disarm();
      state.drain();
      logger.info({ signal, inFlight: state.inFlight, graceMs }, 'draining');
      let timedOut = false;
      const grace = new Promise<void>((wake) => setTimeout(wake, graceMs).unref()).then(() => {
        timedOut = true;
      });
      void Promise.race([state.idle(), grace])
        .then(() => {
          if (timedOut)
            logger.warn({ inFlight: state.inFlight }, 'grace period over with requests in flight; closing');
          return app.close();
        })
        .then(() => {
          logger.info('stopped');
          logger.flush();
          resolve(timedOut ? 1 : 0);
        });
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
  return { done, disarm };
}
