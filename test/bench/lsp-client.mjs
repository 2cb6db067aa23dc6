/**
 * A bare LSP client for the benchmark: spawns the built `lantern-ls --stdio` and talks vscode-jsonrpc
 * over the child's stdio. No tracing or validation (the end-to-end tests do that): the benchmark should
 * measure the server, not the recorder.
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SERVER = join(REPO_ROOT, 'bin', 'lantern-ls.js');

/** What a capable client (Neovim 0.10 / VS Code) announces for the features the benchmark uses. */
export const CAPABILITIES = {
  general: { positionEncodings: ['utf-16'] },
  textDocument: {
    synchronization: { dynamicRegistration: false },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['', 'quickfix'] } } },
    publishDiagnostics: { versionSupport: true },
  },
};

/** The environment without keys or provider settings: the benchmark measures the offline server. */
function offlineEnv() {
  const env = { ...process.env };
  for (const name of Object.keys(env)) {
    if (name.startsWith('ANTHROPIC_') || name.startsWith('LANTERN_')) delete env[name];
  }
  return env;
}

/**
 * Spawns the server and sends `initialize`; resolves with the client and the time from just before
 * spawn to the `initialize` result, in ms.
 */
export async function startServer({
  env = {},
  capabilities = CAPABILITIES,
  rootUri = null,
  initializationOptions,
} = {}) {
  const started = performance.now();
  const child = spawn(process.execPath, [SERVER, '--stdio'], {
    env: { ...offlineEnv(), ...env },
    stdio: 'pipe',
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  // A server that dies before answering would leave the request pending forever: fail with its stderr.
  const died = new Promise((_, reject) =>
    child.once('exit', (code) =>
      reject(new Error(`lantern-ls exited (${code}) before initialize:\n${stderr}`)),
    ),
  );
  const connection = createMessageConnection(
    new StreamMessageReader(child.stdout),
    new StreamMessageWriter(child.stdin),
  );
  const published = new DiagnosticsSeen();
  connection.onNotification('textDocument/publishDiagnostics', (params) => published.record(params));
  connection.onNotification(() => undefined);
  // Answer what the server may ask of a client as an editor with no settings would.
  connection.onRequest('workspace/configuration', (params) => params.items.map(() => null));
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.onRequest('client/registerCapability', () => null);
  connection.listen();
  const initialize = { processId: process.pid, rootUri, capabilities, initializationOptions };
  await Promise.race([connection.sendRequest('initialize', initialize), died]);
  died.catch(() => undefined); // a later exit is expected (stop) or shows as a failed request
  const initializeMs = performance.now() - started;
  await connection.sendNotification('initialized', {});
  return { client: new BenchClient(child, connection, published), initializeMs };
}

/** Time from just before spawn to exit of `node -e 0`: the floor any Node server starts from. */
export function bareNodeMs() {
  const started = performance.now();
  const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', () => resolve(performance.now() - started));
  });
}

/** The latest diagnostics version the server published per document, and who waits for one. */
class DiagnosticsSeen {
  #versions = new Map();
  #waiters = [];

  record({ uri, version }) {
    this.#versions.set(uri, version);
    this.#waiters = this.#waiters.filter((waiter) => !waiter.done(uri, version));
  }

  /** Resolves once diagnostics for `version` (or later) of `uri` were published. */
  until(uri, version) {
    if ((this.#versions.get(uri) ?? 0) >= version) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (seenUri, seen) => {
        if (seenUri !== uri || seen < version) return false;
        resolve();
        return true;
      };
      this.#waiters.push({ done });
    });
  }
}

class BenchClient {
  #versions = new Map();

  constructor(child, connection, published) {
    this.child = child;
    this.connection = connection;
    this.published = published;
  }

  /**
   * Waits until the server has published diagnostics for the document's latest version: its debounced
   * background work for earlier changes is done, so it cannot land inside the next measurement.
   */
  settled(uri, deadlineMs = 30_000) {
    const version = this.#versions.get(uri) ?? 1;
    let timer;
    const late = new Promise((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no diagnostics for ${uri} version ${version} within ${deadlineMs} ms`)),
        deadlineMs,
      );
    });
    return Promise.race([this.published.until(uri, version), late]).finally(() => clearTimeout(timer));
  }

  request(method, params) {
    return this.connection.sendRequest(method, params);
  }

  /** Round trip in ms of one request, and its result. */
  async timed(method, params) {
    const started = performance.now();
    const result = await this.connection.sendRequest(method, params);
    return { ms: performance.now() - started, result };
  }

  /**
   * Round trip of a method no server handles: answered MethodNotFound by the JSON-RPC layer with no
   * feature code in between, so it is the transport floor under every request.
   */
  async transportFloorMs() {
    const started = performance.now();
    await this.connection.sendRequest('$/lanternBench/noSuchMethod', {}).catch(() => undefined);
    return performance.now() - started;
  }

  open(uri, languageId, text) {
    this.#versions.set(uri, 1);
    return this.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId, version: 1, text },
    });
  }

  change(uri, contentChanges) {
    const version = (this.#versions.get(uri) ?? 1) + 1;
    this.#versions.set(uri, version);
    return this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges,
    });
  }

  /** shutdown + exit, waiting for the process to end. */
  async stop() {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    await this.connection.sendRequest('shutdown');
    await this.connection.sendNotification('exit');
    await exited;
    this.connection.dispose();
  }
}
