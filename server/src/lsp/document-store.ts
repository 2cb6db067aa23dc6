import type { TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import type { GrammarRegistry } from '../syntax/grammar-registry.js';
import { type ParseLimits, SyntaxDocument } from '../syntax/syntax-document.js';

export type DocumentEvent = {
  /**
   * `closed` also when the document's language is switched off (`disabledLanguages`), and `opened`
   * when it is switched on again: to the features, a switched-off document is not open.
   */
  readonly kind: 'opened' | 'changed' | 'closed';
  readonly document: SyntaxDocument;
};

/**
 * The open documents, keyed by URI. Every language is tracked (so later requests find the text);
 * only supported ones get a tree. Listeners hear about each open, change and close.
 *
 * Documents in a language the user switched off are tracked too (switched on again, they are current)
 * but hidden: `get` and `all` do not return them and listeners hear nothing of them, so no feature
 * answers for them.
 */
export class DocumentStore {
  readonly #documents = new Map<string, SyntaxDocument>();
  readonly #listeners: ((event: DocumentEvent) => void)[] = [];
  /** URIs of the tracked documents that are switched off, as of the last open or recheck. */
  readonly #off = new Set<string>();

  constructor(
    private readonly registry: GrammarRegistry,
    private readonly limits: () => ParseLimits,
    private readonly disabledLanguages: () => readonly string[] = () => [],
  ) {}

  get(uri: string): SyntaxDocument | undefined {
    return this.#off.has(uri) ? undefined : this.#documents.get(uri);
  }

  *all(): IterableIterator<SyntaxDocument> {
    for (const document of this.#documents.values()) if (!this.#off.has(document.uri)) yield document;
  }

  onEvent(listener: (event: DocumentEvent) => void): void {
    this.#listeners.push(listener);
  }

  open(uri: string, languageId: string, version: number, text: string): SyntaxDocument {
    const document = new SyntaxDocument(uri, languageId, version, text, this.registry, this.limits());
    const previous = this.get(uri);
    this.#documents.set(uri, document);
    this.#off.delete(uri);
    if (!this.#switchedOff(document)) this.#emit({ kind: 'opened', document });
    else {
      // Opened again in a switched-off language: what was said of the old one is withdrawn.
      if (previous) this.#emit({ kind: 'closed', document: previous });
      this.#off.add(uri);
    }
    return document;
  }

  /** Applies changes; returns undefined when the document is not open (the change is dropped). */
  change(
    uri: string,
    version: number,
    changes: readonly TextDocumentContentChangeEvent[],
  ): SyntaxDocument | undefined {
    const document = this.#documents.get(uri);
    if (!document) return undefined;
    document.applyChanges(changes, version);
    if (!this.#off.has(uri)) this.#emit({ kind: 'changed', document });
    return document;
  }

  close(uri: string): SyntaxDocument | undefined {
    const document = this.#documents.get(uri);
    if (!document) return undefined;
    this.#documents.delete(uri);
    if (!this.#off.delete(uri)) this.#emit({ kind: 'closed', document });
    return document;
  }

  /**
   * After a settings change: documents whose language was just switched off are closed to the
   * features (their diagnostics cleared), those switched on again are opened (published afresh).
   */
  recheckSwitchedOff(): void {
    for (const document of this.#documents.values()) {
      const off = this.#switchedOff(document);
      if (off === this.#off.has(document.uri)) continue;
      if (off) {
        this.#emit({ kind: 'closed', document });
        this.#off.add(document.uri);
      } else {
        this.#off.delete(document.uri);
        this.#emit({ kind: 'opened', document });
      }
    }
  }

  #switchedOff(document: SyntaxDocument): boolean {
    const names = [document.languageId, document.language?.spec.name].map((name) => name?.toLowerCase());
    return this.disabledLanguages().some((language) => names.includes(language.toLowerCase()));
  }

  #emit(event: DocumentEvent): void {
    for (const listener of this.#listeners) listener(event);
  }
}
