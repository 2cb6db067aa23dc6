import { describe, expect, it } from 'vitest';
import {
  fakeModelEnv,
  fakeModelPerTest,
  offlineEnv,
  runLantern,
  runWithTerminalStdout,
} from '../support/cli-runner.js';

const TARGET = 'examples/inventory.py:22';
const ESC = '\x1b[';
const bold = (text: string) => `${ESC}1m${text}${ESC}22m`;
const italic = (text: string) => `${ESC}3m${text}${ESC}23m`;
const code = (text: string) => `${ESC}36m${text}${ESC}39m`;
const ANSWER = `## How

It looks the SKU up in \`items\`:

- **found**: adds to its *quantity*
- otherwise: stores the item

\`\`\`python
self.items[item.sku] = item
\`\`\``;

describe('lantern explain: Markdown rendered on a terminal, kept as Markdown when piped', () => {
  it('piped: the Markdown itself, no escape sequence', async () => {
    const run = await runLantern(offlineEnv(), ['explain', TARGET]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('*method* **add** in class `Inventory`');
    expect(run.stdout).toContain('```python\ndef add(self, item: Item) -> None\n```');
    expect(run.stdout).not.toContain(ESC);
  });

  it('on a terminal: emphasis, inline code and code blocks styled, no Markdown markers', async () => {
    const run = await runWithTerminalStdout(offlineEnv(), ['explain', TARGET]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`${italic('method')} ${bold('add')} in class ${code('Inventory')}`);
    expect(run.stdout).toContain(`    ${code('def add(self, item: Item) -> None')}\n`);
    expect(run.stdout).not.toMatch(/```|\*\*/);
  });

  it('on a terminal with NO_COLOR: laid out the same, without escape sequences', async () => {
    const run = await runWithTerminalStdout({ ...offlineEnv(), NO_COLOR: '1' }, ['explain', TARGET]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('method add in class Inventory');
    expect(run.stdout).toContain('    def add(self, item: Item) -> None\n');
    expect(run.stdout).not.toContain(ESC);
    expect(run.stdout).not.toMatch(/```|\*\*/);
  });

  it('piped with FORCE_COLOR: rendered as on a terminal', async () => {
    const run = await runLantern({ ...offlineEnv(), FORCE_COLOR: '1' }, ['explain', TARGET]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`${italic('method')} ${bold('add')} in class ${code('Inventory')}`);
  });

  describe('with a model', () => {
    const fakeModel = fakeModelPerTest();

    it("renders the streamed explanation's heading, list, emphasis and code block", async () => {
      fakeModel().script({ kind: 'text', text: ANSWER, chunks: 6 });
      const run = await runWithTerminalStdout(fakeModelEnv('anthropic', fakeModel()), ['explain', TARGET]);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`${bold('How')}\n\nIt looks the SKU up in ${code('items')}:\n\n`);
      expect(run.stdout).toContain(`  • ${bold('found')}: adds to its ${italic('quantity')}\n`);
      expect(run.stdout).toContain('  • otherwise: stores the item\n');
      expect(run.stdout).toContain(`    ${code('self.items[item.sku] = item')}\n`);
      expect(run.stdout).toContain(italic('claude-sonnet-5-5'));
      expect(run.stdout).not.toMatch(/```|\*\*|## /);
    });
  });
});
