import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AgentTool } from '../../server/src/tools/agent-tool.js';
import { isTrusted } from '../../server/src/tools/trust.js';
import { refusalOf, toolNamed, toolsIn } from '../support/agent-tools.js';

const signal = new AbortController().signal;
// base/link → base/real: the workspace folders are written through the link, as an editor may give them.
const base = mkdtempSync(join(tmpdir(), 'lantern-symlinked-'));
const real = join(base, 'real');
const proj = join(base, 'link', 'proj');
const lib = join(base, 'link', 'lib');

/** The tools of `folders`, trusted as the agent trusts them: by the folders the user listed. */
function tool(name: string, folders: readonly string[], trusted: readonly string[] = [proj]): AgentTool {
  const tests = { trusted: (folder: string) => isTrusted(folder, trusted), command: 'echo tested {file}' };
  return toolNamed(toolsIn(folders, tests), name);
}

beforeAll(() => {
  mkdirSync(join(real, 'proj', 'tests'), { recursive: true });
  mkdirSync(join(real, 'lib'), { recursive: true });
  symlinkSync(real, join(base, 'link'));
  writeFileSync(join(real, 'proj', 'tests', 'test_cart.py'), 'def test_total():\n    pass  # needle\n');
  writeFileSync(join(real, 'lib', 'money.py'), 'CENTS = 100  # needle\n');
  writeFileSync(join(real, 'secret.txt'), 'needle beside the workspace\n');
  writeFileSync(join(base, 'far.txt'), 'needle far away\n');
  symlinkSync(join(base, 'far.txt'), join(real, 'proj', 'far-link.txt'));
});

describe('tools in a workspace folder reached through a symlink', () => {
  it('run_tests runs when the folder, as written, is trusted', async () => {
    const output = await tool('run_tests', [proj]).run({ path: 'tests/test_cart.py' }, signal);
    expect(output).toMatch(/^PASSED\ntested .*tests\/test_cart\.py\n$/);
    const untrusted = tool('run_tests', [proj], [join(base, 'elsewhere')]);
    expect(await refusalOf(untrusted.run({ path: 'tests/test_cart.py' }, signal))).toContain('not trusted');
  });

  it('run_tests runs in the folder as written: trust is checked on it, not on its real path', async () => {
    const folders: string[] = [];
    const tests = {
      trusted: (folder: string) => folders.push(folder) > 0,
      command: 'echo tested {file}',
    };
    await toolNamed(toolsIn([proj, lib], tests), 'run_tests').run({ path: 'tests/test_cart.py' }, signal);
    await toolNamed(toolsIn([proj, lib], tests), 'run_tests').run({ path: join(lib, 'money.py') }, signal);
    expect(folders).toEqual([proj, lib]);
  });

  it('search_workspace reports the first folder’s files by relative path, another’s by the path as written', async () => {
    const found = await tool('search_workspace', [proj, lib]).run({ query: 'needle' }, signal);
    expect(found.split('\n')).toEqual([
      'tests/test_cart.py:2: pass  # needle',
      `${join(lib, 'money.py')}:1: CENTS = 100  # needle`,
    ]);
  });

  it.each([
    ['a file beside the folder, by relative path', '../secret.txt'],
    ['a file beside the folder, by absolute path through the link', join(base, 'link', 'secret.txt')],
    ['a symlink out of the folder', 'far-link.txt'],
  ])('still refuses %s', async (_, path) => {
    expect(await refusalOf(tool('read_file', [proj]).run({ path }, signal))).toMatch(
      /^refused: .* is outside the workspace/,
    );
    expect(await refusalOf(tool('run_tests', [proj]).run({ path }, signal))).toMatch(
      /^refused: .* is outside the workspace/,
    );
  });
});
