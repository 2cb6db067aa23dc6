import { mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { SymbolInformation } from 'vscode-languageserver-protocol';
import { contentHash } from '../../server/src/workspace/index/index-builder.js';
import { writeProject } from '../support/index-projects.js';
import { FULL_CAPABILITIES, LspSession } from '../support/lsp-session.js';
import { sqliteKeys } from '../support/store-contents.js';

const CAPABILITIES = {
  ...FULL_CAPABILITIES,
  workspace: { ...FULL_CAPABILITIES.workspace, didChangeWatchedFiles: { dynamicRegistration: true } },
};

const PROJECT = {
  '.gitignore': 'generated/\n',
  'src/subscriber.ts': [
    "import { Subscription } from './subscription';",
    'export class Subscriber<T> extends Subscription {',
    '  next(value: T): void {}',
    '}',
    '',
  ].join('\n'),
  'src/subscription.ts': 'export class Subscription {\n  unsubscribe(): void {}\n}\n',
  'pkg/timezone.py':
    'def localtime(value=None):\n    return value\n\ndef get_current_timezone():\n    pass\n',
  'generated/subscribe_all.ts': 'export function subscribeAll() {}\n',
};

interface LogMessage {
  readonly type: number;
  readonly message: string;
}

describe('workspace index over LSP', () => {
  let session: LspSession | undefined;
  const dirs: string[] = [];
  afterEach(async () => {
    await session?.finish();
    session = undefined;
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  async function started(root: string, cacheDir: string) {
    const begun = await LspSession.start({
      traceName: 'workspace-index',
      capabilities: CAPABILITIES,
      workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'project' }],
      env: { LANTERN_CACHE_DIR: cacheDir },
    });
    const indexed = await begun.waitForNotification<LogMessage>('window/logMessage', (params) =>
      params.message.startsWith('Lantern indexed'),
    );
    return { session: begun, indexed: indexed.message };
  }

  const symbols = (query: string) =>
    (session?.request<SymbolInformation[]>('workspace/symbol', { query }) ?? Promise.resolve([])).then(
      (found) =>
        found.map(
          (symbol) =>
            `${symbol.location.uri.slice(symbol.location.uri.lastIndexOf('/') + 1)}: ${symbol.name}`,
        ),
    );

  it('indexes the folders in a worker thread with progress; workspace/symbol finds files never opened, ranked', async () => {
    const root = writeProject(PROJECT);
    const cacheDir = mkdtempSync(join(tmpdir(), 'lantern-index-cache-'));
    dirs.push(root, cacheDir);
    const first = await started(root, cacheDir);
    session = first.session;
    expect(first.indexed).toMatch(
      /^Lantern indexed 3 files in \d+ ms \(3 parsed on the worker thread, 0 from the store\)$/,
    );
    // Progress: begun, reported, ended.
    const progress = session.received
      .filter((message) => 'method' in message && message.method === '$/progress')
      .map((message) => (message as unknown as { params: { value: { kind: string } } }).params.value.kind);
    expect(progress[0]).toBe('begin');
    expect(progress.at(-1)).toBe('end');
    // The watcher for source files was registered.
    const registration = await session.waitForMessage(
      (message) => 'method' in message && message.method === 'client/registerCapability',
    );
    expect(JSON.stringify(registration)).toContain('workspace/didChangeWatchedFiles');

    // Prefixes (shorter first), then the rest; the gitignored folder is not indexed.
    expect(await symbols('subscri')).toEqual([
      'subscriber.ts: Subscriber',
      'subscription.ts: Subscription',
      'subscription.ts: unsubscribe',
    ]);
    expect(await symbols('unsubscribe')).toEqual(['subscription.ts: unsubscribe']);
    expect(await symbols('gct')).toEqual(['timezone.py: get_current_timezone']);
  });

  it('follows files changed on disk and open documents; a restart reads the index from the store', async () => {
    const root = writeProject(PROJECT);
    const cacheDir = mkdtempSync(join(tmpdir(), 'lantern-index-cache-'));
    dirs.push(root, cacheDir);
    session = (await started(root, cacheDir)).session;

    const added = join(root, 'src', 'operators.ts');
    writeFileSync(added, 'export function switchMap() {}\n');
    await session.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: pathToFileURL(added).href, type: 1 }],
    });
    await expect.poll(() => symbols('switchMap')).toEqual(['operators.ts: switchMap']);

    rmSync(join(root, 'pkg', 'timezone.py'));
    await session.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: pathToFileURL(join(root, 'pkg', 'timezone.py')).href, type: 3 }],
    });
    await expect.poll(() => symbols('localtime')).toEqual([]);

    // An open document's unsaved text wins over the file.
    const subscription = pathToFileURL(join(root, 'src', 'subscription.ts')).href;
    await session.open(subscription, 'typescript', 'export class Subscription {\n  closeAll(): void {}\n}\n');
    expect(await symbols('closeAll')).toEqual(['subscription.ts: closeAll']);
    expect(await symbols('unsubscribe')).toEqual([]);
    await session.connection.sendNotification('textDocument/didClose', {
      textDocument: { uri: subscription },
    });
    await expect.poll(() => symbols('unsubscribe')).toEqual(['subscription.ts: unsubscribe']);
    await session.finish();

    const second = await started(root, cacheDir);
    session = second.session;
    expect(second.indexed).toMatch(/\(0 parsed on the worker thread, 3 from the store\)$/);
    expect(await symbols('switchMap')).toEqual(['operators.ts: switchMap']);
  });

  it('lantern.clearCache empties the index in the store and rebuilds it from the files as they are, with progress', async () => {
    const root = writeProject(PROJECT);
    const cacheDir = mkdtempSync(join(tmpdir(), 'lantern-index-cache-'));
    dirs.push(root, cacheDir);
    session = (await started(root, cacheDir)).session;
    const indexKeys = () =>
      sqliteKeys(join(cacheDir, 'cache.sqlite')).filter((key) => key.startsWith('lantern-index:'));
    const file = join(root, 'src', 'subscription.ts');
    const before = readFileSync(file, 'utf8');
    const factsKey = (text: string) => `lantern-index:facts:${contentHash(file, text)}`;
    expect(indexKeys()).toContain(factsKey(before));
    expect(indexKeys()).toContain(`lantern-index:manifest:${root}`);

    // Changed behind the server's back (no watched-file event), keeping its size and modification
    // time: only a rebuild from the files as they are can see it.
    const { atime, mtime } = statSync(file);
    const after = before.replace('unsubscribe', 'closeAllNow');
    writeFileSync(file, after);
    utimesSync(file, atime, mtime);
    const progressBegun = () =>
      // vscode-jsonrpc hands $/progress to progress handlers, not to the session's notifications.
      session?.received.filter(
        (message) =>
          'method' in message &&
          message.method === '$/progress' &&
          (message as unknown as { params: { value: { kind: string } } }).params.value.kind === 'begin',
      ).length;
    expect(progressBegun()).toBe(1);

    expect(await session.request('workspace/executeCommand', { command: 'lantern.clearCache' })).toEqual({
      cleared: true,
    });
    const indexed = () =>
      (session?.notifications ?? [])
        .filter((n) => n.method === 'window/logMessage')
        .map((n) => (n.params as LogMessage).message)
        .filter((message) => message.startsWith('Lantern indexed'));
    await expect.poll(() => indexed().length).toBe(2);
    // Nothing came from the store: every file was read and parsed again.
    expect(indexed()[1]).toMatch(/\(3 parsed on the worker thread, 0 from the store\)$/);
    expect(progressBegun()).toBe(2);
    expect(await symbols('closeAllNow')).toEqual(['subscription.ts: closeAllNow']);
    expect(await symbols('unsubscribe')).toEqual([]);
    // The facts of the content that is gone are gone from the store; the rebuilt index is stored anew.
    expect(indexKeys()).not.toContain(factsKey(before));
    expect(indexKeys()).toContain(factsKey(after));
  });
});
