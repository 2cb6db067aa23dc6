import { createConnection as connectSocket } from 'node:net';
import { parseArgs } from 'node:util';
import {
  createConnection,
  ErrorCodes,
  IPCMessageReader,
  IPCMessageWriter,
  LSPErrorCodes,
  type MessageReader,
  type MessageWriter,
  type RequestMessage,
  type ResponseMessage,
  SocketMessageWriter,
  StreamMessageWriter,
} from 'vscode-languageserver/node';
import { startBeside } from './beside/start-beside.js';
import { environmentHelp } from './environment.js';
import { startServer } from './lsp/server.js';
import { checkedReader } from './transport/checked-reader.js';
import { LenientStreamReader } from './transport/lenient-stream-reader.js';
import { VERSION } from './version.js';

const USAGE = `lantern-ls ${VERSION} — the Lantern language server

usage: lantern-ls [--stdio | --socket=PORT | --node-ipc] [--beside=CMD]

  --stdio          talk LSP over stdin/stdout (the default)
  --socket=PORT    connect to an LSP client listening on 127.0.0.1:PORT
  --node-ipc       talk over Node's IPC channel (when spawned by a Node client)
  --beside=CMD     also run the language's own server (CMD, e.g. "pylsp") and answer for both, for
                   editors that give a buffer one server (Emacs eglot)
  --version        print the version and exit
  --help           print this help and exit

${environmentHelp('lantern-ls')}`;

type Transport = { reader: MessageReader; writer: MessageWriter };

function main(argv: string[]): void {
  let parsed: ReturnType<typeof parseCommandLine>;
  try {
    parsed = parseCommandLine(argv);
  } catch (error) {
    process.stderr.write(
      `lantern-ls: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}\n`,
    );
    process.exit(2);
  }
  if (parsed.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (parsed.version) {
    process.stdout.write(`${VERSION}\n`);
    return;
  }
  const opened = openTransport(parsed);
  const transport = { ...opened, reader: checkedReader(opened.reader, opened.writer, logToStderr) };
  answerUnreadableMessages(transport);
  if (parsed.beside !== undefined) {
    startBeside(parsed.beside, transport);
    return;
  }
  const connection = createConnection(transport.reader, transport.writer, {
    // A request cancelled while still queued is answered at once, without running it.
    connectionStrategy: {
      cancelUndispatched: (message): ResponseMessage => {
        const request = message as RequestMessage;
        return {
          jsonrpc: '2.0',
          id: request.id,
          error: { code: LSPErrorCodes.RequestCancelled, message: `${request.method} was cancelled` },
        };
      },
    },
  });
  // Only the JSON-RPC transport may write to stdout: everything else goes to the client's log.
  console.log = (...args: unknown[]) => connection.console.log(args.map(String).join(' '));
  console.info = (...args: unknown[]) => connection.console.info(args.map(String).join(' '));
  console.warn = (...args: unknown[]) => connection.console.warn(args.map(String).join(' '));
  console.error = (...args: unknown[]) => connection.console.error(args.map(String).join(' '));
  // The client going away (stdin closed, socket dropped) ends the server; exit code 1 unless shut down.
  transport.reader.onClose(() => process.exit(1));
  startServer(connection);
}

/** Transport-level notes go to stderr, which editors keep in their LSP log (stdout is the protocol). */
function logToStderr(line: string): void {
  process.stderr.write(`lantern-ls: ${line}\n`);
}

function parseCommandLine(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      stdio: { type: 'boolean' },
      socket: { type: 'string' },
      'node-ipc': { type: 'boolean' },
      beside: { type: 'string' },
      // Passed by VS Code's client; accepted so that such clients can start us unchanged.
      clientProcessId: { type: 'string' },
      version: { type: 'boolean', short: 'v' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
  const transports = [values.stdio, values.socket !== undefined, values['node-ipc']].filter(Boolean).length;
  if (transports > 1) throw new Error('choose one of --stdio, --socket=PORT, --node-ipc');
  let port: number | undefined;
  if (values.socket !== undefined) {
    port = Number(values.socket);
    if (!Number.isInteger(port) || port <= 0 || port > 65535)
      throw new Error(`invalid --socket port: ${values.socket}`);
  }
  if (values.beside !== undefined && values.beside.trim() === '')
    throw new Error('--beside needs the command of the language server to run beside Lantern');
  return {
    beside: values.beside,
    help: values.help === true,
    version: values.version === true,
    nodeIpc: values['node-ipc'] === true,
    port,
  };
}

function openTransport(options: { nodeIpc: boolean; port: number | undefined }): Transport {
  if (options.nodeIpc)
    return { reader: new IPCMessageReader(process), writer: new IPCMessageWriter(process) };
  if (options.port !== undefined) {
    const socket = connectSocket(options.port, '127.0.0.1');
    return { reader: new LenientStreamReader(socket), writer: new SocketMessageWriter(socket) };
  }
  return { reader: new LenientStreamReader(process.stdin), writer: new StreamMessageWriter(process.stdout) };
}

/**
 * A message the transport cannot read. A frame whose body is not JSON (a SyntaxError from decoding it)
 * was still delimited by its Content-Length: JSON-RPC says to answer it with a Parse error (id null),
 * and the next frame is read as usual.
 *
 * Anything else — a header without a numeric Content-Length or with two different ones, a header
 * block that never ends (see FrameParser), a failing stream — loses the framing:
 * nobody knows where the next message starts, so reading on would swallow every later request into
 * the broken one and leave the editor waiting on a server that never answers again. Guessing where the
 * next header starts could run half a message. So the server answers the Parse error, says why on
 * stderr (which editors keep in their LSP log) and exits with 1, as when a client leaves without
 * shutdown; editors report that and can start a fresh server.
 */
function answerUnreadableMessages({ reader, writer }: Transport): void {
  reader.onError((error) => {
    const response: ResponseMessage = {
      jsonrpc: '2.0',
      id: null,
      error: { code: ErrorCodes.ParseError, message: `Lantern could not read a message: ${error.message}` },
    };
    const answered = writer.write(response).catch(() => undefined);
    if (error instanceof SyntaxError) return;
    const reason = error.message.replace(/\s*\n\s*/g, ' ');
    process.stderr.write(`lantern-ls: the message stream cannot be read any further (${reason}); exiting.\n`);
    void answered.then(() => process.exit(1));
  });
}

main(process.argv.slice(2));
