import { createHash } from 'node:crypto';
import { lstat, realpath } from 'node:fs/promises';
import type { IndexManifest, IndexStore } from '../../store/index-store.js';
import { languageFor } from '../../syntax/languages.js';
import { FACTS_VERSION, type FileFacts } from '../facts/file-facts.js';
import { readFileStart } from '../regular-file.js';
import type { FactsParser } from './facts-parser.js';
import { isIndexable, listSourceFiles, type SourceFile, type SourceFileLimits } from './source-files.js';
import type { WorkspaceIndex } from './workspace-index.js';

export interface IndexBuilderOptions {
  readonly index: WorkspaceIndex;
  readonly parser: FactsParser;
  /** Where facts persist between sessions; none keeps the index in memory only. */
  readonly store: IndexStore<FileFacts> | undefined;
  readonly limits: () => SourceFileLimits;
  /** Awaited before the crawl parses each file: the server waits there for a moment with no requests. */
  readonly beforeParse?: () => Promise<void>;
  /** Problems worth a line in the log (a file that failed to parse). */
  readonly log: (message: string) => void;
}

/** What a crawl did, for the log and the bench. */
export interface CrawlSummary {
  readonly files: number;
  /** Files parsed (their facts were neither in memory nor in the store). */
  readonly parsed: number;
  /** Files whose facts came from the store. */
  readonly fromStore: number;
  readonly failed: number;
  readonly tooLarge: number;
  readonly unreadableFolders: number;
  readonly overLimit: boolean;
  readonly ms: number;
}

/** Files read and parsed at once: enough to keep the parser busy while the next file is read. */
const CONCURRENCY = 2;
/** Facts written to the store in batches of this many (one transaction each). */
const SAVE_BATCH = 50;

/**
 * Fills the index: the crawl of the workspace folders, and single files as they change. Every file's
 * facts are looked up by content hash (in memory, then in the store) before anything is parsed.
 */
export class IndexBuilder {
  readonly #unsaved: { hash: string; facts: FileFacts }[] = [];

  constructor(private readonly options: IndexBuilderOptions) {}

  /**
   * Indexes every source file of the folders; files of these folders no longer there leave the index.
   * `progress` hears how many files are done of how many. Stops early (keeping what it has) on `signal`.
   */
  async crawl(
    roots: readonly string[],
    progress: (done: number, total: number) => void,
    signal?: AbortSignal,
  ): Promise<CrawlSummary> {
    const started = performance.now();
    const { index, store } = this.options;
    const counts = { parsed: 0, fromStore: 0, failed: 0, tooLarge: 0, unreadableFolders: 0, files: 0 };
    let overLimit = false;
    const listings = [];
    for (const root of roots) {
      const listing = await listSourceFiles(root, this.options.limits(), signal);
      counts.tooLarge += listing.skipped.tooLarge;
      counts.unreadableFolders += listing.skipped.unreadable;
      overLimit ||= listing.skipped.overLimit;
      listings.push({ root, files: listing.files, manifest: (await store?.manifest(root)) ?? {} });
    }
    const total = listings.reduce((sum, listing) => sum + listing.files.length, 0);
    let done = 0;
    for (const { root, files, manifest } of listings) {
      const next: IndexManifest = {};
      const queue = [...files];
      const work = async () => {
        for (let file = queue.shift(); file && !signal?.aborted; file = queue.shift()) {
          const outcome = await this.#indexFile(file, manifest[file.path], true);
          if (outcome.hash) next[file.path] = [file.mtimeMs, file.size, outcome.hash];
          if (outcome.kind !== 'current') counts[outcome.kind]++;
          progress(++done, total);
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, work));
      if (signal?.aborted) break;
      const seen = new Set(files.map((file) => file.path));
      for (const path of [...index.paths()]) if (isUnder(root, path) && !seen.has(path)) index.delete(path);
      await this.#flush();
      await store?.saveManifest(root, next);
      counts.files += files.length;
    }
    await this.#flush();
    // Files of folders no longer in the workspace leave too.
    if (!signal?.aborted)
      for (const path of [...index.paths()])
        if (!roots.some((root) => isUnder(root, path))) index.delete(path);
    return { ...counts, overLimit, ms: Math.round(performance.now() - started) };
  }

