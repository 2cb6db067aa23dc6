import { GuardedAccess, type OpenedResource } from './guarded-access.js';
import { openRedisConnection, type RedisConnection } from './redis-client.js';

/** A key's count in its current window, and how long that window has left. */
export interface WindowCount {
  readonly current: number;
  readonly ttlMs: number;
}

// One round trip, atomic: the first request of a window starts its expiry; a key left without one (a
// crash between the two commands in an older version) gets it back.
const INCREMENT = `
local current = redis.call('INCR', KEYS[1])
if current == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {current, ttl}
`;

const PREFIX = 'lantern:rate:';

interface OpenedRedis extends OpenedResource {
  readonly connection: RedisConnection;
}

/**
 * Counts requests per key in fixed windows, in Redis, so that replicas share one count per client (a
 * client's limit is N across all of them, not N each). While Redis does not answer, each process counts
 * alone — the limit holds per replica instead of not at all — and the outage is said once.
 * Keys are what the caller gives (a token's hash, never the token).
 */
export class SharedWindowCounter {
  readonly #access: GuardedAccess<OpenedRedis>;
  readonly #local = new Map<string, { count: number; endsAt: number }>();

  constructor(
    url: string,
    location: string,
    onProblem: (message: string) => void,
    private readonly now: () => number = Date.now,
  ) {
    const open = async (): Promise<OpenedRedis> => {
      const connection = await openRedisConnection(url);
      return { connection, location, onError: (listener) => connection.onError(listener) };
    };
    this.#access = new GuardedAccess(open, location, 'rate limit store', onProblem);
  }

  async increment(key: string, windowMs: number): Promise<WindowCount> {
    const shared = await this.#access.use(async ({ connection }) => {
      const reply = (await connection.client.eval(INCREMENT, {
        keys: [`${PREFIX}${key}`],
        arguments: [String(windowMs)],
      })) as [number, number];
      return { current: Number(reply[0]), ttlMs: Number(reply[1]) };
    });
    return shared ?? this.#countHere(key, windowMs);
  }

  async close(): Promise<void> {
    await (await this.#access.opened())?.connection.close();
  }

  #countHere(key: string, windowMs: number): WindowCount {
    const now = this.now();
    // Ended windows are dropped when the map grows, so it holds about one entry per active client.
    if (this.#local.size > 1_000)
      for (const [k, w] of this.#local) if (w.endsAt <= now) this.#local.delete(k);
    let window = this.#local.get(key);
    if (!window || window.endsAt <= now) {
      window = { count: 0, endsAt: now + windowMs };
      this.#local.set(key, window);
    }
    window.count++;
    return { current: window.count, ttlMs: window.endsAt - now };
  }
}
