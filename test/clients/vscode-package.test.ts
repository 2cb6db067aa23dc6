import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serverCommand } from '../../clients/vscode/src/server-command.js';
import { statusMarkdown } from '../../clients/vscode/src/status-markdown.js';
import { REPO_ROOT } from '../support/paths.js';

const EXTENSION_DIR = join(REPO_ROOT, 'clients', 'vscode');
const VSIX = join(EXTENSION_DIR, 'lantern-vscode.vsix');

// A .vsix is a zip; python3 (which node-gyp needs anyway) reads it where `unzip` may not be installed.
function unzipped(member: string): Buffer {
  const read = 'import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))';
  return execFileSync('python3', ['-c', read, VSIX, member]);
}

describe('npm run package:vscode', () => {
  it('type-checks, bundles and packages a self-contained .vsix', { timeout: 120_000 }, () => {
    rmSync(VSIX, { force: true });
    const run = spawnSync('npm', ['run', 'package:vscode'], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(existsSync(VSIX)).toBe(true);

    const listing = execFileSync('python3', ['-m', 'zipfile', '-l', VSIX], { encoding: 'utf8' });
    expect(listing).toContain('extension/package.json');
    expect(listing).toContain('extension/dist/extension.cjs');
    expect(listing).toContain('extension/readme.md');
    // The bundle inlines vscode-languageclient: no node_modules, no sources.
    expect(listing).not.toContain('node_modules');
    expect(listing).not.toContain('extension/src/');

    const manifest = JSON.parse(unzipped('extension/package.json').toString());
    expect(manifest.main).toBe('./dist/extension.cjs');
    expect(Object.keys(manifest.contributes.configuration.properties)).toContain('lantern.hover.explain');
    const titles = manifest.contributes.commands.map((command: { title: string }) => command.title);
    expect(titles).toEqual(
      expect.arrayContaining([
        'Explain',
        'Fix',
        'Debug Failing Test',
        'Generate',
        'Ask',
        'Status',
        'Clear Cache',
      ]),
    );

    // The packaged bundle loads with nothing beside it but VS Code's own `vscode` module.
    const dir = mkdtempSync(join(tmpdir(), 'lantern-vsix-'));
    writeFileSync(join(dir, 'extension.cjs'), unzipped('extension/dist/extension.cjs'));
    mkdirSync(join(dir, 'node_modules', 'vscode'), { recursive: true });
    // A stand-in whose every export is an extendable function (the client subclasses VS Code's classes).
    writeFileSync(
      join(dir, 'node_modules', 'vscode', 'index.js'),
      'module.exports = new Proxy({}, { get: (cache, name) => (cache[name] ??= function Stub() {}) });\n',
    );
    const extension = createRequire(join(dir, 'x.cjs'))('./extension.cjs') as Record<string, unknown>;
    expect(typeof extension.activate).toBe('function');
    expect(typeof extension.deactivate).toBe('function');
  });
});

describe('which lantern-ls the extension starts', () => {
  const none = () => false;

  it('the setting wins; a .js file runs with node', () => {
    expect(serverCommand('/opt/bin/lantern-ls', '/ext', none)).toEqual({
      command: '/opt/bin/lantern-ls',
      args: ['--stdio'],
    });
    expect(serverCommand(' /src/lantern/bin/lantern-ls.js ', '/ext', none)).toEqual({
      command: 'node',
      args: ['/src/lantern/bin/lantern-ls.js', '--stdio'],
    });
  });

  it('from a built checkout, that checkout; else lantern-ls on PATH', () => {
    expect(serverCommand('', join(REPO_ROOT, 'clients', 'vscode'), existsSync)).toEqual({
      command: 'node',
      args: [join(REPO_ROOT, 'bin', 'lantern-ls.js'), '--stdio'],
    });
    expect(serverCommand('', '/home/me/.vscode/extensions/lantern-ls.lantern-vscode-0.1.0', none)).toEqual({
      command: 'lantern-ls',
      args: ['--stdio'],
    });
  });
});

describe('Lantern: Status', () => {
  it('shows provider, cache and usage from lantern/status', () => {
    const markdown = statusMarkdown(
      {
        version: '0.1.0',
        provider: 'offline',
        model: undefined,
        endpoint: undefined,
        offlineReason: 'no ANTHROPIC_API_KEY in the environment',
        cache: { location: '/tmp/c/cache.sqlite', hits: 2, misses: 1 },
        requests: 0,
        failures: 0,
        inputTokens: 0,
        outputTokens: 0,
        openDocuments: 1,
        grammarsLoaded: ['python'],
      },
      'lantern-ls --stdio',
    );
    expect(markdown).toContain('| provider | offline — no ANTHROPIC_API_KEY in the environment |');
    expect(markdown).toContain('/tmp/c/cache.sqlite — 2 hits, 1 misses');
    expect(markdown).toContain('lantern-ls 0.1.0 (`lantern-ls --stdio`)');
  });
});
