import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import {
  type MessageReader,
  type MessageWriter,
  type NotificationMessage,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver/node';
import type { ServerName } from './merge-results.js';
import { MessageRouter, type Peer } from './message-router.js';

/**
 * `lantern-ls --beside=COMMAND`: runs the language's own server (COMMAND, through `sh -c`) and Lantern
 * as two child processes behind one MessageRouter, for editors that give a buffer one server only.
 * Ends when Lantern does, with its exit code (0 after shutdown + exit, as the spec asks); the main
 * server is stopped with it. If the main server dies, Lantern carries on alone and the user is told.
 */
export function startBeside(command: string, client: { reader: MessageReader; writer: MessageWriter }): void {
  const lantern = spawn(process.execPath, [process.argv[1] ?? '', '--stdio'], { stdio: 'pipe' });
  const main = spawn('/bin/sh', ['-c', command], { stdio: 'pipe' });
  const router = new MessageRouter(client, { main: peerOf(main), lantern: peerOf(lantern) });
  // Both servers log to stderr; so does the router: editors keep it in their LSP log.
  for (const [name, child] of [
    ['main', main],
    ['lantern', lantern],
  ] as const) {
    child.stderr.on('data', (chunk: Buffer) => process.stderr.write(prefixed(name, chunk)));
    child.stdin.on('error', () => undefined); // a child that exited: its exit handler says so
  }
  main.on('exit', (code, signal) => {
    router.serverExited('main');
    if (stopping) return;
    const why = signal ? `signal ${signal}` : `code ${code}`;
    const message = `Lantern: the main server (${command}) exited (${why}); Lantern carries on alone.`;
    process.stderr.write(`lantern-ls: ${message}\n`);
    const notice: NotificationMessage = {
      jsonrpc: '2.0',
      method: 'window/showMessage',
      params: { type: 2, message },
    };
    client.writer.write(notice).catch(() => undefined);
  });
  main.on('error', (error) =>
    process.stderr.write(`lantern-ls: cannot start '${command}': ${error.message}\n`),
  );
  let stopping = false;
  lantern.on('exit', (code) => {
    stopping = true;
    main.kill();
    process.exit(code ?? 1);
  });
  // The client going away ends both; Lantern's exit (code 1 without shutdown) then ends the router.
  client.reader.onClose(() => {
    stopping = true;
    main.kill();
    lantern.stdin.end();
  });
}

function peerOf(child: ChildProcessWithoutNullStreams): Peer {
  return { reader: new StreamMessageReader(child.stdout), writer: new StreamMessageWriter(child.stdin) };
}

function prefixed(name: ServerName, chunk: Buffer): string {
  return chunk
    .toString('utf8')
    .split(/(?<=\n)/)
    .map((line) => `[${name}] ${line}`)
    .join('');
}
