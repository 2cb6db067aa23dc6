import type { RedisClientType } from '@keyv/redis';

/** A connected Redis client of Lantern's own, and how to hear of its troubles. */
export interface RedisConnection {
  readonly client: RedisClientType;
  onError(listener: (error: unknown) => void): void;
  close(): Promise<void>;
}

const CONNECT_TIMEOUT_MS = 2_000;

/**
 * Connects to `url` with the client keyv's Redis adapter uses (node-redis, re-exported by @keyv/redis:
 * no second Redis library). Reconnects by itself with backoff after a cut; failing to connect at first
 * is thrown (the caller tries again on its next use). Its `error` events — with no listener, a crash —
 * go to the listeners given to onError.
 */
export async function openRedisConnection(url: string): Promise<RedisConnection> {
  const { createClient } = await import('@keyv/redis');
  const listeners: ((error: unknown) => void)[] = [];
  let connected = false;
  const client = createClient({
    url,
    socket: {
      connectTimeout: CONNECT_TIMEOUT_MS,
      // Before the first connection, a refusal ends the attempt at once (the caller tries again later);
      // after it, a cut is retried with backoff for as long as it lasts.
      reconnectStrategy: (attempts: number, cause: Error) =>
        connected ? Math.min(2 ** attempts * 100, 2_000) : cause,
    },
  }) as RedisClientType;
  client.once('ready', () => {
    connected = true;
  });
  client.on('error', (error: unknown) => {
    for (const listener of listeners) listener(error);
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.connect(),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no connection within ${CONNECT_TIMEOUT_MS} ms`)),
          CONNECT_TIMEOUT_MS,
        );
      }),
    ]);
  } catch (error) {
    client.destroy();
    throw error;
  } finally {
    clearTimeout(timer);
  }
  // A CLI command ends when its work is done, not when Redis lets go (the usage log's writer keeps the
  // process alive while a write is under way).
  client.unref();
  return {
    client,
    onError: (listener) => listeners.push(listener),
    close: async () => {
      if (client.isOpen) await client.close();
    },
  };
}