  /** A file created or changed on disk (a watched-file event): indexed again if its content changed. */
  async update(path: string): Promise<void> {
    const { index } = this.options;
    const root = index.roots.find((candidate) => isUnder(candidate, path));
    const limits = this.options.limits();
    let stats: Awaited<ReturnType<typeof lstat>>;
    try {
      stats = await lstat(path);
    } catch {
      index.delete(path);
      return;
    }
    if (
      !root ||
      !stats.isFile() ||
      stats.size > limits.maxFileBytes ||
      !(await isIndexable(root, path, limits)) ||
      !(await staysInside(root, path))
    ) {
      index.delete(path);
      return;
    }
    // One changed file is what the user is waiting for: it does not yield like the crawl.
    await this.#indexFile({ path, size: stats.size, mtimeMs: stats.mtimeMs }, undefined, false);
    await this.#flush();
  }

  /** A file or folder deleted: it and everything under it leave the index. */
  remove(path: string): void {
    const { index } = this.options;
    for (const indexed of [...index.paths()])
      if (indexed === path || isUnder(path, indexed)) index.delete(indexed);
  }

  async #indexFile(
    file: SourceFile,
    known: readonly [number, number, string] | undefined,
    yieldFirst: boolean,
  ): Promise<{ kind: 'current' | 'parsed' | 'fromStore' | 'failed'; hash?: string }> {
    const { index } = this.options;
    // The manifest says what the content was at this modification time: no need to read it.
    if (known && known[0] === file.mtimeMs && known[1] === file.size) {
      const hash = known[2];
      if (index.hashOf(file.path) === hash) return { kind: 'current', hash };
      const [stored] = (await this.options.store?.facts([hash])) ?? [];
      if (isCurrent(stored)) {
        index.set(file.path, stored, hash);
        return { kind: 'fromStore', hash };
      }
    }
    let text: string;
    try {
      const read = await readFileStart(file.path, this.options.limits().maxFileBytes);
      if (read.truncated) return { kind: 'failed' };
      text = read.text;
    } catch {
      index.delete(file.path);
      return { kind: 'failed' };
    }
    const hash = contentHash(file.path, text);
    if (index.hashOf(file.path) === hash) return { kind: 'current', hash };
    const [stored] = (await this.options.store?.facts([hash])) ?? [];
    if (isCurrent(stored)) {
      index.set(file.path, stored, hash);
      return { kind: 'fromStore', hash };
    }
    try {
      if (yieldFirst) await this.options.beforeParse?.();
      const facts = await this.options.parser.parse(file.path, text);
      // A file Lantern does not analyse (binary, minified, too slow) has no units: an empty entry, so a
      // restart does not try it again.
      const kept = facts ?? emptyFacts(file.path);
      index.set(file.path, kept, hash);
      this.#unsaved.push({ hash, facts: kept });
      if (this.#unsaved.length >= SAVE_BATCH) await this.#flush();
      return { kind: 'parsed', hash };
    } catch (error) {
      this.options.log(`index: ${file.path}: ${error instanceof Error ? error.message : String(error)}`);
      return { kind: 'failed' };
    }
  }

  async #flush(): Promise<void> {
    const batch = this.#unsaved.splice(0);
    await this.options.store?.saveFacts(batch);
  }
}

/** The key facts are stored under: the content, the language it is parsed as, the facts' version. */
export function contentHash(path: string, text: string): string {
  const language = languageFor('', path)?.name ?? '';
  return createHash('sha256').update(`${FACTS_VERSION}\0${language}\0`).update(text).digest('hex');
}

function isCurrent(facts: FileFacts | undefined): facts is FileFacts {
  return (
    typeof facts === 'object' &&
    facts !== null &&
    facts.factsVersion === FACTS_VERSION &&
    Array.isArray(facts.units)
  );
}

function emptyFacts(path: string): FileFacts {
  return {
    factsVersion: FACTS_VERSION,
    language: languageFor('', path)?.name ?? 'typescript',
    units: [],
    imports: [],
    exports: [],
    reExports: [],
    classes: [],
    bindings: [],
  };
}

/** Whether the file, links resolved, is inside the folder (a linked folder may lead anywhere). */
async function staysInside(root: string, path: string): Promise<boolean> {
  try {
    return isUnder(await realpath(root), await realpath(path));
  } catch {
    return false;
  }
}

function isUnder(root: string, path: string): boolean {
  return path.startsWith(root.endsWith('/') ? root : `${root}/`);
}
