import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  fakeModelEnv,
  fakeModelPerTest,
  offlineEnv,
  oneLineError,
  runLantern,
} from '../support/cli-runner.js';
import { fenced } from '../support/fix-fixtures.js';
import { freshDir, promptOf } from '../support/model-session.js';

const PRICES = `def report(prices: list[float]) -> str:
    lines = []
    for price in prices:
        lines.append(str(price))
    return "\\n".join(lines)


def untouched() -> int:
    return 1
`;
const EDITED = PRICES.replace('lines.append(str(price))', 'lines.append(f"{price:.2f}")');
// The model answers the selected lines (3–4) at column 0.
const ANSWER = 'for price in prices:\n    lines.append(f"{price:.2f}")';

function workspace(): string {
  const dir = freshDir('lantern-edit-cli-');
  writeFileSync(join(dir, 'prices.py'), PRICES);
  return dir;
}

describe('lantern edit FILE:START-END "INSTRUCTION"', () => {
  const fake = fakeModelPerTest();

  it('prints a unified diff of the verified edit (that git apply applies), and leaves the file alone', async () => {
    fake().script({ kind: 'text', text: fenced('python', ANSWER, 'Two decimals.') });
    const dir = workspace();
    const run = await runLantern(
      fakeModelEnv('anthropic', fake()),
      ['edit', 'prices.py:3-4', 'format prices with two decimals'],
      dir,
    );
    // Nothing on stderr but, on a busy machine, the note that python3's own check was skipped.
    expect(run.stderr.replace(/^lantern: the check with Python .* was skipped: .*\n/, '')).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      [
        '--- a/prices.py',
        '+++ b/prices.py',
        '@@ -1,7 +1,7 @@',
        ' def report(prices: list[float]) -> str:',
        '     lines = []',
        '     for price in prices:',
        '-        lines.append(str(price))',
        '+        lines.append(f"{price:.2f}")',
        '     return "\\n".join(lines)',
        ' ',
        ' ',
        '',
      ].join('\n'),
    );
    expect(readFileSync(join(dir, 'prices.py'), 'utf8')).toBe(PRICES);
    const apply = spawnSync('git', ['apply', '-'], { cwd: dir, input: run.stdout, encoding: 'utf8' });
    expect(apply.status, apply.stderr).toBe(0);
    expect(readFileSync(join(dir, 'prices.py'), 'utf8')).toBe(EDITED);

    const { user } = promptOf(await fake().waitForRequests(1));
    expect(user).toContain('format prices with two decimals');
    expect(user).toContain('the selected code at lines 3–4');
  });

  it('--write writes the edited file and says what changed', async () => {
    fake().script({ kind: 'text', text: fenced('python', ANSWER, 'Two decimals.') });
    const dir = workspace();
    const run = await runLantern(
      fakeModelEnv('anthropic', fake()),
      ['edit', 'prices.py:3-4', 'format prices with two decimals', '--write'],
      dir,
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(
      'prices.py: edited the selected code at lines 3–4 (+1 -1 lines): Two decimals.\n',
    );
    expect(readFileSync(join(dir, 'prices.py'), 'utf8')).toBe(EDITED);
  });

  it('refuses an answer that breaks the syntax: one error line, the file untouched', async () => {
    fake().script({ kind: 'text', text: fenced('python', 'for price in prices\n    lines.append(price)') });
    const dir = workspace();
    const run = await runLantern(
      fakeModelEnv('anthropic', fake()),
      ['edit', 'prices.py:3-4', 'simplify', '--write'],
      dir,
    );
    expect(oneLineError(run)).toMatch(
      /^lantern: Lantern did not apply the edit: the change would break the syntax \(.+ at line 3\)\.$/,
    );
    expect(readFileSync(join(dir, 'prices.py'), 'utf8')).toBe(PRICES);
  });

  it.each([
    [
      ['edit', 'prices.py', 'x'],
      "lantern: 'prices.py': say which lines to edit, FILE:START-END (or FILE:LINE for the function there)",
    ],
    [
      ['edit', 'prices.py:4-3', 'x'],
      "lantern: bad line range in 'prices.py:4-3': expected START-END with 1 <= START <= END",
    ],
    [['edit', 'prices.py:3-40', 'x'], 'lantern: prices.py has 10 lines; line 40 does not exist'],
    [
      ['edit', 'prices.py:3-4'],
      'lantern: usage: lantern edit FILE:START-END "INSTRUCTION" [--write] [--json]',
    ],
  ])('bad arguments are one clear line: %j', async (args, error) => {
    const run = await runLantern(offlineEnv(), args, workspace());
    expect(oneLineError(run)).toBe(error);
  });
});
