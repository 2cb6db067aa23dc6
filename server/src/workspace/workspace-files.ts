import { type Stats, statSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { GrammarRegistry } from '../syntax/grammar-registry.js';
import { languageFor } from '../syntax/languages.js';
import { SyntaxDocument } from '../syntax/syntax-document.js';
import { readSmallFileSync } from './regular-file.js';

const MAX_CACHED_FILES = 200;
/** Files read from disk for context are small source files; a bigger one is not worth a prompt. */
export const MAX_PARSED_FILE_BYTES = 1_000_000;

/**
 * Workspace files as parsed documents, for context from other files: the open document when the
 * editor has it (its unsaved text is the truth), else the file on disk, parsed once per modification.
 */
export class WorkspaceFiles {
  readonly #cache = new Map<string, { mtimeMs: number; size: number; document: SyntaxDocument }>();

  constructor(
    private readonly registry: GrammarRegistry,
    private readonly openDocument: (uri: string) => SyntaxDocument | undefined,
  ) {}

  /** The parsed document at a path, or undefined for a missing, huge or unsupported file. */
  document(path: string): SyntaxDocument | undefined {
    const uri = pathToFileURL(path).href;
    const open = this.openDocument(uri);
    if (open) return open;
    let stat: Stats;
    try {
      stat = statSync(path);
    } catch {
      return undefined;
    }
    const cached = this.#cache.get(path);
    if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.document;
    const language = languageFor('', uri);
    if (!language || !stat.isFile() || stat.size > MAX_PARSED_FILE_BYTES) return undefined;
    // Not readFileSync: a FIFO put in place of the file since the stat would block the server for good.
    const text = readSmallFileSync(path, MAX_PARSED_FILE_BYTES);
    if (text === undefined) return undefined;
    const document = new SyntaxDocument(
      uri,
      language.languageIds[0] ?? language.name,
      0,
      text,
      this.registry,
    );
    this.#cache.delete(path);
    this.#cache.set(path, { mtimeMs: stat.mtimeMs, size: stat.size, document });
    // Least recently added goes first: a Map iterates in insertion order.
    if (this.#cache.size > MAX_CACHED_FILES) this.#cache.delete(this.#cache.keys().next().value as string);
    return document;
  }

  /** Drops every parsed file: the next read parses the file as it is now (the cache was cleared). */
  forget(): void {
    this.#cache.clear();
  }
}
