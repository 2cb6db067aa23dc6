import type {
  ClientCapabilities,
  Connection,
  InitializeParams,
  InitializeResult,
  ServerCapabilities,
} from 'vscode-languageserver';
import { GrammarRegistry } from '../syntax/grammar-registry.js';
import { VERSION } from '../version.js';
import { connectionNotifier } from './client-notifier.js';
import { DocumentStore } from './document-store.js';
import type { Feature, FeatureContext } from './feature.js';
import { documentSymbols } from './features/document-symbols.js';
import { documentSync } from './features/document-sync.js';
import { hover } from './features/hover.js';
import { missingTokenFixes } from './features/missing-token-fixes.js';
import { syntaxDiagnostics } from './features/syntax-diagnostics.js';
import { workspaceSymbols } from './features/workspace-symbols.js';
import { guardRequest } from './request-guard.js';
import { DEFAULT_SERVER_OPTIONS, type ServerOptions } from './server-options.js';

/**
 * The wiring table: every LSP feature Lantern serves, in one list. A newcomer's index to the server.
 */
const FEATURES: readonly Feature[] = [
  documentSync, // textDocument/didOpen, didChange, didClose, didSave
  syntaxDiagnostics, // textDocument/publishDiagnostics (syntax errors)
  documentSymbols, // textDocument/documentSymbol
  workspaceSymbols, // workspace/symbol
  hover, // textDocument/hover
  missingTokenFixes, // textDocument/codeAction (missing-token quick fixes)
];

/** Starts Lantern on a connection: registers every feature, then listens. */
export function startServer(connection: Connection, options: ServerOptions = DEFAULT_SERVER_OPTIONS): void {
  let clientCapabilities: ClientCapabilities = {};
  let shutdownRequested = false;
  const notifier = connectionNotifier(connection);
  const registry = new GrammarRegistry();
  const lifecycle = { shutdownRequested: () => shutdownRequested };
  const context: FeatureContext = {
    connection,
    documents: new DocumentStore(registry, options.parseLimits),
    registry,
    notifier,
    options,
    client: () => clientCapabilities,
    guard: (method, handler) => guardRequest(method, handler, lifecycle, notifier),
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    clientCapabilities = params.capabilities;
    return {
      capabilities: serverCapabilities(params.capabilities),
      serverInfo: { name: 'lantern-ls', version: VERSION },
    };
  });
  connection.onShutdown(() => {
    shutdownRequested = true;
  });
  for (const feature of FEATURES) feature.register(context);
  connection.listen();
}

/** The server's capabilities for a client: every feature's contribution, merged. */
export function serverCapabilities(client: ClientCapabilities): ServerCapabilities {
  const merged: ServerCapabilities = {};
  // Positions are UTF-16 (the LSP default); say so explicitly to clients that negotiate encodings.
  if (client.general?.positionEncodings) merged.positionEncoding = 'utf-16';
  for (const feature of FEATURES) Object.assign(merged, feature.capabilities(client));
  return merged;
}
