import { type ChildProcessWithoutNullStreams, fork, spawn } from 'node:child_process';
import { type AddressInfo, createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import {
  IPCMessageReader,
  IPCMessageWriter,
  type MessageReader,
  type MessageWriter,
  SocketMessageReader,
  SocketMessageWriter,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-jsonrpc/node';
import { REPO_ROOT } from './paths.js';

/**
 * `stdio` passes `--stdio`; `default` passes no flag (stdio is the default); `socket` listens on
 * 127.0.0.1:0 and starts the server with `--socket=PORT`; `node-ipc` forks it with `--node-ipc`.
 */
export type TransportKind = 'stdio' | 'default' | 'socket' | 'node-ipc';

export interface SpawnedServer {
  readonly child: ChildProcessWithoutNullStreams;
  readonly reader: MessageReader;
  readonly writer: MessageWriter;
  readonly close: () => void;
}

/**
 * Starts the built server on the given transport and returns the client's end of it; `extraArgs`
 * (e.g. `--beside=pylsp`) follow the transport's flag.
 */
export async function spawnServer(
  transport: TransportKind,
  env: NodeJS.ProcessEnv,
  extraArgs: readonly string[] = [],
): Promise<SpawnedServer> {
  const bin = join(REPO_ROOT, 'bin', 'lantern-ls.js');
  if (transport === 'node-ipc') {
    // With 'pipe' for fds 0-2 the streams exist; fork's return type just cannot say so.
    const child = fork(bin, ['--node-ipc'], {
      env,
      execArgv: [],
      stdio: ['pipe', 'pipe', 'pipe', 'ipc'],
    }) as ChildProcessWithoutNullStreams;
    return {
      child,
      reader: new IPCMessageReader(child),
      writer: new IPCMessageWriter(child),
      close: () => {},
    };
  }
  if (transport === 'socket') {
    // The client listens and the server connects to it, as VS Code's socket transport does.
    const listener = createServer();
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    const { port } = listener.address() as AddressInfo;
    const child = spawn(process.execPath, [bin, `--socket=${port}`], { env, stdio: 'pipe' });
    const socket = await new Promise<Socket>((resolve, reject) => {
      listener.once('connection', resolve);
      child.once('exit', (code) => reject(new Error(`lantern-ls exited with ${code} before connecting`)));
    });
    const close = () => {
      socket.destroy();
      listener.close();
    };
    return { child, reader: new SocketMessageReader(socket), writer: new SocketMessageWriter(socket), close };
  }
  const args = [...(transport === 'stdio' ? [bin, '--stdio'] : [bin]), ...extraArgs];
  const child = spawn(process.execPath, args, { env, stdio: 'pipe' });
  return {
    child,
    reader: new StreamMessageReader(child.stdout),
    writer: new StreamMessageWriter(child.stdin),
    close: () => {},
  };
}
