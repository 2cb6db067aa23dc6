import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
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
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-jsonrpc/node';
import type { ClientCapabilities, InitializeResult } from 'vscode-languageserver-protocol';
import { REPO_ROOT } from './paths.js';
import { validateTrace } from './trace-validator.js';

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
  workspace: { workspaceEdit: { documentChanges: true }, symbol: {} },
  window: { workDoneProgress: true },
};

export interface SessionOptions {
  readonly capabilities?: ClientCapabilities;
  readonly initializationOptions?: unknown;
  readonly env?: Record<string, string>;
  /** Name of the trace file (under test/.traces); defaults to a unique one. */
  readonly traceName?: string;
}

let sessionCounter = 0;

/**
 * A real `lantern-ls --stdio` process driven over JSON-RPC. Every message both ways is recorded as a
 * JSON line (`{dir, msg}`) so the session can be checked against the LSP meta model at the end.
 */
export class LspSession {
  readonly notifications: NotificationMessage[] = [];
  readonly #waiters: {
    method: string;
    predicate: (params: unknown) => boolean;
    resolve: (p: unknown) => void;
  }[] = [];
  #versions = new Map<string, number>();
  stderr = '';

  private constructor(
    readonly process: ChildProcessWithoutNullStreams,
    readonly connection: MessageConnection,
    readonly tracePath: string,
  ) {}

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
    const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'lantern-ls.js'), '--stdio'], {
      env: { ...cleanEnv(), ...options.env },
      stdio: 'pipe',
    });
    const record = (dir: 'c2s' | 's2c', msg: Message) =>
      appendFileSync(tracePath, `${JSON.stringify({ dir, msg })}\n`);
    const reader = recordingReader(new StreamMessageReader(child.stdout), (msg) => record('s2c', msg));
    const writer = recordingWriter(new StreamMessageWriter(child.stdin), (msg) => record('c2s', msg));
    const connection = createMessageConnection(reader, writer);
    const session = new LspSession(child, connection, tracePath);
    child.stderr.on('data', (chunk: Buffer) => {
      session.stderr += chunk.toString();
    });
    connection.onNotification((method, params) => session.#onNotification(method, params));
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onRequest('workspace/configuration', (params: { items: unknown[] }) =>
      params.items.map(() => null),
    );
    connection.listen();
    const initializeResult = (await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: options.capabilities ?? FULL_CAPABILITIES,
      ...(options.initializationOptions === undefined
        ? {}
        : { initializationOptions: options.initializationOptions }),
    })) as InitializeResult;
    await connection.sendNotification('initialized', {});
    return Object.assign(session, { initializeResult });
  }

  request<R = unknown>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
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
    const exited = new Promise<number | null>((resolve) =>
      this.process.once('exit', (code) => resolve(code)),
    );
    await this.request('shutdown', null);
    await this.connection.sendNotification('exit');
    const code = await exited;
    this.connection.dispose();
    return code;
  }

  /** Ends the session (shutdown + exit) and checks the recorded trace; throws on protocol errors. */
  async finish(): Promise<void> {
    if (this.process.exitCode === null) await this.shutdown();
    const result = validateTrace(this.tracePath);
    if (result.errors > 0)
      throw new Error(`trace ${this.tracePath} has ${result.errors} protocol errors:\n${result.output}`);
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
