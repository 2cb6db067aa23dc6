import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AgentTool } from '../../server/src/tools/agent-tool.js';
import { refusalOf, toolNamed, toolsIn } from '../support/agent-tools.js';

const signal = new AbortController().signal;
// Named at load time (it.each needs the paths); the files are written before the tests.
const base = mkdtempSync(join(tmpdir(), 'lantern-folders-'));
const app = join(base, 'app');
const lib = join(base, 'lib');

/** The tools of a workspace of two folders, `app` first; only `lib` is trusted to run tests. */
function tool(name: string): AgentTool {
  const tests = { trusted: (folder: string) => folder === lib, command: 'echo tested {file} in $PWD' };
  return toolNamed(toolsIn([app, lib], tests), name);
}

beforeAll(() => {
  mkdirSync(join(app, 'src'), { recursive: true });
  mkdirSync(join(lib, 'tests'), { recursive: true });
  writeFileSync(join(app, 'src', 'main.py'), 'from money import cents\n\nprint(cents(2))\n');
  writeFileSync(join(lib, 'money.py'), 'def cents(euros):\n    return round(euros * 100)\n');
  writeFileSync(join(lib, 'tests', 'test_money.py'), 'def test_cents():\n    pass\n');
  writeFileSync(join(base, 'secret.txt'), 'not in any folder\n');
});

describe('tools in a workspace of two folders', () => {
  it('read_file takes a relative path from the first folder, and reads the second by absolute path', async () => {
    expect(await tool('read_file').run({ path: 'src/main.py' }, signal)).toContain('print(cents(2))');
    expect(await tool('read_file').run({ path: join(lib, 'money.py') }, signal)).toContain(
      'def cents(euros):',
    );
    // The second folder is a sibling: reached from the first by `..` too, since it is in the workspace.
    expect(await tool('read_file').run({ path: '../lib/money.py' }, signal)).toContain('def cents');
  });

  it.each([
    ['a path between the folders', '../secret.txt'],
    ['an absolute path in neither', join(base, 'secret.txt')],
  ])('refuses %s', async (_, path) => {
    expect(await refusalOf(tool('read_file').run({ path }, signal))).toMatch(
      /^refused: .* is outside the workspace/,
    );
  });

  it('search_workspace searches every folder; the first folder’s files by relative path, others absolute', async () => {
    const found = (await tool('search_workspace').run({ query: 'cents' }, signal)).split('\n');
    // The first folder first; within a folder, in the order the directory lists its files.
    expect(found.slice(0, 2)).toEqual([
      'src/main.py:1: from money import cents',
      'src/main.py:3: print(cents(2))',
    ]);
    expect(found.slice(2).sort()).toEqual([
      `${join(lib, 'money.py')}:1: def cents(euros):`,
      `${join(lib, 'tests', 'test_money.py')}:1: def test_cents():`,
    ]);
  });

  it('list_symbols lists a file of the second folder', async () => {
    expect(await tool('list_symbols').run({ path: join(lib, 'money.py') }, signal)).toBe(
      '1: function def cents(euros)',
    );
  });

  it('run_tests runs in the folder holding the test file, when that folder is trusted', async () => {
    const output = await tool('run_tests').run({ path: join(lib, 'tests', 'test_money.py') }, signal);
    expect(output).toBe(`PASSED\ntested ${join(lib, 'tests', 'test_money.py')} in ${lib}\n`);
    expect(await refusalOf(tool('run_tests').run({ path: 'src/main.py' }, signal))).toContain('not trusted');
  });
});
