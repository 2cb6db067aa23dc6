import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { testLayout } from '../../server/src/agent/generate/test-layout.js';
import { GrammarRegistry } from '../../server/src/syntax/grammar-registry.js';
import { nearestPathMapping } from '../../server/src/workspace/tsconfig-paths.js';
import { WorkspaceFiles } from '../../server/src/workspace/workspace-files.js';
import { toolNamed, toolsIn } from '../support/agent-tools.js';
import { freshDir } from '../support/model-session.js';

const signal = new AbortController().signal;

const writers: ChildProcess[] = [];
afterEach(() => {
  // A writer whose FIFO nobody opened waits on it for good.
  for (const writer of writers.splice(0)) if (writer.pid) process.kill(-writer.pid, 'SIGKILL');
});

/**
 * A FIFO at `path`, with a writer in another process that opens it after two seconds: a synchronous
 * read of it would block this test's event loop, so only another process can end the wait. With it, a
 * read that waits shows as a slow call (and gets `content`), not as a test hanging for good.
 */
function fifoAt(path: string, content: string): void {
  execFileSync('mkfifo', [path]);
  const writer = spawn('/bin/sh', ['-c', `sleep 2; printf '%s' '${content}' > '${path}'`], {
    detached: true,
    stdio: 'ignore',
  });
  writers.push(writer);
}

/** How long `call` took, in ms. */
function timed(call: () => unknown): number {
  const started = performance.now();
  call();
  return performance.now() - started;
}

describe('workspace files that are FIFOs are never read (a read would wait for a writer)', () => {
  it('a tsconfig.json', () => {
    const root = freshDir('lantern-fifo-');
    fifoAt(join(root, 'tsconfig.json'), '{"compilerOptions":{"paths":{"@/*":["src/*"]}}}');
    let mapping: unknown;
    expect(timed(() => (mapping = nearestPathMapping(root, root)))).toBeLessThan(1_000);
    expect(mapping).toBeUndefined();
  });

  it('a package.json or pyproject.toml read to choose the test framework', () => {
    const root = freshDir('lantern-fifo-');
    mkdirSync(join(root, 'src'));
    fifoAt(join(root, 'package.json'), '{"devDependencies":{"vitest":"1"}}');
    fifoAt(join(root, 'pyproject.toml'), '[tool.pytest]');
    expect(timed(() => testLayout(join(root, 'src', 'cart.ts'), 'total', root))).toBeLessThan(1_000);
    expect(timed(() => testLayout(join(root, 'src', 'cart.py'), 'total', root))).toBeLessThan(1_000);
    expect(testLayout(join(root, 'src', 'cart.ts'), 'total', root).framework).toBe('node:test');
  });

  it('a source file the context or list_symbols asks for', () => {
    const root = freshDir('lantern-fifo-');
    fifoAt(join(root, 'pipe.py'), 'def f():\n    pass\n');
    const files = new WorkspaceFiles(new GrammarRegistry(), () => undefined);
    let document: unknown;
    expect(timed(() => (document = files.document(join(root, 'pipe.py'))))).toBeLessThan(1_000);
    expect(document).toBeUndefined();
  });

  it('a regular file is still read', () => {
    const root = freshDir('lantern-fifo-');
    writeFileSync(join(root, 'tsconfig.json'), '{"compilerOptions":{"paths":{"@/*":["src/*"]}}}');
    expect(nearestPathMapping(root, root)?.paths).toEqual({ '@/*': ['src/*'] });
  });
});

describe('search_workspace', () => {
  it('reads asynchronously: the server answers other requests while it searches', async () => {
    const root = freshDir('lantern-search-');
    for (let index = 0; index < 40; index++)
      writeFileSync(join(root, `module_${index}.py`), `VALUE_${index} = 1\n`.repeat(20_000));
    // Turns of the event loop during the search: none when it reads synchronously from start to end.
    let turns = 0;
    let searching = true;
    const count = () => {
      turns++;
      if (searching) setImmediate(count);
    };
    setImmediate(count);
    const found = await toolNamed(toolsIn([root]), 'search_workspace').run({ query: 'value_39 =' }, signal);
    searching = false;
    expect(found.split('\n')[0]).toBe('module_39.py:1: VALUE_39 = 1');
    expect(turns).toBeGreaterThan(10);
  });
});
