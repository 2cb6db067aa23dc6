import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { offlineEnv, runShell } from '../support/cli-runner.js';
import { REPO_ROOT } from '../support/paths.js';

const README = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');

/** The `sh` block under "## Quick start", as a reader copies it. */
function quickStartBlock(): string {
  const section = README.split(/^## /m).find((part) => part.startsWith('Quick start\n'));
  const block = /```sh\n([\s\S]*?)```/.exec(section ?? '')?.[1];
  if (block === undefined) throw new Error('README.md has no sh block under "## Quick start"');
  return block;
}

/** The quick start's explain step (one `&&` step of its line) and the comment that says what it does. */
function explainStep(): { command: string; comment: string } {
  const line = quickStartBlock()
    .split('\n')
    .find((text) => text.includes('lantern explain'));
  const [commands = '', comment = ''] = (line ?? '').split(/\s+#\s+/, 2);
  const command = commands
    .split('&&')
    .map((step) => step.trim())
    .find((step) => step.includes('lantern explain'));
  if (command === undefined) throw new Error('the quick start has no `lantern explain` step');
  return { command, comment };
}

// npm never asks the registry: `npx` must find the clone's own bin, as on a machine without network.
const OFFLINE = { ...offlineEnv(), npm_config_offline: 'true' };

describe('the README quick start, run as written', () => {
  it('explains with npx in the clone, offline: the structure of the method, and the offline hint', async () => {
    const { command } = explainStep();
    expect(command).toMatch(/^npx lantern explain \S+$/);
    const run = await runShell(OFFLINE, command);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('def add(self, item: Item) -> None');
    expect(run.stdout).toContain('*method* **add** in class `Inventory`');
    expect(run.stdout).toContain('Adds an item, or increases the quantity of one already stocked.');
    expect(run.stdout).toContain('*Offline: structure only.');
  });

  it('says truly which line the method is around: the one the command names, inside the method', async () => {
    const { command, comment } = explainStep();
    const line = Number(/:(\d+)$/.exec(command)?.[1]);
    expect(comment).toContain(`the method around line ${line}`);
    const run = await runShell(OFFLINE, command);
    const [, start, end] = /lines (\d+)–(\d+)/.exec(run.stdout) ?? [];
    expect(Number(start)).toBeLessThanOrEqual(line);
    expect(Number(end)).toBeGreaterThanOrEqual(line);
  });

  it('`npx lantern-ls`, as "Pointing an editor at it" says, starts the clone\'s server', async () => {
    expect(README).toContain('`npx lantern-ls` inside the clone');
    const run = await runShell(OFFLINE, 'npx lantern-ls --version');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});
