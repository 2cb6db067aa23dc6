import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeModelEnv, offlineEnv, oneLineError, runLantern } from '../support/cli-runner.js';
import { FakeModelServer } from '../support/fake-model-server.js';

const TARGET = 'examples/inventory.py:22';
const ANSWER = 'Adds the item, or tops up the stock of one already there.';

describe('lantern explain --json', () => {
  it('offline: the unit, its structural header and why there is no explanation', async () => {
    const run = await runLantern(offlineEnv(), ['explain', TARGET, '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({
      file: 'examples/inventory.py',
      line: 22,
      column: null,
      unit: { kind: 'method', name: 'add', signature: 'def add(self, item: Item) -> None' },
      explanation: null,
      source: 'offline',
    });
    expect(result.header).toContain('*method* **add** in class `Inventory`');
    expect(result.note).toContain('no ANTHROPIC_API_KEY');
  });

  it('a whole file: every top-level unit', async () => {
    const run = await runLantern(offlineEnv(), ['explain', 'examples/inventory.py', '--json']);
    expect(run.code).toBe(0);
    const names = JSON.parse(run.stdout).units.map((unit: { name: string }) => unit.name);
    expect(names).toContain('Inventory');
    expect(names).toContain('line_value');
  });

  describe('with a model', () => {
    let fake: FakeModelServer;
    beforeEach(async () => {
      fake = await FakeModelServer.start();
    });
    afterEach(async () => {
      await fake.close();
    });

    it('holds the explanation and where it came from; a second run says cache', async () => {
      fake.script({ kind: 'text', text: ANSWER, chunks: 3 });
      const env = fakeModelEnv('anthropic', fake);
      const first = await runLantern(env, ['explain', TARGET, '--json']);
      expect(first.stderr).toBe('');
      expect(JSON.parse(first.stdout)).toMatchObject({ explanation: ANSWER, source: 'model', note: null });
      const second = await runLantern(env, ['explain', TARGET, '--json']);
      expect(JSON.parse(second.stdout)).toMatchObject({ explanation: ANSWER, source: 'cache' });
      expect(fake.requests).toHaveLength(1);
    });
  });
});

describe('the rest of the command line', () => {
  it.each([
    [['generate', 'a parser', '--language', 'python'], 'cannot generate without a model'],
    [['generate', 'a parser', '--language', 'cobol'], "unknown language 'cobol'"],
    [['chat'], 'cannot chat without a model'],
    [['explain', TARGET, '--jsn'], "Unknown option '--jsn'"],
    [['explain'], 'usage: lantern explain FILE[:LINE[:COL]] [--json]'],
    [['doctor', 'now'], 'usage: lantern doctor [--json]'],
  ])('%j is one clear line and a non-zero exit', async (args, message) => {
    const run = await runLantern(offlineEnv(), args);
    expect(oneLineError(run)).toContain(message);
    expect(run.stdout).toBe('');
  });

  it('--help lists every command', async () => {
    const run = await runLantern(offlineEnv(), ['--help']);
    expect(run.code).toBe(0);
    for (const command of ['explain', 'fix', 'doctor', 'generate', 'chat'])
      expect(run.stdout).toContain(`lantern ${command} `);
  });
});
