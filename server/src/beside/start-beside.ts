import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import {
  type MessageReader,
  type MessageWriter,
  type NotificationMessage,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver/node';
import { childEnv } from '../secrets.js';
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
  // Its own process group: `sh -c` need not exec the server, and stopping it must stop them both.
  // The language's own server has no use for the model keys: it gets the scrubbed environment.
  const main = spawn('/bin/sh', ['-c', command], { stdio: 'pipe', detached: true, env: childEnv() });
  const mainExited = new Promise<void>((resolve) => main.once('exit', () => resolve()));
  const router = new MessageRouter(client, { main: peerOf(main), lantern: peerOf(lantern) }, command);
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
  const stopMain = async () => {
    stopping = true;
    // After shutdown + exit (forwarded to both) the main server is on its way out: give it a moment.
    const gone = await Promise.race([mainExited.then(() => true), delay(MAIN_EXIT_GRACE_MS, false)]);
    if (!gone && main.pid !== undefined) {
      killGroup(main.pid);
      await mainExited;
    }
  };
  lantern.on('exit', (code) => {
    void stopMain().then(() => process.exit(code ?? 1));
  });
  // The client going away ends both; Lantern's exit (code 1 without shutdown) then ends the router.
  client.reader.onClose(() => {
    stopping = true;
    if (main.pid !== undefined && main.exitCode === null) killGroup(main.pid);
    lantern.stdin.end();
  });
  // An editor stopping the router by signal stops the servers it started too: none is left orphaned.
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    process.once(signal, () => {
      stopping = true;
      if (main.pid !== undefined && main.exitCode === null) killGroup(main.pid);
      lantern.kill(signal);
    });
  }
}

const MAIN_EXIT_GRACE_MS = 2_000;

function delay<T>(ms: number, value: T): Promise<T> {
  return new Promise((resolve) => setTimeout(resolve, ms, value).unref());
}

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    // already gone
  }
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
