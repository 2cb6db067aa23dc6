import type {
  CodeAction,
  CodeActionParams,
  CompletionItem,
  CompletionList,
  Hover,
  InitializeParams,
  InitializeResult,
  Message,
  MessageReader,
  MessageWriter,
  NotificationMessage,
  PublishDiagnosticsParams,
  RequestMessage,
  ResponseMessage,
  ServerCapabilities,
} from 'vscode-languageserver/node';
import { withKnownDiagnostics } from '../lsp/diagnostics-scope.js';
import {
  isLanternItem,
  MergedDiagnostics,
  markActions,
  mergeCompletions,
  mergeHovers,
  mergeInitializeResults,
  type ServerName,
  unmarkAction,
} from './merge-results.js';

/** One side of the router: a JSON-RPC peer it reads from and writes to. */
export interface Peer {
  readonly reader: MessageReader;
  readonly writer: MessageWriter;
}

type Id = number | string;
type Answer = { result?: ResponseMessage['result']; error?: ResponseMessage['error'] };
type AnyMessage = RequestMessage | NotificationMessage | ResponseMessage;

/** A client request in flight: which servers it went to (by their id there), and what came back. */
interface Pending {
  readonly method: string;
  readonly params: unknown;
  readonly sent: Map<ServerName, Id>;
  readonly answers: Map<ServerName, Answer>;
}

const SERVERS: readonly ServerName[] = ['main', 'lantern'];

/**
 * Lets an editor that runs one server per buffer (eglot) have the language's own server and Lantern
 * at once: to the client the router is one server. Every notification goes to both; requests go to
 * the server that answers them, or to both with the answers merged (initialize, shutdown, hover, code
 * actions); `codeAction/resolve` and commands go back to the server that offered them; what a server
 * asks of the client is passed on under an id of the router's; diagnostics are published as the union
 * of both servers' lists. It only routes: it never changes an edit either server makes.
 */
export class MessageRouter {
  readonly #pending = new Map<Id, Pending>();
  /** Our id on a server → the client's id, to route the server's answer back. */
  readonly #byServerId: Record<ServerName, Map<Id, Id>> = { main: new Map(), lantern: new Map() };
  /** Requests a server made of the client, by the id the router gave them → the server and its id. */
  readonly #serverRequests = new Map<string, { from: ServerName; id: Id }>();
  readonly #diagnostics = new MergedDiagnostics();
  #nextId = 1;
  #lanternCommands = new Set<string>();
  /** What each server said it can do, from its initialize result: completions go where they are served. */
  readonly #capabilities: Record<ServerName, ServerCapabilities> = { main: {}, lantern: {} };
  readonly #gone = new Set<ServerName>();

