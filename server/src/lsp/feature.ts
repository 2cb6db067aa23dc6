import type {
  CancellationToken,
  ClientCapabilities,
  Connection,
  ServerCapabilities,
} from 'vscode-languageserver';
import type { GrammarRegistry } from '../syntax/grammar-registry.js';
import type { ClientNotifier } from './client-notifier.js';
import type { DocumentStore } from './document-store.js';
import type { ServerOptions } from './server-options.js';

/** What every feature gets: the open documents and the ways to talk to the client. */
export interface FeatureContext {
  readonly connection: Connection;
  readonly documents: DocumentStore;
  readonly registry: GrammarRegistry;
  readonly notifier: ClientNotifier;
  readonly options: ServerOptions;
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
}
