import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  createMessageConnection,
  type Disposable,
  type Message,
  type MessageConnection,
  type MessageReader,
  type MessageWriter,
  type NotificationMessage,
} from 'vscode-jsonrpc/node';
import type { ClientCapabilities, InitializeResult, WorkspaceFolder } from 'vscode-languageserver-protocol';
import { jsonBodies } from './json-rpc-frames.js';
import { REPO_ROOT } from './paths.js';
import { spawnServer, type TransportKind } from './server-transport.js';
import { validateTrace } from './trace-validator.js';

export type { TransportKind };

/** Capabilities of a capable modern client (roughly what Neovim 0.10 / VS Code send). */
export const FULL_CAPABILITIES: ClientCapabilities = {
  general: { positionEncodings: ['utf-16'] },
  textDocument: {
    synchronization: { didSave: true, dynamicRegistration: false },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
    codeAction: {
      codeActionLiteralSupport: { codeActionKind: { valueSet: ['', 'quickfix', 'refactor', 'source'] } },
      isPreferredSupport: true,
      resolveSupport: { properties: ['edit'] },
      dataSupport: true,
    },
    publishDiagnostics: { versionSupport: true },
  },
  workspace: { applyEdit: true, workspaceEdit: { documentChanges: true }, symbol: {} },
  window: { workDoneProgress: true },
};

export interface SessionOptions {
  readonly capabilities?: ClientCapabilities;
  readonly initializationOptions?: unknown;
  readonly env?: Record<string, string>;
  /** Name of the trace file (under test/.traces); defaults to a unique one. */
  readonly traceName?: string;
  /** How to reach the server; `stdio` (passing `--stdio`) unless a test says otherwise. */
  readonly transport?: TransportKind;
  /** More command-line arguments for lantern-ls (stdio transports). */
  readonly args?: readonly string[];
  /** Keep every byte the server writes to stdout, for `stdoutBytes()`. */
  readonly keepStdout?: boolean;
  /** The workspace, as the deprecated `rootUri` (null unless given). */
  readonly rootUri?: string;
  /** The workspace folders sent with `initialize` (none unless given). */
  readonly workspaceFolders?: WorkspaceFolder[];
  /**
   * The client's answer to every `workspace/configuration` item (null unless given). The server asks
   * only if `capabilities.workspace.configuration` is true.
   */
  readonly workspaceConfiguration?: unknown;
}

let sessionCounter = 0;

/**
 * A real `lantern-ls --stdio` process driven over JSON-RPC. Every message both ways is recorded as a
 * JSON line (`{dir, msg}`) so the session can be checked against the LSP meta model at the end.
 */
