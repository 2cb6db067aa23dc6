import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AgentTool } from '../../server/src/tools/agent-tool.js';
import { refusalOf, toolNamed, toolsIn } from '../support/agent-tools.js';

const signal = new AbortController().signal;
let root: string;

/** git in the test repository, with an identity of its own (the machine may have none). */
function git(...args: string[]): string {
  return execFileSync(
    'git',
    ['-C', root, '-c', 'user.name=Lantern Test', '-c', 'user.email=test@example.com', ...args],
    {
      encoding: 'utf8',
    },
  );
}

/** One git tool of the workspace at `at` (the test repository unless given). */
function tool(name: 'git_diff' | 'git_log', at = root): AgentTool {
  return toolNamed(toolsIn([at]), name);
}

// A repository with two commits, then uncommitted changes to two files; a secret beside it.
beforeAll(() => {
  const base = mkdtempSync(join(tmpdir(), 'lantern-git-tools-'));
  root = join(base, 'shop');
  mkdirSync(join(root, 'shop'), { recursive: true });
  writeFileSync(join(base, 'secret.txt'), 'not yours\n');
  git('init', '-q');
  writeFileSync(join(root, 'shop', 'cart.py'), 'def total(prices):\n    return 0\n');
  writeFileSync(join(root, 'README.md'), '# Shop\n');
  git('add', '.');
  git('commit', '-q', '-m', 'Add the cart');
  writeFileSync(join(root, 'shop', 'cart.py'), 'def total(prices):\n    return sum(prices[1:])\n');
  git('commit', '-q', '-am', 'Sum the prices');
  writeFileSync(join(root, 'shop', 'cart.py'), 'def total(prices):\n    return sum(prices)\n');
  writeFileSync(join(root, 'README.md'), '# Shop\n\nA small shop.\n');
});

describe('git_diff', () => {
  it('shows the uncommitted changes of the workspace', async () => {
    const diff = await tool('git_diff').run({}, signal);
    expect(diff).toContain('diff --git a/README.md b/README.md');
    expect(diff).toContain('-    return sum(prices[1:])\n+    return sum(prices)');
  });

  it('for one path, only that file', async () => {
    const diff = await tool('git_diff').run({ path: 'README.md' }, signal);
    expect(diff).toContain('+A small shop.');
    expect(diff).not.toContain('cart.py');
  });

  it.each([
    ['a relative escape', '../secret.txt'],
    ['an absolute path elsewhere', '/etc/passwd'],
  ])('refuses %s as path, running no git', async (_, path) => {
    expect(await refusalOf(tool('git_diff').run({ path }, signal))).toMatch(
      /^refused: .* is outside the workspace/,
    );
  });
});

describe('git_log', () => {
  it('lists the commits, newest first, one line each', async () => {
    const log = (await tool('git_log').run({}, signal)).trim().split('\n');
    expect(log).toHaveLength(2);
    expect(log[0]).toMatch(/^[0-9a-f]{7,} Sum the prices$/);
    expect(log[1]).toMatch(/^[0-9a-f]{7,} Add the cart$/);
  });

  it('honours limit, and a path narrows it to that file’s commits', async () => {
    expect((await tool('git_log').run({ limit: 1 }, signal)).trim().split('\n')).toHaveLength(1);
    const readme = (await tool('git_log').run({ path: 'README.md' }, signal)).trim().split('\n');
    expect(readme).toHaveLength(1);
    expect(readme[0]).toMatch(/ Add the cart$/);
  });

  it('refuses a path outside the workspace', async () => {
    expect(await refusalOf(tool('git_log').run({ path: '../secret.txt' }, signal))).toMatch(
      /^refused: \.\.\/secret\.txt is outside the workspace/,
    );
  });
});

describe('git tools outside a repository', () => {
  it('say git failed, as a tool error the model can read', async () => {
    const plain = mkdtempSync(join(tmpdir(), 'lantern-no-git-'));
    expect(await refusalOf(tool('git_log', plain).run({}, signal))).toMatch(/^git failed: /);
  });
});
