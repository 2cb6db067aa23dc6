/** Structural limits of the LSP front that are not user settings (those live in config.ts). */
export interface ServerOptions {
  /**
   * Upper bound on `workspace/symbol` results, best ranked first. Editors show a short list and ask
   * again as the user types; 500 results made the p99 52–161 ms, mostly serialising (rust-analyzer: 128).
   */
  readonly maxWorkspaceSymbols: number;
  /** Deeper document symbols are attached to their ancestor at this depth (JSON has a depth limit). */
  readonly maxSymbolDepth: number;
  /**
   * Upper bound on `textDocument/documentSymbol` results: a generated file with 50,000 functions made a
   * 13 MB reply that editors then render. The first ones in document order are listed.
   */
  readonly maxDocumentSymbols: number;
}

export const DEFAULT_SERVER_OPTIONS: ServerOptions = {
  maxWorkspaceSymbols: 128,
  maxSymbolDepth: 64,
  maxDocumentSymbols: 5_000,
};
