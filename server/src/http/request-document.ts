import type { GrammarRegistry } from '../syntax/grammar-registry.js';
import { type LanguageName, languageSpec } from '../syntax/languages.js';
import { SyntaxDocument } from '../syntax/syntax-document.js';
import { HttpError } from './http-error.js';

/**
 * A request's code as a document of the named language. Its URI is a fixed `untitled:` name with the
 * language's extension: nothing a client sends becomes a path on this machine.
 */
export function requestDocument(
  code: string,
  language: LanguageName,
  registry: GrammarRegistry,
): SyntaxDocument {
  const spec = languageSpec(language);
  const uri = `untitled:snippet${spec.extensions[0] ?? ''}`;
  const document = new SyntaxDocument(uri, spec.languageIds[0] ?? spec.name, 0, code, registry);
  if (!document.tree) throw new HttpError(422, `code: ${document.skipReason ?? 'not analysed'}`);
  return document;
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
