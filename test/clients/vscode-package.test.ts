import { execFileSync, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serverCommand } from '../../clients/vscode/src/server-command.js';
import { statusMarkdown } from '../../clients/vscode/src/status-markdown.js';
import { PerformanceMonitor } from '../../server/src/telemetry/performance-monitor.js';
import { REPO_ROOT } from '../support/paths.js';

const EXTENSION_DIR = join(REPO_ROOT, 'clients', 'vscode');
/** What a build writes in the extension folder; the test must leave the repository's copies alone. */
const BUILD_OUTPUTS = ['lantern-vscode.vsix', join('dist', 'extension.cjs')];

/**
 * A copy of the repository's shape in a temporary directory, just enough for clients/vscode's own
 * `npm run package` to run there: the extension's manifest, README, ignore file and tsconfig copied,
 * its sources, the server's protocol module and node_modules linked. The bundle and the .vsix are
 * written inside the copy: `vsce package --out` moves only the .vsix, and vsce packages the bundle
 * from the extension folder, so building in the repository would rewrite its dist/ on every run.
 */
function stagedExtension(): string {
  const root = mkdtempSync(join(tmpdir(), 'lantern-vsix-build-'));
  const dir = join(root, 'clients', 'vscode');
  mkdirSync(dir, { recursive: true });
  for (const file of ['package.json', 'README.md', '.vscodeignore', 'tsconfig.json'])
    copyFileSync(join(EXTENSION_DIR, file), join(dir, file));
  symlinkSync(join(EXTENSION_DIR, 'src'), join(dir, 'src'));
  symlinkSync(join(REPO_ROOT, 'server'), join(root, 'server'));
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'));
  return dir;
}

function modifiedTimes(): (number | undefined)[] {
  return BUILD_OUTPUTS.map((file) => statSync(join(EXTENSION_DIR, file), { throwIfNoEntry: false })?.mtimeMs);
}

describe("clients/vscode's npm run package (what npm run package:vscode runs)", () => {
  it('type-checks, bundles and packages a self-contained .vsix, outside the repository', {
    timeout: 120_000,
  }, () => {
    const before = modifiedTimes();
    const dir = stagedExtension();
    const vsix = join(dir, 'lantern-vscode.vsix');
    const run = spawnSync('npm', ['run', 'package'], { cwd: dir, encoding: 'utf8' });
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(existsSync(vsix)).toBe(true);
    expect(modifiedTimes()).toEqual(before);

    // A .vsix is a zip; python3 (which node-gyp needs anyway) reads it where `unzip` may not be installed.
    const unzipped = (member: string): Buffer =>
      execFileSync('python3', [
        '-c',
        'import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))',
        vsix,
        member,
      ]);
    const listing = execFileSync('python3', ['-m', 'zipfile', '-l', vsix], { encoding: 'utf8' });
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
    const loadDir = mkdtempSync(join(tmpdir(), 'lantern-vsix-'));
    writeFileSync(join(loadDir, 'extension.cjs'), unzipped('extension/dist/extension.cjs'));
    mkdirSync(join(loadDir, 'node_modules', 'vscode'), { recursive: true });
    // A stand-in whose every export is an extendable function (the client subclasses VS Code's classes).
    writeFileSync(
      join(loadDir, 'node_modules', 'vscode', 'index.js'),
      'module.exports = new Proxy({}, { get: (cache, name) => (cache[name] ??= function Stub() {}) });\n',
    );
    const extension = createRequire(join(loadDir, 'x.cjs'))('./extension.cjs') as Record<string, unknown>;
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
        performance: new PerformanceMonitor().snapshot(),
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
