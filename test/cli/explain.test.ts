import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/paths.js';

function lantern(...args: string[]) {
  const result = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'lantern.js'), ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('lantern explain (offline)', () => {
  it('explains the method at a line, as the README quick start shows', () => {
    const { code, stdout, stderr } = lantern('explain', 'examples/inventory.py:22');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('def add(self, item: Item) -> None');
    expect(stdout).toContain('*method* **add** in class `Inventory`');
    expect(stdout).toContain('Adds an item, or increases the quantity of one already stocked.');
  });

  it('resolves the symbol at LINE:COL to its definition', () => {
    const { code, stdout } = lantern('explain', 'examples/inventory.py:39:30');
    expect(code).toBe(0);
    expect(stdout).toContain('def line_value(item: Item) -> int');
    expect(stdout).toContain('defined at line 42 of `inventory.py`');
  });

  it('with only a file, describes every top-level unit', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lantern-cli-'));
    const file = join(dir, 'shapes.ts');
    writeFileSync(
      file,
      'export function area(r: number) { return 3 * r * r; }\nclass Square { side = 1; }\n',
    );
    const { code, stdout } = lantern('explain', file);
    expect(code).toBe(0);
    expect(stdout).toContain('export function area(r: number)');
    expect(stdout).toContain('*class* **Square**');
  });

  it.each([
    [['explain', 'missing.py'], 'missing.py: no such file'],
    [['explain', 'examples/inventory.py:0'], "bad line number in 'examples/inventory.py:0'"],
    [['explain', 'examples/inventory.py:abc'], 'bad line number'],
    [['explain', 'examples/inventory.py:999'], 'has 44 lines; line 999 does not exist'],
    [['explain', 'README.md'], 'unsupported language'],
    [['frobnicate'], "unknown command 'frobnicate'"],
  ])('%j fails with one clear line and a non-zero exit', (args, message) => {
    const { code, stdout, stderr } = lantern(...args);
    expect(code).not.toBe(0);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain(message);
  });
});
