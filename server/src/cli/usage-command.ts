import type { DailyUsage } from '../store/interaction-log.js';
import { GrammarRegistry } from '../syntax/grammar-registry.js';
import { createCliAgent } from './cli-agent.js';
import type { CliIo } from './cli-io.js';

export interface UsageOptions {
  /** Days back, today (UTC) included. */
  readonly days: number;
  readonly json?: boolean;
}

/**
 * `lantern usage [--days N]`: what the model cost per day and request type — requests and tokens, from
 * the usage log in the configured store (the one `lantern serve` replicas and the editors' servers share).
 */
export async function usageCommand(io: CliIo, options: UsageOptions): Promise<number> {
  const { agent } = createCliAgent(io, new GrammarRegistry());
  // The log's store is let go when the run ends (closeCliAgents), like every command's.
  const log = agent.interactions();
  const usage = await log.dailyUsage(options.days);
  // The store's problem was said on stderr already (the agent's cache notices).
  if (!usage) throw new Error(`the usage log could not be read (${log.location})`);
  if (options.json) io.out(`${JSON.stringify({ store: log.location, days: options.days, usage })}\n`);
  else io.out(usageTable(usage, options.days, log.location));
  return 0;
}

const COLUMNS = ['day', 'type', 'requests', 'input tokens', 'output tokens'] as const;

function usageTable(usage: readonly DailyUsage[], days: number, location: string): string {
  const heading = `model use over the last ${days} day${days === 1 ? '' : 's'} (UTC), from ${location}\n`;
  if (usage.length === 0) return `${heading}no requests recorded\n`;
  const total = usage.reduce(
    (sum, row) => ({
      requests: sum.requests + row.requests,
      inputTokens: sum.inputTokens + row.inputTokens,
      outputTokens: sum.outputTokens + row.outputTokens,
    }),
    { requests: 0, inputTokens: 0, outputTokens: 0 },
  );
  const rows = [
    [...COLUMNS],
    ...usage.map((row) => [row.day, row.type, ...counts(row)]),
    ['total', '', ...counts(total)],
  ];
  const widths = COLUMNS.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0)));
  const lines = rows.map((row) =>
    row
      // Names to the left, numbers to the right.
      .map((cell, column) =>
        column < 2 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join('  ')
      .trimEnd(),
  );
  return `${heading}${lines.join('\n')}\n`;
}

function counts(row: { requests: number; inputTokens: number; outputTokens: number }): string[] {
  return [row.requests, row.inputTokens, row.outputTokens].map((count) => String(count));
}
