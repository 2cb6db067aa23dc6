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
  readonly path: string;
  readonly name: string;
  /** Which letters, digits and `_` the name holds, one bit each: most names fail a query on this alone. */
  readonly mask: number;
  readonly lower: string;
  readonly kind: UnitKind;
  readonly range: RangeTuple;
  readonly container?: string;
  /** Where each word of the name starts, found on first need (most names never get that far). */
  humps?: readonly number[];
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
        const lower = unit.name.toLowerCase();
        return {
          path,
          name: unit.name,
          mask: maskOf(lower),
          lower,
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
    const queryMask = maskOf(lowerQuery);
    // Per rank, the matches grouped by name length: only the groups the limit reaches are sorted, so a
    // one-letter query over 100,000 names costs a pass, not a sort of everything it matches.
    const ranks: Entry[][][] = [[], [], [], [], [], []];
    for (const entries of this.#byFile.values()) {
      for (const entry of entries) {
        if ((entry.mask & queryMask) !== queryMask) continue;
        const rank = rankOf(entry, query, lowerQuery);
        if (rank === undefined) continue;
        const byLength = ranks[rank] as Entry[][];
        const group = byLength[entry.name.length];
        if (group) group.push(entry);
        else byLength[entry.name.length] = [entry];
      }
    }
    const results: SymbolMatch[] = [];
    for (const [rank, byLength] of ranks.entries()) {
      for (const group of byLength) {
        if (results.length >= limit) return results;
        if (!group) continue;
        group.sort(byNameThenPlace);
        for (const entry of group.slice(0, limit - results.length)) {
          results.push({
            name: entry.name,
            kind: entry.kind,
            path: entry.path,
            range: entry.range,
            ...(entry.container === undefined ? {} : { container: entry.container }),
            rank,
          });
        }
      }
    }
    return results;
  }
}

function byNameThenPlace(a: Entry, b: Entry): number {
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  if (a.path !== b.path) return a.path < b.path ? -1 : 1;
  return a.range[0] - b.range[0];
}

/** One bit per letter, digit and `_` of a lower-case text (other characters share the last bit). */
function maskOf(lower: string): number {
  let mask = 0;
  for (let i = 0; i < lower.length; i++) {
    const code = lower.charCodeAt(i);
    if (code >= 97 && code <= 122) mask |= 1 << (code - 97);
    else if (code >= 48 && code <= 57) mask |= 1 << 26;
    else if (code === 95) mask |= 1 << 27;
    else mask |= 1 << 28;
  }
  return mask;
}

function rankOf(entry: Entry, query: string, lowerQuery: string): number | undefined {
  if (lowerQuery === '') return 5;
  if (entry.lower === lowerQuery) return entry.name === query ? 0 : 1;
  if (entry.lower.startsWith(lowerQuery)) return entry.name.startsWith(query) ? 2 : 3;
  if (!isSubsequence(entry.lower, lowerQuery)) return undefined;
  entry.humps ??= humpStarts(entry.name);
  return matchesHumps(entry.name, lowerQuery, entry.humps) ? 4 : 5;
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
export function matchesHumps(
  name: string,
  lowerQuery: string,
  starts: readonly number[] = humpStarts(name),
): boolean {
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
export function humpStarts(name: string): number[] {
  const starts: number[] = [];
  let previous = 0; // the class of the character before: 0 other, 1 lower, 2 upper, 3 digit
  for (let i = 0; i < name.length; i++) {
    const current = classOf(name.charCodeAt(i));
    if (current !== 0) {
      const next = i + 1 < name.length ? classOf(name.charCodeAt(i + 1)) : 0;
      if (
        previous === 0 ||
        (current === 2 && (previous === 1 || previous === 3)) ||
        (current === 2 && previous === 2 && next === 1) ||
        (current === 3 && previous !== 3)
      )
        starts.push(i);
    }
    previous = current;
  }
  return starts;
}

function classOf(code: number): number {
  if (code >= 97 && code <= 122) return 1;
  if (code >= 65 && code <= 90) return 2;
  if (code >= 48 && code <= 57) return 3;
  // Letters beyond ASCII (CJK, accented) count as lower case: part of a word, never a hump by case.
  return code > 127 ? 1 : 0;
}
