import type { DailyUsage, Interaction, InteractionBackend } from './interaction-log.js';
import { sumByDay } from './interaction-log.js';
import { openRedisConnection, type RedisConnection } from './redis-client.js';

/** The stream every replica appends to. */
export const INTERACTIONS_STREAM = 'lantern:interactions';

/**
 * The interaction log as a Redis stream, trimmed to exactly `limit` entries on every append (MAXLEN =).
 * Redis cannot sum by day: the query reads the stream (bounded by the limit) and sums here.
 */
export class RedisInteractions implements InteractionBackend {
  constructor(
    private readonly connection: RedisConnection,
    readonly location: string,
    private readonly limit: number,
  ) {}

  onError(listener: (error: unknown) => void): void {
    this.connection.onError(listener);
  }

  async append(interaction: Interaction): Promise<void> {
    await this.connection.client.xAdd(
      INTERACTIONS_STREAM,
      '*',
      {
        type: interaction.type,
        inputHash: interaction.inputHash,
        inputTokens: String(interaction.inputTokens),
        outputTokens: String(interaction.outputTokens),
        durationMs: String(interaction.durationMs),
        status: interaction.status,
        at: String(interaction.at),
      },
      { TRIM: { strategy: 'MAXLEN', strategyModifier: '=', threshold: this.limit } },
    );
  }

  async dailyUsage(sinceMs: number): Promise<DailyUsage[]> {
    const entries = await this.connection.client.xRange(INTERACTIONS_STREAM, '-', '+');
    return sumByDay(
      entries.map((entry) => fromFields(entry.message)),
      sinceMs,
    );
  }

  async recent(count: number): Promise<Interaction[]> {
    const entries = await this.connection.client.xRevRange(INTERACTIONS_STREAM, '+', '-', { COUNT: count });
    return entries.map((entry) => fromFields(entry.message));
  }

  async ping(): Promise<void> {
    await this.connection.client.ping();
  }

  async close(): Promise<void> {
    await this.connection.close();
  }
}

function fromFields(fields: Record<string, string | unknown>): Interaction {
  const text = (name: string) => String(fields[name] ?? '');
  return {
    type: text('type'),
    inputHash: text('inputHash'),
    inputTokens: Number(text('inputTokens')),
    outputTokens: Number(text('outputTokens')),
    durationMs: Number(text('durationMs')),
    status: text('status'),
    at: Number(text('at')),
  };
}

/** The log in the Redis server at `url`; failing to connect is thrown. */
export async function openRedisInteractions(
  url: string,
  location: string,
  limit: number,
): Promise<RedisInteractions> {
  return new RedisInteractions(await openRedisConnection(url), location, limit);
}
