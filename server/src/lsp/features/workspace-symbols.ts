import { pathToFileURL } from 'node:url';
import type { SymbolInformation } from 'vscode-languageserver';
import { documentFacts } from '../../workspace/facts/file-facts.js';
import { type SymbolMatch, SymbolSearch } from '../../workspace/index/symbol-search.js';
import type { Feature } from '../feature.js';
import { pathOf } from '../workspace-folders.js';
import { symbolKindOf } from './document-symbols.js';

/**
 * `workspace/symbol` over the workspace index (every indexed file, open documents with their unsaved
 * text) and the open documents that are not files (`untitled:`): ranked exact, prefix, camel-case
 * humps, then subsequence (workspace/index/symbol-search.ts).
 */
export const workspaceSymbols: Feature = {
  name: 'workspaceSymbols',
  capabilities: () => ({ workspaceSymbolProvider: true }),
  register({ connection, documents, options, guard, agent }) {
    connection.onWorkspaceSymbol(
      guard('workspace/symbol', ({ query }) => {
        const limit = options.maxWorkspaceSymbols;
        // The client's own URI for an open document (its spelling may differ from one made from the path).
        const openUris = new Map<string, string>();
        const notFiles = new SymbolSearch();
        for (const document of documents.all()) {
          const path = pathOf(document.uri);
          if (path) openUris.set(path, document.uri);
          else {
            const facts = documentFacts(document);
            if (facts) notFiles.setFile(document.uri, facts);
          }
        }
        const matches = [
          ...agent.index.searchSymbols(query, limit).map((match) => ({
            match,
            uri: openUris.get(match.path) ?? pathToFileURL(match.path).href,
          })),
          ...notFiles.search(query, limit).map((match) => ({ match, uri: match.path })),
        ];
        // Each list is ranked; merged by the same order (stable for ties).
        matches.sort((a, b) => byRank(a.match, b.match));
        return matches.slice(0, limit).map(({ match, uri }): SymbolInformation => {
          const [startLine, startCharacter, endLine, endCharacter] = match.range;
          return {
            name: match.name,
            kind: symbolKindOf(match.kind),
            location: {
              uri,
              range: {
                start: { line: startLine, character: startCharacter },
                end: { line: endLine, character: endCharacter },
              },
            },
            ...(match.container === undefined ? {} : { containerName: match.container }),
          };
        });
      }),
    );
  },
};

function byRank(a: SymbolMatch, b: SymbolMatch): number {
  return a.rank - b.rank || a.name.length - b.name.length;
}
