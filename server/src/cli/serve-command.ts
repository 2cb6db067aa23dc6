import { resolve } from 'node:path';
import type { CliIo } from './cli-io.js';

export interface ServeCommandOptions {
  readonly host?: string;
  readonly port?: string;
  readonly tokensFile?: string;
  readonly trustedRoot?: string;
  readonly logFile?: string;
}

export const DEFAULT_SERVE_HOST = '127.0.0.1';
export const DEFAULT_SERVE_PORT = 8080;

/**
 * `lantern serve`: the agent as an HTTP service. The service front (Fastify, pino) is imported only
 * here, when asked for: the other commands never pay for loading it.
 */
export async function serveCommand(io: CliIo, options: ServeCommandOptions): Promise<number> {
  const port = parsePort(options.port);
  const { serve } = await import('../http/serve.js');
  return await serve({
    host: options.host ?? DEFAULT_SERVE_HOST,
    port,
    env: io.env,
    err: io.err,
    ...(options.tokensFile !== undefined ? { tokensFile: options.tokensFile } : {}),
    ...(options.trustedRoot !== undefined ? { trustedRoot: resolve(options.trustedRoot) } : {}),
    ...(options.logFile !== undefined ? { logFile: resolve(options.logFile) } : {}),
  });
}

function parsePort(text: string | undefined): number {
  if (text === undefined) return DEFAULT_SERVE_PORT;
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65_535) throw new Error(`--port: '${text}' is not a port (0–65535)`);
  return port;
}
