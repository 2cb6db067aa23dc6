import { openRedisConnection, type RedisConnection } from './redis-client.js';
import type { SessionBackend, SessionLimits, Turn } from './sessions.js';

/** The list that holds a session's turns (JSON, oldest first). */
export function sessionListKey(sessionId: string): string {
  return `lantern:session:${sessionId}`;
}

/**
 * Sessions as Redis lists, one per session. An append is one MULTI: push the turn, trim the list to the
 * newest `maxTurns`, and expire the session `maxAgeMs` after its last turn — atomic, so replicas
 * appending to one session at the same instant keep every turn.
 */
export class RedisSessions implements SessionBackend {
  constructor(
    private readonly connection: RedisConnection,
    readonly location: string,
    private readonly limits: SessionLimits,
  ) {}

  onError(listener: (error: unknown) => void): void {
    this.connection.onError(listener);
  }

  async newest(sessionId: string, count: number): Promise<Turn[]> {
    const items = await this.connection.client.lRange(sessionListKey(sessionId), -count, -1);
    return items.map((item) => JSON.parse(String(item)) as Turn);
  }

  async append(sessionId: string, turn: Turn): Promise<void> {
    const key = sessionListKey(sessionId);
    const { question, answer, at } = turn;
    await this.connection.client
      .multi()
      .rPush(key, JSON.stringify({ question, answer, at }))
      .lTrim(key, -this.limits.maxTurns, -1)
      .pExpire(key, this.limits.maxAgeMs)
      .exec();
  }

  async close(): Promise<void> {
    await this.connection.close();
  }
}

/** Sessions in the Redis server at `url`; failing to connect is thrown. */
export async function openRedisSessions(
  url: string,
  location: string,
  limits: SessionLimits,
): Promise<RedisSessions> {
  return new RedisSessions(await openRedisConnection(url), location, limits);
}
