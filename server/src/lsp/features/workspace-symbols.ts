import type { SymbolInformation } from 'vscode-languageserver';
import type { Feature } from '../feature.js';
import { rangeOf } from '../ranges.js';
import { symbolKindOf } from './document-symbols.js';

/** `workspace/symbol` over the open documents: a case-insensitive subsequence match on unit names. */
export const workspaceSymbols: Feature = {
  name: 'workspaceSymbols',
  capabilities: () => ({ workspaceSymbolProvider: true }),
  register({ connection, documents, options, guard }) {
    connection.onWorkspaceSymbol(
      guard('workspace/symbol', ({ query }, token) => {
        const results: SymbolInformation[] = [];
        for (const document of documents.all()) {
          if (token.isCancellationRequested) break;
          const units = document.units();
          for (const unit of units) {
            if (!matchesQuery(unit.name, query)) continue;
            const parent = unit.parentIndex === undefined ? undefined : units[unit.parentIndex];
            results.push({
              name: unit.name,
              kind: symbolKindOf(unit.kind),
              location: { uri: document.uri, range: rangeOf(document, unit.startIndex, unit.endIndex) },
              ...(parent ? { containerName: parent.name } : {}),
            });
            if (results.length >= options.maxWorkspaceSymbols) return results;
          }
        }
        return results;
      }),
    );
  },
};

/** Whether every character of the query appears in the name, in order, ignoring case ("gUsr" ~ "getUser"). */
export function matchesQuery(name: string, query: string): boolean {
  const haystack = name.toLowerCase();
  let from = 0;
  for (const char of query.toLowerCase()) {
    const found = haystack.indexOf(char, from);
    if (found === -1) return false;
    from = found + char.length;
  }
  return true;
}
