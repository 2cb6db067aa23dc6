import { DEFAULT_PARSE_LIMITS, type ParseLimits } from '../syntax/syntax-document.js';

/** Tunables of the LSP front. (User-facing settings arrive with the configuration schema.) */
export interface ServerOptions {
  readonly parseLimits: ParseLimits;
  /** Quiet time after the last change before syntax diagnostics are published. */
  readonly diagnosticsDebounceMs: number;
  /** Upper bound on `workspace/symbol` results. */
  readonly maxWorkspaceSymbols: number;
  /** Deeper document symbols are attached to their ancestor at this depth (JSON has a depth limit). */
  readonly maxSymbolDepth: number;
}

export const DEFAULT_SERVER_OPTIONS: ServerOptions = {
  parseLimits: DEFAULT_PARSE_LIMITS,
  diagnosticsDebounceMs: 150,
  maxWorkspaceSymbols: 500,
  maxSymbolDepth: 64,
};
