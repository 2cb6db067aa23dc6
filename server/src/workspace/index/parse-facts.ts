import { pathToFileURL } from 'node:url';
import type { GrammarRegistry } from '../../syntax/grammar-registry.js';
import { languageFor } from '../../syntax/languages.js';
import { SyntaxDocument } from '../../syntax/syntax-document.js';
import { documentFacts, type FileFacts } from '../facts/file-facts.js';

/**
 * The facts of a file's text, parsed as an open document would be (same limits, same TypeScript gap
 * rewrites); undefined when it is not analysed (no grammar, binary, minified, over the parse budget).
 */
export function parseFacts(registry: GrammarRegistry, path: string, text: string): FileFacts | undefined {
  const uri = pathToFileURL(path).href;
  const spec = languageFor('', uri);
  if (!spec) return undefined;
  return documentFacts(new SyntaxDocument(uri, spec.languageIds[0] ?? spec.name, 0, text, registry));
}
