import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusalOf, toolNamed, toolsIn } from '../support/agent-tools.js';

const signal = new AbortController().signal;
const base = mkdtempSync(join(tmpdir(), 'lantern-git-confined-'));

/** git as the test's author uses it (an identity of its own: the machine may have none). */
function git(at: string, ...args: string[]): string {
  return execFileSync('git', ['-C', at, '-c', 'user.name=Test', '-c', 'user.email=t@example.com', ...args], {
    encoding: 'utf8',
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' },
  });
}

/** A repository at `dir` (made if need be) with `files` committed as `message`. */
function committed(dir: string, files: Record<string, string>, message: string): void {
  mkdirSync(dir, { recursive: true });
  git(dir, 'init', '-q');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', message);
}

function run(
  tool: 'git_diff' | 'git_log' | 'read_file',
  folder: string,
  input: Record<string, unknown> = {},
) {
  return toolNamed(toolsIn([folder]), tool).run(input, signal);
}

describe('a workspace that is a subfolder of a repository', () => {
  const repo = join(base, 'monorepo');
  const app = join(repo, 'app');
  beforeAll(() => {
    mkdirSync(app, { recursive: true });
    committed(repo, { 'app/main.py': 'print(1)\n', 'payroll.py': 'SALARY = 1\n' }, 'Start');
    writeFileSync(join(repo, 'payroll.py'), 'SALARY = 2\n');
    git(repo, 'commit', '-q', '-am', 'Raise the salaries');
    writeFileSync(join(app, 'main.py'), 'print(2)\n');
    writeFileSync(join(repo, 'payroll.py'), 'SALARY = 3\n');
  });

  it('git_diff shows only the folder’s changes, by paths relative to it', async () => {
    const diff = await run('git_diff', app);
    expect(diff).toContain('diff --git a/main.py b/main.py');
    expect(diff).not.toContain('payroll');
    expect(diff).not.toContain('SALARY');
  });

  it('git_log lists only the commits that touch the folder', async () => {
    const log = await run('git_log', app);
    expect(log).toMatch(/ Start$/m);
    expect(log).not.toContain('Raise the salaries');
  });
});

describe('paths given to the git tools', () => {
  it('are taken literally: a file named like a glob shows only itself', async () => {
    const repo = join(base, 'globs');
    committed(repo, { 'a.py': 'A = 1\n', '[ab].py': 'GLOB = 1\n' }, 'Start');
    writeFileSync(join(repo, 'a.py'), 'A = 2\n');
    writeFileSync(join(repo, '[ab].py'), 'GLOB = 2\n');
    const diff = await run('git_diff', repo, { path: '[ab].py' });
    expect(diff).toContain('+GLOB = 2');
    expect(diff).not.toContain('A = 2');
  });

  it('a limit that is not a number falls back to the default', async () => {
    expect(await run('git_log', join(base, 'globs'), { limit: 'all of them' })).toMatch(/ Start$/m);
  });
});

describe('a .git file pointing at another repository', () => {
  const other = join(base, 'private');
  const decoy = join(base, 'decoy');
  beforeAll(() => {
    mkdirSync(decoy);
    committed(other, { 'diary.txt': 'dear diary\n' }, 'Private thoughts');
    writeFileSync(join(other, 'diary.txt'), 'dear diary, more\n');
    writeFileSync(join(decoy, '.git'), `gitdir: ${join(other, '.git')}\n`);
    writeFileSync(join(decoy, 'diary.txt'), 'dear diary, changed\n');
  });

  it.each(['git_diff', 'git_log'] as const)('%s refuses, showing nothing of it', async (tool) => {
    const refusal = await refusalOf(run(tool, decoy));
    expect(refusal).toMatch(/^refused: .*outside/);
    expect(refusal).not.toContain('Private');
  });

  it('a .git folder whose commondir reaches into it is refused too', async () => {
    const borrowed = join(base, 'borrowed');
    mkdirSync(join(borrowed, '.git'), { recursive: true });
    writeFileSync(join(borrowed, '.git', 'commondir'), `${join(other, '.git')}\n`);
    writeFileSync(join(borrowed, '.git', 'HEAD'), `${readFileSync(join(other, '.git', 'HEAD'), 'utf8')}`);
    expect(await refusalOf(run('git_log', borrowed))).toMatch(/^refused: .*outside/);
  });

  it('a linked worktree (whose repository points back at it) still works', async () => {
    const worktree = join(base, 'linked');
    git(other, 'worktree', 'add', '-q', worktree);
    expect(await run('git_log', worktree)).toMatch(/ Private thoughts$/m);
  });
});

