/** Structural limits of the LSP front that are not user settings (those live in config.ts). */
export interface ServerOptions {
  /** Upper bound on `workspace/symbol` results. */
  readonly maxWorkspaceSymbols: number;
  /** Deeper document symbols are attached to their ancestor at this depth (JSON has a depth limit). */
  readonly maxSymbolDepth: number;
}

export const DEFAULT_SERVER_OPTIONS: ServerOptions = {
  maxWorkspaceSymbols: 500,
  maxSymbolDepth: 64,
};
