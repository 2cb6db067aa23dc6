import type {
  CancellationToken,
  ClientCapabilities,
  Connection,
  InitializeParams,
  ServerCapabilities,
} from 'vscode-languageserver';
import type { AgentCore } from '../agent/agent-core.js';
import type { LanternConfig } from '../config.js';
import type { GrammarRegistry } from '../syntax/grammar-registry.js';
import type { ClientNotifier } from './client-notifier.js';
import type { DocumentStore } from './document-store.js';
import type { ServerOptions } from './server-options.js';

/** What every feature gets: the open documents, the agent, the settings and the ways to talk to the client. */
export interface FeatureContext {
  readonly connection: Connection;
  readonly documents: DocumentStore;
  readonly registry: GrammarRegistry;
  readonly notifier: ClientNotifier;
  readonly options: ServerOptions;
  readonly agent: AgentCore;
  /** The current settings (they change when the client's configuration does). */
  readonly config: () => LanternConfig;
  /** The workspace folders, as paths (the first is the root). */
  readonly workspaceFolders: () => readonly string[];
  /** Hears the editor add or remove workspace folders (after the list has changed). */
  onWorkspaceFoldersChanged(listener: () => void): void;
  /**
   * Hears the client's `initialized` notification. Features listen here rather than on the connection,
   * where a second handler would replace the first.
   */
  onInitialized(listener: () => void): void;
  /** The workspace folder a document belongs to (the innermost holding it, else the first one). */
  readonly workspaceFolderOf: (uri: string) => string | undefined;
  /** Folders where tests may run (from the user's own settings only; see Settings). */
  readonly trustedWorkspaces: () => readonly string[];
  /** The client's capabilities, known once `initialize` has arrived. */
  readonly client: () => ClientCapabilities;
  /** Wraps a request handler with the server's common rules (see request-guard.ts). */
  guard<P, R>(
    method: string,
    handler: (params: P, token: CancellationToken) => R | Promise<R>,
  ): (params: P, token: CancellationToken) => Promise<R>;
}

/**
 * One LSP feature: it declares the server capabilities it adds for a given client, and registers its
 * handlers. The wiring table in `server.ts` lists them all.
 */
export interface Feature {
  readonly name: string;
  capabilities(client: ClientCapabilities): ServerCapabilities;
  register(context: FeatureContext): void;
  /** Called with the `initialize` params before the result is sent (for features that need them). */
  initialize?(params: InitializeParams): void;
}
