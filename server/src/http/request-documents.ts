import type { GrammarRegistry } from '../syntax/grammar-registry.js';
import { type LanguageName, languageSpec } from '../syntax/languages.js';
import { SyntaxDocument } from '../syntax/syntax-document.js';
import { HttpError } from './http-error.js';

/**
 * The service's "open documents": the code of the requests in flight. Each request's code becomes a
 * document with a fixed `untitled:` URI per language — nothing a client sends becomes a path here, and
 * the same snippet gives the same prompt, so answers are cached across requests. The agent asks for
 * the open document by URI to check it did not change while the model wrote a fix; a request's code
 * never changes, so any open document of that URI answers (all are version 0).
 */
export class RequestDocuments {
  readonly #open = new Map<string, { document: SyntaxDocument; count: number }>();

  constructor(private readonly registry: GrammarRegistry) {}

  /** The open document of a URI, for the agent. */
  get(uri: string): SyntaxDocument | undefined {
    return this.#open.get(uri)?.document;
  }

  /** Runs `use` with the request's code as an open document, closed when it settles. */
  async with<T>(
    code: string,
    language: LanguageName,
    use: (document: SyntaxDocument) => Promise<T>,
  ): Promise<T> {
    const spec = languageSpec(language);
    const uri = `untitled:snippet${spec.extensions[0] ?? ''}`;
    const document = new SyntaxDocument(uri, spec.languageIds[0] ?? spec.name, 0, code, this.registry);
    if (!document.tree) throw new HttpError(422, `body/code: ${document.skipReason ?? 'not analysed'}`);
    const entry = this.#open.get(uri) ?? { document, count: 0 };
    entry.count++;
    this.#open.set(uri, entry);
    try {
      return await use(document);
    } finally {
      entry.count--;
      if (entry.count === 0) this.#open.delete(uri);
    }
  }
}

/** The offset of a 1-based line's first non-blank character; a line past the end is the client's error. */
export function offsetOfLine(document: SyntaxDocument, line: number): number {
  const text = document.textDocument;
  if (line > text.lineCount)
    throw new HttpError(400, `body/line must be at most ${text.lineCount}, the number of lines of the code`);
  const lineText = text
    .getText({ start: { line: line - 1, character: 0 }, end: { line, character: 0 } })
    .replace(/\r?\n$/, '');
  return text.offsetAt({ line: line - 1, character: lineText.length - lineText.trimStart().length });
}

/** The name a request's code goes by in a diff: `snippet.py`. */
export function snippetName(document: SyntaxDocument): string {
  return document.uri.slice(document.uri.indexOf(':') + 1);
}
