import { spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type CliRun,
  fakeModelEnv,
  offlineEnv,
  oneLineError,
  runLantern,
  runOnTerminal,
} from '../support/cli-runner.js';
import { FakeModelServer } from '../support/fake-model-server.js';
import { freshDir, PROVIDERS } from '../support/model-session.js';
import { FIXTURES_DIR } from '../support/paths.js';

const CART = readFileSync(join(FIXTURES_DIR, 'fix', 'cart.py'), 'utf8');
const FIXED_SUBTOTAL = `def subtotal(items):
    """The price of every item, counted by quantity."""
    total = Decimal(0)
    for item in items:
        total += item.price * item.quantity
    return total`;
const UNDEFINED = '"itemz" is not defined';
// A TypeScript function with a missing `)`: tree-sitter knows the token, so no model is needed.
const TOTAL = `export function total(items: number[]): number {
  let sum = 0;
  for (const item of items) {
    sum += Math.round(item;
  }
  return sum;
}
`;

/** A temp folder holding cart.py and total.ts, used as the CLI's working directory. */
function workspace(): string {
  const dir = freshDir('lantern-fix-cli-');
  copyFileSync(join(FIXTURES_DIR, 'fix', 'cart.py'), join(dir, 'cart.py'));
  writeFileSync(join(dir, 'total.ts'), TOTAL);
  // Valid C++ that tree-sitter, reading it before the preprocessor, parses with errors.
  writeFileSync(
    join(dir, 'twice.cpp'),
    '#define SHOP_BEGIN namespace shop {\n#define SHOP_END }\n\nSHOP_BEGIN\n\nint twice(int value) { return 2 * value; }\n\nSHOP_END\n',
  );
  return dir;
}

describe('lantern fix, offline', () => {
  it('inserts a missing token: prints a unified diff that applies, or writes the file', async () => {
    const fixed = TOTAL.replace('round(item;', 'round(item);');
    const dir = workspace();
    const env = offlineEnv();
    const diff = await runLantern(env, ['fix', 'total.ts'], dir);
    expect(diff.stderr).toBe('');
    expect(diff.code).toBe(0);
    expect(diff.stdout).toContain('--- a/total.ts\n+++ b/total.ts\n@@ -1,7 +1,7 @@\n');
    expect(diff.stdout).toContain('-    sum += Math.round(item;\n+    sum += Math.round(item);\n');
    expect(readFileSync(join(dir, 'total.ts'), 'utf8')).toBe(TOTAL);
    // A real unified diff: `git apply` (outside any repository it works like patch -p1) applies it.
    const apply = spawnSync('git', ['apply', '-'], { cwd: dir, input: diff.stdout, encoding: 'utf8' });
    expect(apply.status, apply.stderr).toBe(0);
    expect(readFileSync(join(dir, 'total.ts'), 'utf8')).toBe(fixed);

    writeFileSync(join(dir, 'total.ts'), TOTAL);
    const write = await runLantern(env, ['fix', 'total.ts:4', '--write'], dir);
    expect(write.code).toBe(0);
    expect(write.stdout).toBe('total.ts: fixed `total` (+1 -1 lines): Inserted the missing `)`.\n');
    expect(readFileSync(join(dir, 'total.ts'), 'utf8')).toBe(fixed);
  });

  it('--json describes the fix and parses', async () => {
    const run = await runLantern(offlineEnv(), ['fix', 'total.ts:4', '--json'], workspace());
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({
      file: 'total.ts',
      line: 4,
      problem: 'missing `)`',
      unit: { kind: 'function', name: 'total', startLine: 1, endLine: 7 },
      model: null,
      written: false,
    });
    expect(result.diff).toContain('+    sum += Math.round(item);');
  });

  it('a problem only a model can fix is a one-line error naming what is missing', async () => {
    const run = await runLantern(offlineEnv(), ['fix', 'cart.py:9', '--error', UNDEFINED], workspace());
    expect(oneLineError(run)).toContain('cannot fix without a model: no ANTHROPIC_API_KEY');
    expect(run.stdout).toBe('');
  });
});