describe('a workspace that is a submodule', () => {
  it('git_log reads the submodule’s history (its git dir is under the superproject’s .git/modules)', async () => {
    const library = join(base, 'library');
    const superproject = join(base, 'superproject');
    committed(library, { 'lib.py': 'X = 1\n' }, 'Library start');
    mkdirSync(superproject);
    git(superproject, 'init', '-q');
    git(superproject, '-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', library, 'lib');
    git(superproject, 'commit', '-q', '-m', 'Add the library');
    expect(await run('git_log', join(superproject, 'lib'))).toMatch(/ Library start$/m);
    expect(await run('git_log', join(superproject, 'lib'))).not.toContain('Add the library');
  });
});

describe('a hostile repository', () => {
  const repo = join(base, 'hostile');
  const markers = join(base, 'markers');
  const savedKey = process.env.ANTHROPIC_API_KEY;

  beforeAll(() => {
    mkdirSync(join(repo, 'hooks'), { recursive: true });
    mkdirSync(markers);
    // Leaves a marker (with its environment) wherever git runs it; passes its input through, as a
    // textconv or clean filter must.
    const evil = join(repo, 'evil.sh');
    writeFileSync(evil, `#!/bin/sh\nenv > "${markers}/ran-$$"\ncat "$@" 2>/dev/null || cat\n`);
    chmodSync(evil, 0o755);
    writeFileSync(join(repo, 'hooks', 'post-index-change'), `#!/bin/sh\n"${evil}"\n`);
    chmodSync(join(repo, 'hooks', 'post-index-change'), 0o755);
    git(repo, 'init', '-q');
    writeFileSync(join(repo, '.gitattributes'), '*.py diff=conv\n*.txt filter=clean\n');
    writeFileSync(join(repo, 'app.py'), 'x = 1\n');
    writeFileSync(join(repo, 'notes.txt'), 'one\n');
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'Start');
    for (const [key, value] of [
      ['core.fsmonitor', evil],
      ['core.hooksPath', join(repo, 'hooks')],
      ['core.pager', evil],
      ['pager.log', evil],
      ['diff.external', evil],
      ['diff.conv.textconv', evil],
      ['diff.conv.command', evil],
      ['filter.clean.clean', evil],
      ['filter.clean.smudge', evil],
      ['filter.clean.required', 'true'],
      ['log.showSignature', 'true'],
      ['gpg.program', evil],
    ])
      git(repo, 'config', key as string, value as string);
    writeFileSync(join(repo, 'app.py'), 'x = 2\n');
    writeFileSync(join(repo, 'notes.txt'), 'two\n');
    process.env.ANTHROPIC_API_KEY = 'sk-ant-git-LEAK-0000';
  });
  afterAll(() => {
    if (savedKey === undefined) delete process.env.ANTHROPIC_API_KEY;
    else process.env.ANTHROPIC_API_KEY = savedKey;
  });

  it('git_diff and git_log run none of its configured commands, and still answer', async () => {
    const diff = await run('git_diff', repo);
    expect(diff).toContain('-x = 1\n+x = 2');
    expect(diff).toContain('-one\n+two');
    expect(await run('git_diff', repo, { path: 'app.py' })).toContain('+x = 2');
    expect(await run('git_log', repo)).toMatch(/ Start$/m);
    expect(readdirSync(markers)).toEqual([]);
  });

  it.each(['.git/config', '.git/HEAD', '.git'])('read_file refuses %s', async (path) => {
    expect(await refusalOf(run('read_file', repo, { path }))).toMatch(/^refused: .*\.git/);
  });
});
