import type { OpenedStore } from './open-store.js';
import { StoreAccess } from './store-access.js';

/** Per file of a workspace folder: `[mtimeMs, size, contentHash]` when it was last indexed. */
export type IndexManifest = Record<string, readonly [number, number, string]>;

/** Facts unused this long are dropped by the store (a file's facts are stored again when it is next parsed). */
const FACTS_TTL_MS = 90 * 24 * 3600 * 1000;

/**
 * The workspace index between sessions, in the same keyv store as the response cache (its own
 * namespace): each file's facts keyed by the hash of its content, so a file is parsed once for as long
 * as its text stays the same (wherever it lives, and across branches), and per workspace folder a
 * manifest of what each file's content hash was at which modification time, so a restart does not even
 * read a file that has not changed. Values are plain JSON; the caller checks what it reads (an older
 * Lantern may have written it). A failing store is a miss: the index is then built by parsing.
 */
export class IndexStore<Facts> {
  readonly #store: StoreAccess;

  constructor(open: () => Promise<OpenedStore>, location: string, onProblem: (message: string) => void) {
    this.#store = new StoreAccess(open, location, 'index store', onProblem);
  }

  get location(): string {
    return this.#store.location;
  }

  /** The facts stored for each hash (undefined where none are). */
  async facts(hashes: readonly string[]): Promise<(Facts | undefined)[]> {
    if (hashes.length === 0) return [];
    const found = await this.#store.use((store) => store.getMany<Facts>(hashes.map(factsKey)));
    return found ?? hashes.map(() => undefined);
  }

  async saveFacts(entries: readonly { hash: string; facts: Facts }[]): Promise<void> {
    if (entries.length === 0) return;
    await this.#store.use((store) =>
      store.setMany(
        entries.map(({ hash, facts }) => ({ key: factsKey(hash), value: facts, ttl: FACTS_TTL_MS })),
      ),
    );
  }

  async manifest(root: string): Promise<IndexManifest | undefined> {
    const found = await this.#store.use((store) => store.get<IndexManifest>(manifestKey(root)));
    return found && typeof found === 'object' ? found : undefined;
  }

  async saveManifest(root: string, manifest: IndexManifest): Promise<void> {
    await this.#store.use((store) => store.set(manifestKey(root), manifest));
  }

  /** Removes every file's facts and every folder's manifest (this namespace only: the cache's own stay). */
  async clear(): Promise<void> {
    await this.#store.use((store) => store.clear());
  }

  async close(): Promise<void> {
    await this.#store.close();
  }
}

function factsKey(hash: string): string {
  return `facts:${hash}`;
}

function manifestKey(root: string): string {
  return `manifest:${root}`;
}
