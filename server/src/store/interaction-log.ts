import { createHash } from 'node:crypto';
import { GuardedAccess, type OpenedResource } from './guarded-access.js';

/**
 * One request the agent served, as the durable memory of interactions keeps it: what kind, which input
 * (a hash: the input itself, and any key or token, is never stored), what it cost and how it ended.
 */
export interface Interaction {
  /** The request type (`explain`, `ask`…): a short lower-case name, never free text. */
  readonly type: string;
  /** sha256 (hex) of the input, from {@link hashInput}: equal inputs are seen as equal, nothing more. */
  readonly inputHash: string;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly durationMs: number;
  /** How it ended (`ok`, `error`, `rejected`, `cancelled`…): a short lower-case name. */
  readonly status: string;
  /** When it finished, in milliseconds since the epoch. */
  readonly at: number;
}

/** What one type of request cost on one day (UTC). */
export interface DailyUsage {
  /** `YYYY-MM-DD`, UTC. */
  readonly day: string;
  readonly type: string;
  readonly requests: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
}

/** How each kind of store keeps the log: appends, bounded, and sums by day. */
export interface InteractionBackend extends OpenedResource {
  /** Appends one interaction; beyond the limit the log was opened with, the oldest are dropped. */
  append(interaction: Interaction): Promise<void>;
  /** Usage per day and type for the interactions at or after `sinceMs`, ordered by day then type. */
  dailyUsage(sinceMs: number): Promise<DailyUsage[]>;
  /** The most recent interactions, newest first. */
  recent(count: number): Promise<Interaction[]>;
  /** Resolves when the store answers a trivial query now, rejects when it does not (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** The most interactions a log keeps by default: about a month of a busy team's requests. */
export const DEFAULT_INTERACTION_LIMIT = 100_000;

const NAME = /^[a-z][a-z0-9_-]{0,31}$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;
const DAY_MS = 86_400_000;

/** sha256 (hex) over the parts of a request's input, each separated so that parts cannot run into each other. */
export function hashInput(parts: readonly string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) {
    hash.update(part);
    hash.update('\u0000');
  }
  return hash.digest('hex');
}

/**
 * Why `interaction` may not be stored, or undefined when it may: names must be names and the hash a
 * hash, so that nothing a user typed (or a key) can be smuggled into the log through a field.
 */
export function invalidInteraction(interaction: Interaction): string | undefined {
  if (!NAME.test(interaction.type)) return 'a request type must be a short lower-case name';
  if (!NAME.test(interaction.status)) return 'a status must be a short lower-case name';
  if (!SHA256_HEX.test(interaction.inputHash)) return 'an input hash must be sha256 in hex';
  for (const count of [interaction.inputTokens, interaction.outputTokens])
    if (!Number.isSafeInteger(count) || count < 0) return 'token counts must be whole numbers ≥ 0';
  if (!Number.isFinite(interaction.durationMs) || interaction.durationMs < 0) return 'a duration must be ≥ 0';
  if (!Number.isSafeInteger(interaction.at) || interaction.at < 0) return 'a time must be whole milliseconds';
  return undefined;
}

/** An interaction's values in the order of the SQL tables' columns (type … at, the id left out). */
export function columnValues(
  interaction: Interaction,
): [string, string, number, number, number, string, number] {
  const { type, inputHash, inputTokens, outputTokens, durationMs, status, at } = interaction;
  return [type, inputHash, inputTokens, outputTokens, durationMs, status, at];
}

/** `YYYY-MM-DD` (UTC) of a time in milliseconds. */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Sums interactions by day and type (for stores that cannot: memory, Redis), ordered by day then type. */
export function sumByDay(interactions: Iterable<Interaction>, sinceMs: number): DailyUsage[] {
  const sums = new Map<
    string,
    { day: string; type: string; requests: number; inputTokens: number; outputTokens: number }
  >();
  for (const interaction of interactions) {
    if (interaction.at < sinceMs) continue;
    const day = utcDay(interaction.at);
    const key = `${day} ${interaction.type}`;
    const sum = sums.get(key) ?? {
      day,
      type: interaction.type,
      requests: 0,
      inputTokens: 0,
      outputTokens: 0,
    };
    sum.requests++;
    sum.inputTokens += interaction.inputTokens;
    sum.outputTokens += interaction.outputTokens;
    sums.set(key, sum);
  }
  return [...sums.values()].sort((a, b) => a.day.localeCompare(b.day) || a.type.localeCompare(b.type));
}

/**
 * The durable memory of interactions, in the configured store: bounded (the oldest go first), and
 * queryable for cost per day. Like the cache, it may never break an answer: a store that fails loses
 * the record and says so once; a query answers `undefined`.
 */
export class InteractionLog {
  readonly #access: GuardedAccess<InteractionBackend>;

  constructor(
    open: () => Promise<InteractionBackend>,
    location: string,
    onProblem: (message: string) => void,
  ) {
    this.#access = new GuardedAccess(open, location, 'usage log', onProblem);
  }

  get location(): string {
    return this.#access.location;
  }

  async record(interaction: Interaction): Promise<void> {
    const invalid = invalidInteraction(interaction);
    if (invalid) {
      this.#access.report(`an interaction was not recorded: ${invalid}`);
      return;
    }
    await this.#access.use((backend) => backend.append(interaction));
  }

  /** Tokens and requests per day and type over the last `days` days (today included, UTC). */
  async dailyUsage(days: number, now: number = Date.now()): Promise<DailyUsage[] | undefined> {
    const since = Date.parse(`${utcDay(now - (days - 1) * DAY_MS)}T00:00:00Z`);
    return this.#access.use((backend) => backend.dailyUsage(since));
  }

  async recent(count: number): Promise<Interaction[] | undefined> {
    return this.#access.use((backend) => backend.recent(count));
  }

  /** Whether the log's store answers now (opened again if it was not): a readiness probe. */
  reachable(): Promise<boolean> {
    return this.#access.answers((backend) => backend.ping());
  }

  async close(): Promise<void> {
    await (await this.#access.opened())?.close();
  }
}

/** The log of one process, in memory (the `memory` store): bounded like the others, gone at exit. */
export class MemoryInteractions implements InteractionBackend {
  readonly location = 'memory';
  readonly #kept: Interaction[] = [];

  constructor(private readonly limit: number) {}

  onError(): void {
    // Memory does not fail.
  }

  async append(interaction: Interaction): Promise<void> {
    this.#kept.push(interaction);
    // Dropping in batches keeps appends O(1) on average: the array never holds more than 2 × limit.
    if (this.#kept.length >= 2 * this.limit) this.#kept.splice(0, this.#kept.length - this.limit);
  }

  async dailyUsage(sinceMs: number): Promise<DailyUsage[]> {
    return sumByDay(this.#kept.slice(-this.limit), sinceMs);
  }

  async recent(count: number): Promise<Interaction[]> {
    return this.#kept.slice(-Math.min(count, this.limit)).reverse();
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {}
}
