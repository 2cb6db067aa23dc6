/**
 * A realistic TypeScript module of an exact line count, made by repeating varied real-looking blocks
 * (interfaces with JSDoc, classes with methods and accessors, arrow functions, enums, generics, async
 * code, object literals). Deterministic, so every run parses and edits the same text.
 */

const IMPORTS = `import { EventEmitter } from 'node:events';
import { readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Logger, Metrics } from './telemetry/index.js';
import { type CacheStore, createCache } from './store/cache.js';
import * as schema from './config/schema.js';
`;

const NOUNS = ['Order', 'Invoice', 'Customer', 'Shipment', 'Ledger', 'Session', 'Report', 'Catalog'];

/** One block per template; `n` makes every name unique, `noun` varies the vocabulary. */
const TEMPLATES = [
  (n, noun) => `
/**
 * A ${noun.toLowerCase()} as stored by the ${noun.toLowerCase()} service.
 * Fields are immutable once the record is committed.
 */
export interface ${noun}Record${n} {
  readonly id: string;
  readonly createdAt: Date;
  readonly amount: number;
  readonly tags: readonly string[];
  readonly owner?: { name: string; email: string };
}

export type ${noun}Filter${n} = Partial<Pick<${noun}Record${n}, 'id' | 'amount'>> & { since?: Date };

export enum ${noun}State${n} {
  Draft = 'draft',
  Pending = 'pending',
  Committed = 'committed',
  Archived = 'archived',
}
`,
  (n, noun) => `
/**
 * Keeps ${noun.toLowerCase()} records in memory with a bounded cache in front of the store.
 *
 * @example
 * const repo = new ${noun}Repository${n}(store, logger);
 * await repo.save(record);
 */
export class ${noun}Repository${n} extends EventEmitter {
  readonly #cache = new Map<string, ${noun}Record${n % 7}>();
  #hits = 0;

  constructor(
    private readonly store: CacheStore,
    private readonly logger: Logger,
    private readonly limit = ${100 + n},
  ) {
    super();
  }

  /** Loads one record, from the cache when it is there. */
  async load(id: string): Promise<${noun}Record${n % 7} | undefined> {
    const cached = this.#cache.get(id);
    if (cached) {
      this.#hits++;
      return cached;
    }
    const raw = await this.store.get(\`${noun.toLowerCase()}:\${id}\`);
    if (raw === undefined) return undefined;
    const record = decode${noun}${n}(raw);
    this.#remember(id, record);
    return record;
  }

  /** Saves a record and tells listeners. */
  async save(record: ${noun}Record${n % 7}): Promise<void> {
    await this.store.set(\`${noun.toLowerCase()}:\${record.id}\`, JSON.stringify(record));
    this.#remember(record.id, record);
    this.emit('saved', record.id);
    this.logger.info(\`saved ${noun.toLowerCase()} \${record.id} (\${this.#hits} cache hits)\`);
  }

  get size(): number {
    return this.#cache.size;
  }

  #remember(id: string, record: ${noun}Record${n % 7}): void {
    if (this.#cache.size >= this.limit) {
      const oldest = this.#cache.keys().next().value;
      if (oldest !== undefined) this.#cache.delete(oldest);
    }
    this.#cache.set(id, record);
  }
}
`,
  (n, noun) => `
/** Parses a stored ${noun.toLowerCase()}; throws on a malformed value so corruption is noticed early. */
export function decode${noun}${n}(raw: string): ${noun}Record${n % 7} {
  const value = JSON.parse(raw) as Record<string, unknown>;
  if (typeof value.id !== 'string' || typeof value.amount !== 'number') {
    throw new TypeError(\`malformed ${noun.toLowerCase()}: \${raw.slice(0, 40)}\`);
  }
  const tags = Array.isArray(value.tags) ? value.tags.filter((tag): tag is string => typeof tag === 'string') : [];
  return { id: value.id, amount: value.amount, createdAt: new Date(String(value.createdAt)), tags };
}

export const total${noun}s${n} = (records: readonly ${noun}Record${n % 7}[]): number =>
  records.reduce((sum, record) => sum + record.amount, 0);

export const by${noun}Owner${n} = (records: readonly ${noun}Record${n % 7}[]) => {
  const groups = new Map<string, ${noun}Record${n % 7}[]>();
  for (const record of records) {
    const key = record.owner?.email ?? 'unknown';
    const group = groups.get(key) ?? [];
    group.push(record);
    groups.set(key, group);
  }
  return groups;
};
`,
  (n, noun) => `
/**
 * Writes a summary of ${noun.toLowerCase()}s to disk, retrying once on a transient error.
 * @param records what to summarise
 * @param dir where the report goes
 */
export async function write${noun}Report${n}(records: ${noun}Record${n % 7}[], dir: string, metrics: Metrics): Promise<string> {
  const started = Date.now();
  const lines = records
    .filter((record) => record.amount > ${n % 50})
    .sort((a, b) => b.amount - a.amount)
    .map((record, index) => \`\${index + 1}. \${record.id}\\t\${record.amount.toFixed(2)}\`);
  const path = join(dir, \`${noun.toLowerCase()}-report-${n}.txt\`);
  try {
    await writeFile(path, lines.join('\\n'), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
    await writeFile(path, lines.join('\\n'), 'utf8');
  } finally {
    metrics.observe('${noun.toLowerCase()}_report_ms', Date.now() - started);
  }
  return relative(process.cwd(), path);
}
`,
  (n, noun) => `
export const ${noun.toLowerCase()}Defaults${n} = {
  pageSize: ${10 + (n % 40)},
  retries: ${n % 4},
  currency: '${['EUR', 'USD', 'GBP', 'JPY'][n % 4]}',
  labels: ['${noun.toLowerCase()}', 'generated', 'v${n}'],
  validate: (value: unknown): value is ${noun}Record${n % 7} =>
    typeof value === 'object' && value !== null && 'id' in value,
} as const;

/** Reads the configured ${noun.toLowerCase()} settings, falling back to the defaults above. */
export async function load${noun}Settings${n}(path: string): Promise<typeof ${noun.toLowerCase()}Defaults${n}> {
  const text = await readFile(path, 'utf8').catch(() => '{}');
  const parsed = schema.parse(JSON.parse(text));
  return { ...${noun.toLowerCase()}Defaults${n}, ...parsed };
}
`,
  (n, noun) => `
/** A generic pipeline stage over ${noun.toLowerCase()}s; stages compose left to right. */
export abstract class ${noun}Stage${n}<In, Out = In> {
  protected abstract run(input: In): Out | Promise<Out>;

  then<Next>(next: ${noun}Stage${n}<Out, Next>): ${noun}Stage${n}<In, Next> {
    const self = this;
    return new (class extends ${noun}Stage${n}<In, Next> {
      protected async run(input: In): Promise<Next> {
        return next.apply(await self.apply(input));
      }
    })();
  }

  async apply(input: In): Promise<Out> {
    return this.run(input);
  }
}

export class Normalize${noun}${n} extends ${noun}Stage${n}<${noun}Record${n % 7}> {
  protected run(input: ${noun}Record${n % 7}): ${noun}Record${n % 7} {
    const tags = [...new Set(input.tags.map((tag) => tag.trim().toLowerCase()))];
    return { ...input, tags, amount: Math.round(input.amount * 100) / 100 };
  }
}

const cache${n} = createCache<${noun}Record${n % 7}>({ ttlMs: ${1000 * (1 + (n % 9))} });
`,
];

/** A TypeScript module of exactly `lineCount` lines (the last one ends with a newline). */
export function generateTypeScript(lineCount = 5000) {
  const lines = IMPORTS.split('\n').slice(0, -1);
  for (let n = 0; ; n++) {
    const template = TEMPLATES[n % TEMPLATES.length];
    const noun = NOUNS[Math.floor(n / TEMPLATES.length) % NOUNS.length];
    const block = template(n, noun).split('\n').slice(0, -1);
    if (lines.length + block.length > lineCount) break;
    lines.push(...block);
  }
  // Pad to the exact count with small real declarations rather than blank lines.
  for (let n = 0; lines.length < lineCount; n++) lines.push(`export const padding${n} = ${n} as const;`);
  return `${lines.join('\n')}\n`;
}

/**
 * Places to type in: the end of each `const`/`let` name, where inserting a character renames a variable
 * and keeps the file valid (so every edit costs a typical incremental reparse, not error recovery).
 */
export function typingPositions(text) {
  const positions = [];
  text.split('\n').forEach((line, row) => {
    const match = /^\s+(?:const|let) ([A-Za-z_]\w*) =/.exec(line);
    if (match) positions.push({ line: row, character: match[0].indexOf(match[1]) + match[1].length });
  });
  return positions;
}
