import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, isAbsolute, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runTests } from '../../server/src/tools/run-tests.js';
import { WorkspaceCopy } from '../../server/src/tools/workspace-copy.js';
import { toolNamed, toolsIn } from '../support/agent-tools.js';
import { freshDir } from '../support/model-session.js';

const NEVER = new AbortController().signal;

/**
 * A user's workspace with every kind of link a real one has: relative and absolute links inside it,
 * links to a file and a folder outside it, and installed packages (node_modules, with .bin's
 * relative links).
 */
function workspace(): { root: string; outside: string; read: (path: string) => string } {
  const base = freshDir('lantern-copy-');
  // Named uniquely: the copies are found in the temp dir by the name they carry.
  const root = join(base, `project-${basename(base)}`);
  const outside = join(base, 'elsewhere');
  mkdirSync(join(root, 'fixtures'), { recursive: true });
  mkdirSync(join(root, 'data'));
  mkdirSync(join(root, 'node_modules', 'pkg', 'bin'), { recursive: true });
  mkdirSync(join(root, 'node_modules', '.bin'));
  mkdirSync(join(outside, 'shared'), { recursive: true });
  writeFileSync(join(root, 'fixtures', 'v1.txt'), 'original v1\n');
  writeFileSync(join(root, 'main.py'), 'print(1)\n');
  symlinkSync('../fixtures/v1.txt', join(root, 'data', 'current.txt'));
  symlinkSync(join(root, 'fixtures', 'v1.txt'), join(root, 'absolute.txt'));
  symlinkSync('main.py', join(root, 'entry.py'));
  writeFileSync(join(outside, 'settings.txt'), 'outside settings\n');
  writeFileSync(join(outside, 'shared', 'lib.txt'), 'outside lib\n');
  symlinkSync(join(outside, 'settings.txt'), join(root, 'settings.txt'));
  symlinkSync(join(outside, 'shared'), join(root, 'shared'));
  writeFileSync(join(root, 'node_modules', 'pkg', 'index.js'), 'module.exports = 1;\n');
  writeFileSync(join(root, 'node_modules', 'pkg', 'bin', 'run.sh'), '#!/bin/sh\necho pkg ran\n', {
    mode: 0o755,
  });
  symlinkSync('../pkg/bin/run.sh', join(root, 'node_modules', '.bin', 'pkg'));
  return { root, outside, read: (path) => readFileSync(path, 'utf8') };
}

let copies: WorkspaceCopy[] = [];
afterEach(() => {
  for (const copy of copies) copy.dispose();
  copies = [];
});

async function copyOf(
  root: string,
  unsaved: ReadonlyMap<string, string> = new Map(),
): Promise<WorkspaceCopy> {
  const copy = await WorkspaceCopy.create(root, unsaved);
  copies.push(copy);
  return copy;
}