export class LspSession {
  readonly notifications: NotificationMessage[] = [];
  /** Every message the server sent, in order (responses to raw requests included). */
  readonly received: Message[] = [];
  readonly #waiters: {
    method: string;
    predicate: (params: unknown) => boolean;
    resolve: (p: unknown) => void;
  }[] = [];
  readonly #messageWaiters: { predicate: (msg: Message) => boolean; resolve: (msg: Message) => void }[] = [];
  readonly #stdout: Buffer[] = [];
  #versions = new Map<string, number>();
  stderr = '';
  /**
   * The client's answer to every `workspace/configuration` item from now on: a test changes it, then
   * sends `workspace/didChangeConfiguration`, as an editor does when its settings change.
   */
  workspaceConfiguration: unknown = null;
  /** The server's exit code once it has exited. */
  readonly exited: Promise<number | null>;

  private constructor(
    readonly process: ChildProcessWithoutNullStreams,
    readonly connection: MessageConnection,
    readonly tracePath: string,
    readonly transport: TransportKind,
    private readonly closeTransport: () => void,
  ) {
    this.exited =
      process.exitCode === null
        ? new Promise((resolve) => process.once('exit', (code) => resolve(code)))
        : Promise.resolve(process.exitCode);
  }

  /** Spawns the built server, initializes it and returns the session. */
  static async start(
    options: SessionOptions = {},
  ): Promise<LspSession & { initializeResult: InitializeResult }> {
    const traceDir = join(REPO_ROOT, 'test', '.traces');
    mkdirSync(traceDir, { recursive: true });
    const tracePath = join(
      traceDir,
      `${options.traceName ?? 'session'}-${process.pid}-${++sessionCounter}.jsonl`,
    );
    const transport = options.transport ?? 'stdio';
    const server = await spawnServer(transport, { ...cleanEnv(), ...options.env }, options.args);
    // Messages can only arrive once the connection listens, by which time the session exists.
    const arrived: { deliver: (msg: Message) => void } = { deliver: () => {} };
    const reader = recordingReader(server.reader, (msg) => {
      recordMessage(tracePath, 's2c', msg);
      arrived.deliver(msg);
    });
    const writer = recordingWriter(server.writer, (msg) => recordMessage(tracePath, 'c2s', msg));
    const connection = createMessageConnection(reader, writer);
    const self = new LspSession(server.child, connection, tracePath, transport, server.close);
    arrived.deliver = (msg) => self.#onMessage(msg);
    server.child.stderr.on('data', (chunk: Buffer) => {
      self.stderr += chunk.toString();
    });
    if (options.keepStdout) server.child.stdout.on('data', (chunk: Buffer) => self.#stdout.push(chunk));
    connection.onNotification((method, params) => self.#onNotification(method, params));
    connection.onRequest('window/workDoneProgress/create', () => null);
    self.workspaceConfiguration = options.workspaceConfiguration ?? null;
    connection.onRequest('workspace/configuration', (params: { items: unknown[] }) =>
      params.items.map(() => self.workspaceConfiguration),
    );
    connection.listen();
    const initializeResult = (await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: options.rootUri ?? null,
      ...(options.workspaceFolders === undefined ? {} : { workspaceFolders: options.workspaceFolders }),
      capabilities: options.capabilities ?? FULL_CAPABILITIES,
      ...(options.initializationOptions === undefined
        ? {}
        : { initializationOptions: options.initializationOptions }),
    })) as InitializeResult;
    await connection.sendNotification('initialized', {});
    return Object.assign(self, { initializeResult });
  }

  /**
   * Writes bytes to the server's stdin as they are, past the JSON-RPC writer: for malformed frames and
   * for several messages in one chunk. Frames whose body is JSON are recorded in the trace like any
   * other message; the others cannot be (the trace is JSON lines).
   */
  async writeRaw(bytes: string | Buffer): Promise<void> {
    if (this.transport !== 'stdio' && this.transport !== 'default')
      throw new Error(`writeRaw needs a stdio transport, not ${this.transport}`);
    const buffer = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
    for (const message of jsonBodies(buffer)) recordMessage(this.tracePath, 'c2s', message as Message);
    await new Promise<void>((resolve, reject) =>
      this.process.stdin.write(buffer, (error) => (error ? reject(error) : resolve())),
    );
  }

  /** Resolves with the first message from the server (seen or still to come) that satisfies `predicate`. */
  waitForMessage(predicate: (msg: Message) => boolean): Promise<Message> {
    const seen = this.received.find(predicate);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.#messageWaiters.push({ predicate, resolve }));
  }

  /** Everything the server wrote to stdout so far (with `keepStdout`). */
  stdoutBytes(): Buffer {
    return Buffer.concat(this.#stdout);
  }

  /**
   * Sends a request; leave `params` out for one that takes none (`shutdown`): vscode-jsonrpc would send
   * an explicit null or undefined as `params: [null]`, which the protocol does not allow.
   */
  request<R = unknown>(method: string, ...params: [] | [unknown]): Promise<R> {
    return this.connection.sendRequest(method, ...params) as Promise<R>;
  }

  async open(uri: string, languageId: string, text: string): Promise<void> {
    this.#versions.set(uri, 1);
    await this.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId, version: 1, text },
    });
  }

  /** Sends content changes; returns the new version. */
  async change(uri: string, changes: unknown[]): Promise<number> {
    const version = (this.#versions.get(uri) ?? 1) + 1;
    this.#versions.set(uri, version);
    await this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: changes,
    });
    return version;
  }

  /** Resolves with the params of the next notification of `method` that satisfies `predicate`. */
  waitForNotification<P>(method: string, predicate: (params: P) => boolean = () => true): Promise<P> {
    const seen = this.notifications.find((n) => n.method === method && predicate(n.params as P));
    if (seen) return Promise.resolve(seen.params as P);
    return new Promise((resolve) => {
      this.#waiters.push({
        method,
        predicate: predicate as (p: unknown) => boolean,
        resolve: resolve as (p: unknown) => void,
      });
    });
  }

  /** The diagnostics published for a document at a given version. */
  diagnosticsFor(uri: string, version: number): Promise<PublishedDiagnostics> {
    return this.waitForNotification<PublishedDiagnostics>(
      'textDocument/publishDiagnostics',
      (p) => p.uri === uri && p.version === version,
    );
  }

  /** Shuts the server down per spec and returns its exit code. */
  async shutdown(): Promise<number | null> {
    await this.request('shutdown');
    await this.connection.sendNotification('exit');
    const code = await this.exited;
    this.connection.dispose();
    this.closeTransport();
    return code;
  }

  /** Ends the session (shutdown + exit, unless the server has gone already) without checking the trace. */
  async close(): Promise<void> {
    if (this.process.exitCode === null && this.process.signalCode === null) await this.shutdown();
    this.connection.dispose();
    this.closeTransport();
  }

  /** Ends the session (shutdown + exit) and checks the recorded trace; throws on protocol errors. */
  async finish(): Promise<void> {
    await this.close();
    const result = validateTrace(this.tracePath);
    if (result.errors > 0)
      throw new Error(`trace ${this.tracePath} has ${result.errors} protocol errors:\n${result.output}`);
  }

  #onMessage(msg: Message): void {
    this.received.push(msg);
    for (const waiter of [...this.#messageWaiters]) {
      if (waiter.predicate(msg)) {
        this.#messageWaiters.splice(this.#messageWaiters.indexOf(waiter), 1);
        waiter.resolve(msg);
      }
    }
  }

  #onNotification(method: string, params: unknown): void {
    this.notifications.push({ jsonrpc: '2.0', method, params: params as object });
    for (const waiter of [...this.#waiters]) {
      if (waiter.method === method && waiter.predicate(params)) {
        this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
        waiter.resolve(params);
      }
    }
  }
}