describe.each(PROVIDERS)('lantern fix with a model (%s)', (provider) => {
  let fake: FakeModelServer;
  beforeEach(async () => {
    fake = await FakeModelServer.start();
  });
  afterEach(async () => {
    await fake.close();
  });

  it('asks the model about the given error and prints the verified change', async () => {
    fake.script({
      kind: 'text',
      text: `The loop variable is misspelt.\n\n\`\`\`python\n${FIXED_SUBTOTAL}\n\`\`\`\n`,
    });
    const dir = workspace();
    const run = await runLantern(
      fakeModelEnv(provider, fake),
      ['fix', 'cart.py:9', '--error', UNDEFINED],
      dir,
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      '-        total += itemz.price * item.quantity\n+        total += item.price * item.quantity\n',
    );
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]?.rawBody).toContain(`line 9: ${UNDEFINED.replaceAll('"', '\\"')}`);
    expect(readFileSync(join(dir, 'cart.py'), 'utf8')).toBe(CART);
  });

  it('--write --json writes the file and reports the model', async () => {
    fake.script({ kind: 'text', text: `\`\`\`python\n${FIXED_SUBTOTAL}\n\`\`\`` });
    const dir = workspace();
    const run = await runLantern(
      fakeModelEnv(provider, fake),
      ['fix', 'cart.py:9', '--error', UNDEFINED, '--write', '--json'],
      dir,
    );
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({ file: 'cart.py', written: true, unit: { name: 'subtotal' } });
    expect(typeof result.model).toBe('string');
    expect(readFileSync(join(dir, 'cart.py'), 'utf8')).toBe(CART.replace('itemz.price', 'item.price'));
  });

  it('an answer the edit pipeline refuses changes nothing and says why in one line', async () => {
    fake.script({ kind: 'text', text: '```python\ndef receipt(items):\n    return "[]"\n```' });
    const dir = workspace();
    const run = await runLantern(
      fakeModelEnv(provider, fake),
      ['fix', 'cart.py:9', '--error', UNDEFINED, '--write'],
      dir,
    );
    expect(oneLineError(run)).toContain(
      'Lantern did not apply the fix: the answer defines `receipt`, not `subtotal`',
    );
    expect(readFileSync(join(dir, 'cart.py'), 'utf8')).toBe(CART);
  });

  it('a refused key is one line on stderr', async () => {
    fake.fallback = { kind: 'status', status: 401 };
    const run = await runLantern(
      fakeModelEnv(provider, fake),
      ['fix', 'cart.py:9', '--error', UNDEFINED],
      workspace(),
    );
    expect(oneLineError(run)).toMatch(/API key.*missing or wrong/);
  });
});

describe('lantern fix shows progress on a terminal', () => {
  it('says which model it is asking while it waits, on stderr only', async () => {
    const fake = await FakeModelServer.start();
    try {
      fake.script({ kind: 'text', text: `\`\`\`python\n${FIXED_SUBTOTAL}\n\`\`\`` });
      const args = ['fix', 'cart.py:9', '--error', 'itemz'];
      const run = await runOnTerminal(fakeModelEnv('anthropic', fake), args, workspace());
      expect(run.code).toBe(0);
      expect(run.terminal).toContain('asking claude-sonnet-5-5 to fix `subtotal`…');
      expect(run.terminal).not.toContain('+        total');
      expect(run.stdout).toContain('+        total += item.price * item.quantity');
      expect(run.stdout).not.toContain('asking');
    } finally {
      await fake.close();
    }
  });
});

describe('lantern fix: bad input is one clear line and a non-zero exit', () => {
  const cases: [string, string[], Record<string, string>, string][] = [
    ['a missing file', ['fix', 'missing.py:3', '--error', 'x'], {}, 'missing.py: no such file'],
    ['line 0', ['fix', 'cart.py:0', '--error', 'x'], {}, "bad line number in 'cart.py:0'"],
    ['a line that is not a number', ['fix', 'cart.py:x'], {}, "bad line number in 'cart.py:x'"],
    [
      'a line past the end',
      ['fix', 'cart.py:99', '--error', 'x'],
      {},
      'cart.py has 17 lines; line 99 does not exist',
    ],
    [
      'a column past the end of the line',
      ['fix', 'cart.py:9:99', '--error', 'x'],
      {},
      'cart.py:9 has 44 columns; column 99 does not exist',
    ],
    ['--error without a line', ['fix', 'cart.py', '--error', 'x'], {}, '--error needs the line it is about'],
    [
      'a line outside any function',
      ['fix', 'cart.py:1', '--error', 'x'],
      {},
      'cart.py:1: not inside a function',
    ],
    [
      'no problem to fix',
      ['fix', 'cart.py'],
      {},
      'cart.py: no syntax error found; say what is wrong with --error MSG',
    ],
    [
      'C++ whose syntax errors may be macros',
      ['fix', 'twice.cpp'],
      {},
      'twice.cpp: C++ is parsed before the preprocessor, so Lantern reports no syntax error in it; say what is wrong with --error MSG',
    ],
    [
      'a missing key',
      ['fix', 'cart.py:9', '--error', 'x'],
      { LANTERN_PROVIDER: 'anthropic' },
      'ANTHROPIC_API_KEY is not set',
    ],
    ['an unknown option', ['fix', 'cart.py:9', '--force'], {}, "Unknown option '--force'"],
  ];
  it.each(cases)('%s', async (_name, args, env, message) => {
    const run: CliRun = await runLantern({ ...offlineEnv(), ...env }, args, workspace());
    expect(oneLineError(run)).toContain(message);
    expect(run.stdout).toBe('');
  });
});
