import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { offlineEnv, runShell } from '../support/cli-runner.js';
import { freshDir } from '../support/model-session.js';
import { REPO_ROOT } from '../support/paths.js';

const README = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');

/** The command lines of the `sh` block under "## Install", comments dropped. */
function installCommands(): string[] {
  const section = README.split(/^## /m).find((part) => part.startsWith('Install\n'));
  const block = /```sh\n([\s\S]*?)```/.exec(section ?? '')?.[1];
  if (block === undefined) throw new Error('README.md has no sh block under "## Install"');
  return block
    .split('\n')
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line !== '');
}

/**
 * npm as a user runs it, but installing "globally" into a fresh prefix (npm_config_prefix), and with no
 * lifecycle scripts of this package: `prepare` would rebuild dist/ under the other test files' feet (the
 * build is there already: `npm test` makes it first). The tarball's dependencies still build as usual.
 */
function npmEnv(prefix: string): Record<string, string> {
  return { ...offlineEnv(), npm_config_prefix: prefix, npm_config_prefer_offline: 'true' };
}

/** `lantern explain` of a copy of the example, outside the clone, through the installed bin. */
async function explainOutsideTheClone(prefix: string) {
  const elsewhere = freshDir('lantern-install-cwd-');
  copyFileSync(join(REPO_ROOT, 'examples', 'inventory.py'), join(elsewhere, 'inventory.py'));
  return runShell(offlineEnv(), `"${join(prefix, 'bin', 'lantern')}" explain inventory.py:22`, elsewhere);
}

describe('the README Install section, run as written', () => {
  it('has the two ways: link the clone, or pack it and install the tarball', () => {
    const [link, pack] = installCommands();
    expect(link).toBe('npm ci && npm install -g .');
    expect(pack).toMatch(/^npm pack && npm install -g \.\/lantern-ls-[\d.]+\.tgz$/);
  });

  it('`npm install -g .` puts lantern-ls and lantern on the PATH, running this clone', async () => {
    // `npm ci` is the quick start's own step (test/cli/readme-quick-start.test.ts): not rerun under the suite.
    const step = installCommands()[0]?.split('&&')[1]?.trim() ?? '';
    const prefix = freshDir('lantern-install-link-');
    const install = await runShell({ ...npmEnv(prefix), npm_config_ignore_scripts: 'true' }, step);
    expect(install.code, install.stderr).toBe(0);
    const version = await runShell(offlineEnv(), `"${join(prefix, 'bin', 'lantern-ls')}" --version`);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    const explain = await explainOutsideTheClone(prefix);
    expect(explain.code, explain.stderr).toBe(0);
    expect(explain.stdout).toContain('*method* **add** in class `Inventory`');
  });

  it('`npm pack` then installing the tarball gives a standalone copy that works', {
    timeout: 600_000,
  }, async () => {
    const [pack = '', install = ''] = (installCommands()[1] ?? '').split('&&').map((step) => step.trim());
    const prefix = freshDir('lantern-install-pack-');
    const packDir = freshDir('lantern-install-tarball-');
    // Packed into its own folder, so the clone is left as it was; installed from there as written.
    const packed = await runShell(
      { ...npmEnv(prefix), npm_config_ignore_scripts: 'true' },
      `${pack} --pack-destination "${packDir}"`,
    );
    expect(packed.code, packed.stderr).toBe(0);
    expect(readdirSync(packDir)).toEqual([install.replace(/^.*\.\//, '')]);
    const installed = await runShell(npmEnv(prefix), install, packDir);
    expect(installed.code, installed.stderr).toBe(0);
    const explain = await explainOutsideTheClone(prefix);
    expect(explain.code, explain.stderr).toBe(0);
    expect(explain.stderr).toBe('');
    expect(explain.stdout).toContain('def add(self, item: Item) -> None');
    expect(explain.stdout).toContain('*method* **add** in class `Inventory`');
  });
});