  constructor(
    private readonly client: Peer,
    private readonly servers: Readonly<Record<ServerName, Peer>>,
    /** The main server's command line, which names it when its initialize result does not. */
    private readonly mainCommand: string,
  ) {
    client.reader.listen((message) => this.#fromClient(message));
    for (const name of SERVERS) servers[name].reader.listen((message) => this.#fromServer(name, message));
  }

  #fromClient(message: Message): void {
    if (isRequest(message)) this.#clientRequest(message);
    else if (isResponse(message)) this.#clientResponse(message);
    else if (isNotification(message)) this.#clientNotification(message);
  }

  #clientNotification(message: NotificationMessage): void {
    if (message.method === '$/cancelRequest') {
      const id = (message.params as { id: Id }).id;
      for (const [server, serverId] of this.#pending.get(id)?.sent ?? [])
        this.#send(server, { jsonrpc: '2.0', method: '$/cancelRequest', params: { id: serverId } });
      return;
    }
    for (const server of SERVERS) this.#send(server, message);
  }

  /**
   * A server exited: what it still owed is answered as a failure (the other server's part stands), and
   * from now on everything goes to the one left.
   */
  serverExited(name: ServerName): void {
    this.#gone.add(name);
    for (const pending of this.#pending.values()) {
      if (!pending.sent.has(name) || pending.answers.has(name)) continue;
      const serverId = pending.sent.get(name) as Id;
      this.#serverResponse(name, {
        jsonrpc: '2.0',
        id: serverId,
        error: { code: -32603, message: `the ${name} server exited` },
      });
    }
  }

  #clientRequest(request: RequestMessage): void {
    // Lantern's completion items need no resolving: the item is its own answer.
    if (request.method === 'completionItem/resolve' && isLanternItem(request.params as CompletionItem)) {
      this.#sendClient({ jsonrpc: '2.0', id: request.id as Id, result: request.params as CompletionItem });
      return;
    }
    const wanted = this.#targetsOf(request);
    const alive = wanted.filter(([server]) => !this.#gone.has(server));
    const fallback = SERVERS.find((server) => !this.#gone.has(server));
    const targets: [ServerName, unknown][] =
      alive.length > 0 ? alive : fallback ? [[fallback, request.params]] : [];
    const pending: Pending = {
      method: request.method,
      params: request.params,
      sent: new Map(),
      answers: new Map(),
    };
    this.#pending.set(request.id as Id, pending);
    for (const [server, params] of targets) {
      const id = this.#nextId++;
      pending.sent.set(server, id);
      this.#byServerId[server].set(id, request.id as Id);
      this.#send(server, {
        jsonrpc: '2.0',
        id,
        method: request.method,
        params: params as RequestMessage['params'],
      });
    }
  }

  /** Where a client request goes, with the params each server gets. */
  #targetsOf(request: RequestMessage): [ServerName, unknown][] {
    const { method, params } = request;
    switch (method) {
      case 'initialize':
        // Lantern counts in UTF-16; so must the main server, or the two would disagree on positions.
        return [
          ['main', withoutPositionEncodings(params as InitializeParams)],
          ['lantern', params],
        ];
      case 'shutdown':
      case 'textDocument/hover':
        return SERVERS.map((server) => [server, params]);
      case 'textDocument/codeAction':
        return [
          ['main', params],
          ['lantern', this.#withMainDiagnostics(params as CodeActionParams)],
        ];
      case 'codeAction/resolve': {
        const { from, action } = unmarkAction(params as CodeAction);
        return [[from, action]];
      }
      case 'textDocument/completion':
        return this.#servingBoth('completionProvider', params);
      case 'textDocument/inlineCompletion':
        return this.#servingBoth('inlineCompletionProvider', params);
      case 'workspace/executeCommand': {
        const command = (params as { command?: string }).command ?? '';
        return [[this.#lanternCommands.has(command) ? 'lantern' : 'main', params]];
      }
      default:
        return [[method.startsWith('lantern/') ? 'lantern' : 'main', params]];
    }
  }

  /** The servers that declared a capability (the main server alone when neither did). */
  #servingBoth(capability: keyof ServerCapabilities, params: unknown): [ServerName, unknown][] {
    const serving = SERVERS.filter((server) => this.#capabilities[server][capability]);
    return (serving.length > 0 ? serving : ['main' as const]).map((server) => [server, params]);
  }

  /**
   * Lantern offers its fixes for the main server's diagnostics on the cursor's line too: the client
   * passes only those under the cursor, but the router knows all the main server published.
   */
  #withMainDiagnostics(params: CodeActionParams): CodeActionParams {
    const known = this.#diagnostics.of(params.textDocument.uri, 'main');
    return { ...params, context: withKnownDiagnostics(params.context, params.range, known) };
  }

  #clientResponse(response: ResponseMessage): void {
    const request = this.#serverRequests.get(String(response.id));
    if (!request) return;
    this.#serverRequests.delete(String(response.id));
    this.#send(request.from, { ...response, id: request.id });
  }

  #fromServer(from: ServerName, message: Message): void {
    if (isResponse(message)) {
      this.#serverResponse(from, message);
      return;
    }
    if (isRequest(message)) {
      // Both servers number their requests from 1: the client sees ids of the router's own.
      const id = `${from}-${message.id}`;
      this.#serverRequests.set(id, { from, id: message.id as Id });
      this.#sendClient({ ...message, id });
      return;
    }
    if (!isNotification(message)) return;
    if (message.method === '$/cancelRequest') {
      // A server giving up on its own request to the client: the client knows it by the router's id.
      const { id } = message.params as { id: Id };
      this.#sendClient({ ...message, params: { id: `${from}-${id}` } });
      return;
    }
    if (message.method === 'textDocument/publishDiagnostics') {
      const params = message.params as PublishDiagnosticsParams;
      const diagnostics = this.#diagnostics.update(params.uri, from, params.diagnostics);
      this.#sendClient({ ...message, params: { ...params, diagnostics } } satisfies NotificationMessage);
      return;
    }
    this.#sendClient(message);
  }

  #serverResponse(from: ServerName, response: ResponseMessage): void {
    const clientId = this.#byServerId[from].get(response.id as Id);
    if (clientId === undefined) return;
    this.#byServerId[from].delete(response.id as Id);
    const pending = this.#pending.get(clientId);
    if (!pending) return;
    pending.answers.set(from, response.error ? { error: response.error } : { result: response.result });
    if (pending.method === 'initialize' && response.result) {
      const { capabilities } = response.result as InitializeResult;
      this.#capabilities[from] = capabilities;
      // Lantern's commands are run on Lantern, whatever the main server answered (or whether it did).
      if (from === 'lantern') this.#lanternCommands = new Set(capabilities.executeCommandProvider?.commands);
    }
    if (
      pending.method === 'textDocument/completion' &&
      from === 'main' &&
      pending.answers.size < pending.sent.size
    ) {
      // The main server's completion never waits for Lantern's model: its list goes now, Lantern's
      // item joins when the client asks again (the list is incomplete) and Lantern has it cached.
      this.#pending.delete(clientId);
      const main = response.error ? null : (response.result as CompletionList | null);
      this.#sendClient({ jsonrpc: '2.0', id: clientId, result: mergeCompletions(main, null, true) });
      return;
    }
    if (pending.answers.size < pending.sent.size) return;
    this.#pending.delete(clientId);
    this.#sendClient(this.#answer(clientId, pending));
  }

  /** The one answer the client gets: a single server's as it is, or both merged. */
  #answer(id: Id, pending: Pending): ResponseMessage {
    const [only] = pending.sent.keys();
    if (pending.sent.size === 1 && only) {
      const answer = pending.answers.get(only) ?? {};
      if (pending.method === 'codeAction/resolve' && answer.result)
        return { jsonrpc: '2.0', id, result: markActions(only, [answer.result as CodeAction])[0] };
      return { jsonrpc: '2.0', id, ...answer };
    }
    const main = pending.answers.get('main') ?? {};
    const lantern = pending.answers.get('lantern') ?? {};
    // A failure of one server leaves the other's answer; only both failing fails the request.
    if (main.error && lantern.error) return { jsonrpc: '2.0', id, error: main.error };
    const ok = (answer: Answer): unknown => (answer.error ? null : (answer.result ?? null));
    switch (pending.method) {
      case 'initialize': {
        if (!ok(lantern)) return { jsonrpc: '2.0', id, ...main };
        if (!ok(main)) return { jsonrpc: '2.0', id, ...lantern };
        const result = mergeInitializeResults(
          main.result as InitializeResult,
          lantern.result as InitializeResult,
          this.mainCommand,
        );
        return { jsonrpc: '2.0', id, result };
      }
      case 'textDocument/hover':
        return {
          jsonrpc: '2.0',
          id,
          result: mergeHovers(ok(main) as Hover | null, ok(lantern) as Hover | null),
        };
      case 'textDocument/codeAction':
        return {
          jsonrpc: '2.0',
          id,
          result: [
            ...markActions('main', ok(main) as CodeAction[] | null),
            ...markActions('lantern', ok(lantern) as CodeAction[] | null),
          ],
        };
      case 'textDocument/completion':
        return {
          jsonrpc: '2.0',
          id,
          result: mergeCompletions(ok(main) as CompletionList | null, ok(lantern) as CompletionList | null),
        };
      case 'textDocument/inlineCompletion': {
        // Either shape: a list, or the bare array of items.
        const items = (answer: Answer): unknown[] => {
          const result = ok(answer) as { items?: unknown[] } | unknown[] | null;
          return Array.isArray(result) ? result : (result?.items ?? []);
        };
        return { jsonrpc: '2.0', id, result: { items: [...items(main), ...items(lantern)] } };
      }
      default:
        return { jsonrpc: '2.0', id, result: main.result ?? null };
    }
  }

  #send(server: ServerName, message: AnyMessage): void {
    if (this.#gone.has(server)) return;
    this.servers[server].writer.write(message).catch(() => undefined);
  }

  #sendClient(message: AnyMessage): void {
    this.client.writer.write(message).catch(() => undefined);
  }
}

function withoutPositionEncodings(params: InitializeParams): InitializeParams {
  const general = params.capabilities.general;
  if (!general?.positionEncodings) return params;
  const { positionEncodings: _utf, ...rest } = general;
  return { ...params, capabilities: { ...params.capabilities, general: rest } };
}

function isRequest(message: Message): message is RequestMessage {
  return 'method' in message && 'id' in message && (message as RequestMessage).id !== undefined;
}

function isNotification(message: Message): message is NotificationMessage {
  return 'method' in message && !('id' in message);
}

function isResponse(message: Message): message is ResponseMessage {
  return !('method' in message) && 'id' in message;
}
