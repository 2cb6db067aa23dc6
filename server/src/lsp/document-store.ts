import type { TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import type { GrammarRegistry } from '../syntax/grammar-registry.js';
import { type ParseLimits, SyntaxDocument } from '../syntax/syntax-document.js';

export type DocumentEvent = {
  readonly kind: 'opened' | 'changed' | 'closed';
  readonly document: SyntaxDocument;
};

/**
 * The open documents, keyed by URI. Every language is tracked (so later requests find the text);
 * only supported ones get a tree. Listeners hear about each open, change and close.
 */
export class DocumentStore {
  readonly #documents = new Map<string, SyntaxDocument>();
  readonly #listeners: ((event: DocumentEvent) => void)[] = [];

  constructor(
    private readonly registry: GrammarRegistry,
    private readonly limits: () => ParseLimits,
  ) {}

  get(uri: string): SyntaxDocument | undefined {
    return this.#documents.get(uri);
  }

  all(): IterableIterator<SyntaxDocument> {
    return this.#documents.values();
  }

  onEvent(listener: (event: DocumentEvent) => void): void {
    this.#listeners.push(listener);
  }

  open(uri: string, languageId: string, version: number, text: string): SyntaxDocument {
    const document = new SyntaxDocument(uri, languageId, version, text, this.registry, this.limits());
    this.#documents.set(uri, document);
    this.#emit({ kind: 'opened', document });
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
    this.#emit({ kind: 'changed', document });
    return document;
  }

  close(uri: string): SyntaxDocument | undefined {
    const document = this.#documents.get(uri);
    if (!document) return undefined;
    this.#documents.delete(uri);
    this.#emit({ kind: 'closed', document });
    return document;
  }

  #emit(event: DocumentEvent): void {
    for (const listener of this.#listeners) listener(event);
  }
}
