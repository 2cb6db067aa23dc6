import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AgentTool } from '../../server/src/tools/agent-tool.js';
import { refusalOf, toolsIn } from '../support/agent-tools.js';

const signal = new AbortController().signal;
let root: string;
let outside: string;

function tools(trusted: boolean, command = 'echo ran {file} > ran.txt'): Map<string, AgentTool> {
  return toolsIn([root], { trusted: () => trusted, command });
}

async function refusal(tool: AgentTool | undefined, input: Record<string, unknown>): Promise<string> {
  return refusalOf(tool?.run(input, signal) ?? Promise.resolve());
}

beforeAll(() => {
  const base = mkdtempSync(join(tmpdir(), 'lantern-tools-'));
  root = join(base, 'workspace');
  outside = join(base, 'secret.txt');
  mkdirSync(join(root, 'src'), { recursive: true });
  writeFileSync(
    join(root, 'src', 'cart.py'),
    'def total(items):\n    return sum(items)\n\nclass Cart:\n    def add(self, item):\n        pass\n',
  );
  writeFileSync(join(root, 'notes.md'), 'remember the discount rule\n');
  // 1,000 lines of 70 characters and a line break: 71,000 characters, past read_file's 60,000.
  writeFileSync(join(root, 'big.txt'), `${'y'.repeat(70)}\n`.repeat(1_000));
  writeFileSync(outside, 'top secret\n');
  symlinkSync(outside, join(root, 'link-out.txt'));
  symlinkSync(join(root, 'notes.md'), join(root, 'link-in.md'));
});

describe('workspace tools', () => {
  it('read_file reads a workspace file, whole or by lines', async () => {
    const read = tools(false).get('read_file');
    expect(await read?.run({ path: 'src/cart.py' }, signal)).toContain('def total(items):');
    expect(await read?.run({ path: 'src/cart.py', startLine: 4, endLine: 5 }, signal)).toBe(
      'class Cart:\n    def add(self, item):',
    );
    expect(await read?.run({ path: 'link-in.md' }, signal)).toBe('remember the discount rule\n');
  });

  it('read_file takes a line that is not a number as no bound', async () => {
    const read = tools(false).get('read_file');
    const whole = await read?.run({ path: 'src/cart.py' }, signal);
    expect(await read?.run({ path: 'src/cart.py', startLine: 'top', endLine: 'end' }, signal)).toBe(whole);
  });

  it('read_file cuts a file past 60,000 characters and says to ask for a line range', async () => {
    const read = tools(false).get('read_file');
    const whole = (await read?.run({ path: 'big.txt' }, signal)) ?? '';
    const note = '\n… (truncated; ask for a line range)';
    expect(whole.endsWith(note)).toBe(true);
    expect(whole.length).toBe(60_000 + note.length);
    // A range within the limit comes back whole.
    expect(await read?.run({ path: 'big.txt', startLine: 901, endLine: 1_000 }, signal)).toBe(
      Array.from({ length: 100 }, () => 'y'.repeat(70)).join('\n'),
    );
  });

  it.each([
    ['a relative escape', '../../etc/passwd'],
    ['an absolute path outside', '/etc/passwd'],
    ['the sibling secret by relative path', '../secret.txt'],
    ['a symlink pointing outside', 'link-out.txt'],
  ])('read_file refuses %s with a clear error', async (_, path) => {
    expect(await refusal(tools(false).get('read_file'), { path })).toMatch(
      /refused: .* is outside the workspace/,
    );
  });

  it('search_workspace finds lines and does not follow links out', async () => {
    const search = tools(false).get('search_workspace');
    expect(await search?.run({ query: 'DISCOUNT' }, signal)).toBe('notes.md:1: remember the discount rule');
    expect(await search?.run({ query: 'top secret' }, signal)).toBe('no matches');
  });

  it('list_symbols lists units with lines and signatures', async () => {
    expect(await tools(false).get('list_symbols')?.run({ path: 'src/cart.py' }, signal)).toBe(
      '1: function def total(items)\n4: class class Cart\n5: method def add(self, item)',
    );
  });

  it('run_tests is refused in an untrusted workspace and runs nothing', async () => {
    const message = await refusal(tools(false).get('run_tests'), { path: 'src/cart.py' });
    expect(message).toContain('not trusted');
    expect(
      await tools(false)
        .get('read_file')
        ?.run({ path: 'ran.txt' }, signal)
        .catch((error: Error) => error.message),
    ).toContain('no such file');
  });

  it('run_tests runs the configured command in a trusted workspace', async () => {
    const output = await tools(true, 'echo tested {file}')
      .get('run_tests')
      ?.run({ path: 'src/cart.py' }, signal);
    expect(output).toMatch(/^PASSED\ntested .*src\/cart\.py/);
  });
});
