import {
  type ClientCapabilities,
  type Connection,
  DidChangeWorkspaceFoldersNotification,
  type InitializeParams,
  type InitializeResult,
  type ServerCapabilities,
} from 'vscode-languageserver';
import { AgentCore } from '../agent/agent-core.js';
import { secretValues } from '../secrets.js';
import { DEFAULT_PARSE_LIMITS } from '../syntax/analysable.js';
import { GrammarRegistry } from '../syntax/grammar-registry.js';
import { logFileWriter } from '../telemetry/log-file.js';
import { logRotationOf } from '../telemetry/rotating-log-file.js';
import { VERSION } from '../version.js';
import { agentNotices } from './agent-notices.js';
import { connectionNotifier, MessageType } from './client-notifier.js';
import { DocumentStore } from './document-store.js';
import type { Feature, FeatureContext } from './feature.js';
import { codeActions } from './features/code-actions.js';
import { commands } from './features/commands.js';
import { completion } from './features/completion.js';
import { configuration } from './features/configuration.js';
import { documentSymbols } from './features/document-symbols.js';
import { documentSync } from './features/document-sync.js';
import { hover } from './features/hover.js';
import { status } from './features/status.js';
import { syntaxDiagnostics } from './features/syntax-diagnostics.js';
import { workspaceIndex } from './features/workspace-index.js';
import { workspaceSymbols } from './features/workspace-symbols.js';
import { RequestActivity } from './request-activity.js';
import { guardRequest } from './request-guard.js';
import { DEFAULT_SERVER_OPTIONS, type ServerOptions } from './server-options.js';
import { Settings } from './settings.js';
import { changedFolders, folderFor, foldersOf } from './workspace-folders.js';

/**
 * The wiring table: every LSP feature Lantern serves, in one list. A newcomer's index to the server.
 */
function featureTable(
  settings: Settings,
  activity: RequestActivity,
  env: NodeJS.ProcessEnv,
  warn: (message: string) => void,
): Feature[] {
  return [
    configuration(settings, env, warn), // initializationOptions, workspace/configuration, didChangeConfiguration
    documentSync, // textDocument/didOpen, didChange, didClose, didSave
    syntaxDiagnostics, // textDocument/publishDiagnostics (syntax errors)
    documentSymbols, // textDocument/documentSymbol
    workspaceIndex(settings, activity), // the workspace index: crawl, didChangeWatchedFiles, open documents
    workspaceSymbols, // workspace/symbol (over the index)
    hover, // textDocument/hover (structure + explanation)
    codeActions, // textDocument/codeAction (missing-token fixes, Explain …)
    completion, // textDocument/inlineCompletion or textDocument/completion (checked AI completions)
    commands, // workspace/executeCommand (lantern.explain, lantern.clearCache)
    status, // lantern/status
  ];
}

/** Starts Lantern on a connection: registers every feature, then listens. */
export function startServer(
  connection: Connection,
  env: NodeJS.ProcessEnv = process.env,
  options: ServerOptions = DEFAULT_SERVER_OPTIONS,
): void {
  let clientCapabilities: ClientCapabilities = {};
  let workspaceFolders: string[] = [];
  let shutdownRequested = false;
  const logFile = logFileWriter(env.LANTERN_LOG_FILE, secretValues(env));
  const notifier = connectionNotifier(
    connection,
    logFile.write,
    () => clientCapabilities.window?.workDoneProgress === true,
  );
  const warn = (message: string) => notifier.showMessage(MessageType.Warning, message);
  const settings = new Settings(warn);
  const registry = new GrammarRegistry();
  const documents = new DocumentStore(
    registry,
    () => ({ ...DEFAULT_PARSE_LIMITS, maxChars: settings.current.files.maxChars }),
    () => settings.current.disabledLanguages,
  );
  const agent = new AgentCore({
    registry,
    env,
    notices: agentNotices(notifier),
    openDocument: (uri) => documents.get(uri),
    workspaceFolders: () => workspaceFolders,
    trustedWorkspaces: () => settings.trustedWorkspaces,
  });
  let announced = '';
  settings.onChange((config) => {
    agent.configure(config);
    logFile.configure(logRotationOf(config.log));
    documents.recheckSwitchedOff();
    // Say in the log what Lantern runs with, whenever that changes (never the key).
    const { provider, model, endpoint, offlineReason, cache } = agent.status();
    const summary = `Lantern ${VERSION}: ${provider}${model ? ` ${model} at ${endpoint}` : ` (${offlineReason})`}; cache ${cache.location}`;
    if (summary !== announced) notifier.log(MessageType.Info, summary);
    announced = summary;
  });
  const lifecycle = { shutdownRequested: () => shutdownRequested };
  const activity = new RequestActivity();
  const onInitialized: (() => void)[] = [];
  const onFoldersChanged: (() => void)[] = [];
  const context: FeatureContext = {
    connection,
    documents,
    registry,
    notifier,
    options,
    agent,
    config: () => settings.current,
    workspaceFolders: () => workspaceFolders,
    onWorkspaceFoldersChanged: (listener) => onFoldersChanged.push(listener),
    onInitialized: (listener) => onInitialized.push(listener),
    workspaceFolderOf: (uri) => folderFor(workspaceFolders, uri),
    trustedWorkspaces: () => settings.trustedWorkspaces,
    client: () => clientCapabilities,
    guard: (method, handler) => guardRequest(method, activity.track(handler), lifecycle, notifier),
  };
  documents.onEvent(({ kind }) => {
    if (kind === 'changed') activity.touch();
  });
  const features = featureTable(settings, activity, env, warn);

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    clientCapabilities = params.capabilities;
    workspaceFolders = foldersOf(params);
    for (const feature of features) feature.initialize?.(params);
    // Folders the editor adds or removes later (VS Code's "Add Folder to Workspace", Neovim's
    // vim.lsp.buf.add_workspace_folder) count for the tools and for trust like the first ones.
    // Registered here because vscode-languageserver's own workspace-folders handler is installed just
    // before this runs (for clients that support folders) and would otherwise replace this one.
    connection.onNotification(DidChangeWorkspaceFoldersNotification.type, ({ event }) => {
      workspaceFolders = changedFolders(workspaceFolders, event);
      for (const listener of onFoldersChanged) listener();
    });
    return {
      capabilities: mergeCapabilities(features, params.capabilities),
      serverInfo: { name: 'lantern-ls', version: VERSION },
    };
  });
  connection.onInitialized(() => {
    for (const listener of onInitialized) listener();
  });
  connection.onShutdown(() => {
    shutdownRequested = true;
  });
  for (const feature of features) feature.register(context);
  connection.listen();
}

/** The server's capabilities for a client: every feature's contribution, merged. */
function mergeCapabilities(features: readonly Feature[], client: ClientCapabilities): ServerCapabilities {
  const merged: ServerCapabilities = {};
  // Positions are UTF-16 (the LSP default); say so explicitly to clients that negotiate encodings.
  if (client.general?.positionEncodings) merged.positionEncoding = 'utf-16';
  if (client.workspace?.workspaceFolders)
    merged.workspace = { workspaceFolders: { supported: true, changeNotifications: true } };
  for (const feature of features) Object.assign(merged, feature.capabilities(client));
  return merged;
}