export interface PublishedDiagnostics {
  uri: string;
  version?: number;
  diagnostics: Diagnosticish[];
}

export interface Diagnosticish {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  message: string;
  source?: string;
  code?: string | number;
  severity?: number;
}

/** The environment for a server under test: no model keys, so it runs offline unless a test says otherwise. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (key.startsWith('ANTHROPIC_') || key.startsWith('LANTERN_') || key.startsWith('OPENAI_'))
      delete env[key];
  }
  return env;
}

function recordMessage(tracePath: string, dir: 'c2s' | 's2c', msg: Message): void {
  appendFileSync(tracePath, `${JSON.stringify({ dir, msg })}\n`);
}

function recordingReader(inner: MessageReader, onMessage: (msg: Message) => void): MessageReader {
  return {
    onError: inner.onError,
    onClose: inner.onClose,
    onPartialMessage: inner.onPartialMessage,
    listen: (callback): Disposable =>
      inner.listen((msg) => {
        onMessage(msg);
        callback(msg);
      }),
    dispose: () => inner.dispose(),
  };
}

function recordingWriter(inner: MessageWriter, onMessage: (msg: Message) => void): MessageWriter {
  return {
    onError: inner.onError,
    onClose: inner.onClose,
    write: (msg) => {
      onMessage(msg);
      return inner.write(msg);
    },
    end: () => inner.end(),
    dispose: () => inner.dispose(),
  };
}