describe('WorkspaceCopy', () => {
  let ws: ReturnType<typeof workspace>;
  beforeEach(() => {
    ws = workspace();
  });

  it('recreates links inside the workspace as relative links inside the copy', async () => {
    const copy = await copyOf(ws.root);
    for (const link of ['data/current.txt', 'absolute.txt', 'entry.py']) {
      expect(isAbsolute(readlinkSync(join(copy.root, link)))).toBe(false);
      expect(realpathSync(join(copy.root, link)).startsWith(realpathSync(copy.root))).toBe(true);
    }
    expect(ws.read(join(copy.root, 'data', 'current.txt'))).toBe('original v1\n');
  });

  it('a test writing through every link of the copy leaves the original and the outside untouched', async () => {
    const copy = await copyOf(ws.root);
    const writes = [
      'data/current.txt',
      'absolute.txt',
      'entry.py',
      'settings.txt',
      'node_modules/pkg/index.js',
      'node_modules/.bin/pkg',
    ].map((path) => `echo changed > '${path}'`);
    const run = await runTests({
      command: `node_modules/.bin/pkg && ${writes.join(' && ')} && (echo changed > shared/lib.txt || true)`,
      cwd: copy.root,
      timeoutMs: 10_000,
      maxOutputChars: 10_000,
      signal: NEVER,
    });
    expect(run.output).toContain('pkg ran');
    expect(run.passed).toBe(true);
    expect(ws.read(join(ws.root, 'fixtures', 'v1.txt'))).toBe('original v1\n');
    expect(ws.read(join(ws.root, 'main.py'))).toBe('print(1)\n');
    expect(ws.read(join(ws.outside, 'settings.txt'))).toBe('outside settings\n');
    expect(ws.read(join(ws.outside, 'shared', 'lib.txt'))).toBe('outside lib\n');
    expect(ws.read(join(ws.root, 'node_modules', 'pkg', 'index.js'))).toBe('module.exports = 1;\n');
    expect(ws.read(join(ws.root, 'node_modules', 'pkg', 'bin', 'run.sh'))).toContain('echo pkg ran');
  });

  it('installed packages still resolve in the copy, hoisted dependencies and workspace packages included', async () => {
    const modules = join(ws.root, 'node_modules');
    mkdirSync(join(modules, 'a'));
    mkdirSync(join(modules, 'b'));
    mkdirSync(join(modules, '@team'));
    mkdirSync(join(ws.root, 'packages', 'own'), { recursive: true });
    writeFileSync(join(modules, 'a', 'index.js'), "module.exports = 'a+' + require('b');\n");
    writeFileSync(join(modules, 'b', 'index.js'), "module.exports = 'b';\n");
    writeFileSync(join(ws.root, 'packages', 'own', 'index.js'), "module.exports = 'own';\n");
    // As npm links a workspace's own package: into the workspace, outside node_modules.
    symlinkSync('../../packages/own', join(modules, '@team', 'own'));
    const copy = await copyOf(ws.root);
    const run = await runTests({
      command: `node -e "console.log(require('a'), require('@team/own'))"`,
      cwd: copy.root,
      timeoutMs: 10_000,
      maxOutputChars: 10_000,
      signal: NEVER,
    });
    expect(run.output).toBe('a+b own\n');
    // The workspace package is the copy's, not the user's.
    expect(realpathSync(join(copy.root, 'node_modules', '@team', 'own'))).toBe(
      realpathSync(join(copy.root, 'packages', 'own')),
    );
  });

  it('writes a fix into the copy even when the file is a link in the original', async () => {
    const copy = await copyOf(ws.root);
    copy.write(join(ws.root, 'entry.py'), 'print(2)\n');
    expect(ws.read(join(copy.root, 'entry.py'))).toBe('print(2)\n');
    expect(ws.read(join(ws.root, 'main.py'))).toBe('print(1)\n');
  });

  it('holds unsaved buffers, also of files not yet saved in a folder not yet on disk', async () => {
    const unsaved = new Map([
      [join(ws.root, 'main.py'), 'print(3)\n'],
      [join(ws.root, 'new', 'module.py'), 'X = 1\n'],
    ]);
    const copy = await copyOf(ws.root, unsaved);
    expect(ws.read(join(copy.root, 'main.py'))).toBe('print(3)\n');
    expect(ws.read(join(copy.root, 'new', 'module.py'))).toBe('X = 1\n');
    expect(existsSync(join(ws.root, 'new'))).toBe(false);
  });

  it('that cannot be made (an unsaved buffer it cannot write) leaves no copy behind', async () => {
    const unsaved = new Map([[join(ws.root, 'fixtures'), 'a buffer named like a folder\n']]);
    await expect(WorkspaceCopy.create(ws.root, unsaved)).rejects.toThrow();
    const prefix = `lantern-debug-${basename(ws.root)}-`;
    expect(readdirSync(tmpdir()).filter((name) => name.startsWith(prefix))).toEqual([]);
  });

  it('stops when its signal aborts, leaving no copy behind', async () => {
    await expect(WorkspaceCopy.create(ws.root, new Map(), AbortSignal.abort())).rejects.toThrow();
    const prefix = `lantern-debug-${basename(ws.root)}-`;
    expect(readdirSync(tmpdir()).filter((name) => name.startsWith(prefix))).toEqual([]);
  });

  it('skips special files (a FIFO) rather than failing or waiting on them', async () => {
    execFileSync('mkfifo', [join(ws.root, 'pipe.py')]);
    const copy = await copyOf(ws.root);
    expect(existsSync(join(copy.root, 'pipe.py'))).toBe(false);
  });
});

describe('run_tests (the ask flow)', () => {
  it('runs in a copy: a test that writes leaves the workspace untouched, its output names the workspace', async () => {
    const ws = workspace();
    const tests = {
      trusted: () => true,
      command: `echo changed > main.py; echo changed > data/current.txt; pwd; echo {file}`,
    };
    const output = await toolNamed(toolsIn([ws.root], tests), 'run_tests').run({ path: 'main.py' }, NEVER);
    expect(output).toMatch(/^PASSED\n/);
    expect(ws.read(join(ws.root, 'main.py'))).toBe('print(1)\n');
    expect(ws.read(join(ws.root, 'fixtures', 'v1.txt'))).toBe('original v1\n');
    expect(output).toContain(`${ws.root}\n`);
    expect(output).not.toContain('lantern-debug-');
  });
});
