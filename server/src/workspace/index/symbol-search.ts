import type { UnitKind } from '../../syntax/code-units.js';
import type { FileFacts, RangeTuple } from '../facts/file-facts.js';

/** A unit found by a symbol search. */
export interface SymbolMatch {
  readonly name: string;
  readonly kind: UnitKind;
  readonly path: string;
  readonly range: RangeTuple;
  /** The enclosing unit's name (a method's class). */
  readonly container?: string;
  /** How it matched: 0 exact, 1 exact ignoring case, 2 prefix, 3 prefix ignoring case, 4 camel-case humps, 5 subsequence. */
  readonly rank: number;
}

interface Entry {
  readonly name: string;
  readonly lower: string;
  readonly kind: UnitKind;
  readonly range: RangeTuple;
  readonly container?: string;
}

/**
 * The units of every indexed file, searchable by name. Ranked: the exact name, then names starting
 * with the query, then names whose camel-case humps (or `_`-separated words) the query abbreviates
 * (`FBR` → `FooBarRaz`, `subUn` → `subscribeUntil`), then names holding the query's characters in order;
 * within a rank, shorter names first, then by name and path. Case counts only to rank an exact match
 * or a prefix of the same case first.
 */
export class SymbolSearch {
  readonly #byFile = new Map<string, readonly Entry[]>();

  setFile(path: string, facts: FileFacts): void {
    this.#byFile.set(
      path,
      facts.units.map((unit) => {
        const container = unit.parent === undefined ? undefined : facts.units[unit.parent]?.name;
        return {
          name: unit.name,
          lower: unit.name.toLowerCase(),
          kind: unit.kind,
          range: unit.range,
          ...(container === undefined ? {} : { container }),
        };
      }),
    );
  }

  deleteFile(path: string): void {
    this.#byFile.delete(path);
  }

  /** At most `limit` units matching `query`, best first. An empty query matches every unit. */
  search(query: string, limit: number): SymbolMatch[] {
    const lowerQuery = query.toLowerCase();
    const buckets: { entry: Entry; path: string }[][] = [[], [], [], [], [], []];
    for (const [path, entries] of this.#byFile) {
      for (const entry of entries) {
        const rank = rankOf(entry, query, lowerQuery);
        if (rank !== undefined) buckets[rank]?.push({ entry, path });
      }
    }
    const results: SymbolMatch[] = [];
    for (const [rank, bucket] of buckets.entries()) {
      if (results.length >= limit) break;
      bucket.sort(
        (a, b) =>
          a.entry.name.length - b.entry.name.length ||
          (a.entry.name < b.entry.name ? -1 : a.entry.name > b.entry.name ? 1 : 0) ||
          (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) ||
          a.entry.range[0] - b.entry.range[0],
      );
      for (const { entry, path } of bucket.slice(0, limit - results.length)) {
        results.push({
          name: entry.name,
          kind: entry.kind,
          path,
          range: entry.range,
          ...(entry.container === undefined ? {} : { container: entry.container }),
          rank,
        });
      }
    }
    return results;
  }
}

function rankOf(entry: Entry, query: string, lowerQuery: string): number | undefined {
  if (lowerQuery === '') return 5;
  if (entry.lower === lowerQuery) return entry.name === query ? 0 : 1;
  if (entry.lower.startsWith(lowerQuery)) return entry.name.startsWith(query) ? 2 : 3;
  if (!isSubsequence(entry.lower, lowerQuery)) return undefined;
  return matchesHumps(entry.name, lowerQuery) ? 4 : 5;
}

/** Whether every character of `query` appears in `name`, in order (both lower case). */
export function isSubsequence(name: string, query: string): boolean {
  let from = 0;
  for (let i = 0; i < query.length; i++) {
    const found = name.indexOf(query[i] as string, from);
    if (found === -1) return false;
    from = found + 1;
  }
  return true;
}

/**
 * Whether `lowerQuery` is a run of hump prefixes of `name`: each piece of the query starts a hump (a
 * word of a camelCase, PascalCase or snake_case name), humps in order, some skipped.
 */
export function matchesHumps(name: string, lowerQuery: string): boolean {
  const starts = humpStarts(name);
  const lowerName = name.toLowerCase();
  const from = (queryAt: number, hump: number): boolean => {
    if (queryAt === lowerQuery.length) return true;
    for (let h = hump; h < starts.length; h++) {
      const start = starts[h] as number;
      const end = starts[h + 1] ?? name.length;
      for (let k = 0; start + k < end && queryAt + k < lowerQuery.length; k++) {
        if (lowerName[start + k] !== lowerQuery[queryAt + k]) break;
        if (from(queryAt + k + 1, h + 1)) return true;
      }
    }
    return false;
  };
  return from(0, 0);
}

/** Where each word of a name starts: `getHTTPResponse` → g, H, R; `read_file` → r, f. */
function humpStarts(name: string): number[] {
  const starts: number[] = [];
  for (let i = 0; i < name.length; i++) {
    const char = name[i] as string;
    if (!/[A-Za-z0-9]/.test(char)) continue;
    const previous = name[i - 1];
    const next = name[i + 1];
    const isUpper = char !== char.toLowerCase();
    if (
      previous === undefined ||
      !/[A-Za-z0-9]/.test(previous) ||
      (isUpper && previous === previous.toLowerCase() && /[a-z0-9]/.test(previous)) ||
      (isUpper && previous !== previous.toLowerCase() && next !== undefined && /[a-z]/.test(next)) ||
      (/[0-9]/.test(char) && !/[0-9]/.test(previous))
    )
      starts.push(i);
  }
  return starts;
}
