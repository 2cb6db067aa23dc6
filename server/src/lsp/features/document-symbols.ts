import { type DocumentSymbol, type SymbolInformation, SymbolKind } from 'vscode-languageserver';
import type { CodeUnit, UnitKind } from '../../syntax/code-units.js';
import type { SyntaxDocument } from '../../syntax/syntax-document.js';
import { MessageType } from '../client-notifier.js';
import type { Feature } from '../feature.js';
import { rangeOf } from '../ranges.js';

const SYMBOL_KINDS: Record<UnitKind, SymbolKind> = {
  function: SymbolKind.Function,
  method: SymbolKind.Method,
  class: SymbolKind.Class,
  interface: SymbolKind.Interface,
  enum: SymbolKind.Enum,
  type: SymbolKind.TypeParameter,
  namespace: SymbolKind.Namespace,
};

/** The symbol kind shown for a unit kind. */
export function symbolKindOf(kind: UnitKind): SymbolKind {
  return SYMBOL_KINDS[kind];
}

/** `textDocument/documentSymbol`: the outline, hierarchical when the client supports it. */
export const documentSymbols: Feature = {
  name: 'documentSymbols',
  capabilities: () => ({ documentSymbolProvider: { label: 'Lantern' } }),
  register({ connection, documents, client, options, guard, notifier }) {
    // The outline sizes already reported as capped, per document: editors ask again after every edit.
    const reported = new Map<string, number>();
    documents.onEvent(({ kind, document }) => {
      if (kind === 'closed') reported.delete(document.uri);
    });
    connection.onDocumentSymbol(
      guard('textDocument/documentSymbol', ({ textDocument }) => {
        const document = documents.get(textDocument.uri);
        if (!document) return [];
        const all = document.units();
        // Parents come before their children, so the first units keep every parent they refer to.
        const units = all.slice(0, options.maxDocumentSymbols);
        if (units.length < all.length && reported.get(document.uri) !== all.length) {
          reported.set(document.uri, all.length);
          const counts = `${units.length.toLocaleString('en')} of ${all.length.toLocaleString('en')}`;
          notifier.log(
            MessageType.Warning,
            `Lantern: the outline of ${document.uri} lists the first ${counts} symbols.`,
          );
        }
        const hierarchical =
          client().textDocument?.documentSymbol?.hierarchicalDocumentSymbolSupport === true;
        return hierarchical
          ? symbolTree(document, units, options.maxSymbolDepth)
          : flatSymbols(document, units);
      }),
    );
  },
};

/**
 * The units as a tree of DocumentSymbols. Built iteratively; units nested deeper than `maxDepth` are
 * attached at that depth, because a 20,000-deep reply would exceed what JSON encoders can nest.
 */
function symbolTree(
  document: SyntaxDocument,
  units: readonly CodeUnit[],
  maxDepth: number,
): DocumentSymbol[] {
  const roots: DocumentSymbol[] = [];
  const symbols: DocumentSymbol[] = [];
  const depths: number[] = [];
  units.forEach((unit, index) => {
    const symbol = toDocumentSymbol(document, unit);
    symbols.push(symbol);
    let parentIndex = unit.parentIndex;
    // Climb to the ancestor that still has room below it.
    while (parentIndex !== undefined && (depths[parentIndex] ?? 0) >= maxDepth - 1) {
      parentIndex = units[parentIndex]?.parentIndex;
    }
    const parent = parentIndex === undefined ? undefined : symbols[parentIndex];
    if (parent && parentIndex !== undefined) {
      parent.children ??= [];
      parent.children.push(symbol);
      depths[index] = (depths[parentIndex] ?? 0) + 1;
    } else {
      roots.push(symbol);
      depths[index] = 0;
    }
  });
  return roots;
}

function toDocumentSymbol(document: SyntaxDocument, unit: CodeUnit): DocumentSymbol {
  return {
    name: unit.name,
    detail: unit.signature,
    kind: symbolKindOf(unit.kind),
    range: rangeOf(document, unit.startIndex, unit.endIndex),
    selectionRange: rangeOf(document, unit.nameStartIndex, unit.nameEndIndex),
  };
}

function flatSymbols(document: SyntaxDocument, units: readonly CodeUnit[]): SymbolInformation[] {
  return units.map((unit) => {
    const parent = unit.parentIndex === undefined ? undefined : units[unit.parentIndex];
    return {
      name: unit.name,
      kind: symbolKindOf(unit.kind),
      location: { uri: document.uri, range: rangeOf(document, unit.startIndex, unit.endIndex) },
      ...(parent ? { containerName: parent.name } : {}),
    };
  });
}
