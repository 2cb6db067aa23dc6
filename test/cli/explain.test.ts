import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OFFLINE_HINT } from '../../server/src/llm/offline-hint.js';
import { LANTERN_BIN, offlineEnv, runLantern, runShell } from '../support/cli-runner.js';

/**
 * Runs `lantern` offline whatever the developer's environment holds: no ANTHROPIC_*, LANTERN_* or
 * OPENAI_* variables and an empty config folder, so a real key can never make these tests call Claude.
 */
function lantern(...args: string[]) {
  return runLantern(offlineEnv(), args);
}

describe('lantern explain (offline)', () => {
  it('explains the method at a line, as the README quick start shows', async () => {
    const { code, stdout, stderr } = await lantern('explain', 'examples/inventory.py:22');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('def add(self, item: Item) -> None');
    expect(stdout).toContain('*method* **add** in class `Inventory`');
    expect(stdout).toContain('Adds an item, or increases the quantity of one already stocked.');
    // With no model, it says how to get one.
    expect(stdout).toContain(`*Offline: structure only. ${OFFLINE_HINT}*`);
  });

  it('ends quietly when the reader stops reading (| head), with no EPIPE trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lantern-cli-'));
    const file = join(dir, 'many.py');
    // Far more output than a pipe holds, so writes go on after head has exited.
    const functions = Array.from(
      { length: 3000 },
      (_, n) => `def f${n}(a, b):\n    """Adds."""\n    return a + b\n`,
    );
    writeFileSync(file, functions.join('\n'));
    const run = await runShell(
      offlineEnv(),
      `bash -c "set -o pipefail; node ${LANTERN_BIN} explain ${file} | head -c 200 >/dev/null"`,
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });

  it('resolves the symbol at LINE:COL to its definition', async () => {
    const { code, stdout } = await lantern('explain', 'examples/inventory.py:39:30');
    expect(code).toBe(0);
    expect(stdout).toContain('def line_value(item: Item) -> int');
    expect(stdout).toContain('defined at line 42 of `inventory.py`');
  });

  it('with only a file, describes every top-level unit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lantern-cli-'));
    const file = join(dir, 'shapes.ts');
    writeFileSync(
      file,
      'export function area(r: number) { return 3 * r * r; }\nclass Square { side = 1; }\n',
    );
    const { code, stdout } = await lantern('explain', file);
    expect(code).toBe(0);
    expect(stdout).toContain('export function area(r: number)');
    expect(stdout).toContain('*class* **Square**');
  });

  it.each([
    [['explain', 'missing.py'], 'missing.py: no such file'],
    [['explain', 'examples/inventory.py:0'], "bad line number in 'examples/inventory.py:0'"],
    [['explain', 'examples/inventory.py:abc'], 'bad line number'],
    [['explain', 'examples/inventory.py:999'], 'has 44 lines; line 999 does not exist'],
    [
      ['explain', 'examples/inventory.py:22:999'],
      'examples/inventory.py:22 has 77 columns; column 999 does not exist',
    ],
    [['explain', 'examples/inventory.py:22:0'], "bad column number in 'examples/inventory.py:22:0'"],
    [
      ['explain', 'README.md'],
      'README.md: no grammar for this file (Lantern reads TypeScript, JavaScript, Python, Go, Rust, Java, C, C++, Ruby and C#',
    ],
    [['frobnicate'], "unknown command 'frobnicate'"],
  ])('%j fails with one clear line and a non-zero exit', async (args, message) => {
    const { code, stdout, stderr } = await lantern(...args);
    expect(code).not.toBe(0);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain(message);
  });
});
