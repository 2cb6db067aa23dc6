import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENVIRONMENT_VARIABLES } from '../../server/src/environment.js';
import { OFFLINE_HINT } from '../../server/src/llm/offline-hint.js';
import { offlineEnv, runLantern } from '../support/cli-runner.js';
import { REPO_ROOT, sourceFiles } from '../support/paths.js';

// `env.NAME`, `env?.NAME`, `process.env.NAME`, `env['NAME']`: how the code reads the environment.
const READ = /\benv\??\.([A-Z][A-Z0-9_]*)|\benv\[['"]([A-Z][A-Z0-9_]*)['"]\]/g;

/** Every variable name the server and CLI sources read from an environment. */
function variablesRead(): Set<string> {
  const names = new Set<string>();
  for (const file of sourceFiles())
    for (const match of readFileSync(file, 'utf8').matchAll(READ))
      names.add((match[1] ?? match[2]) as string);
  return names;
}

const documented = ENVIRONMENT_VARIABLES.map((variable) => variable.name);

describe('the environment variables, from one table', () => {
  it('the table holds every variable the code reads, and only those', () => {
    const read = variablesRead();
    expect(read.size).toBeGreaterThan(5);
    expect([...read].filter((name) => !documented.includes(name))).toEqual([]);
    expect(documented.filter((name) => !read.has(name))).toEqual([]);
  });

  it('lantern --help lists each one the CLI reads', async () => {
    const run = await runLantern(offlineEnv(), ['--help']);
    expect(run.code).toBe(0);
    for (const variable of ENVIRONMENT_VARIABLES.filter((v) => v.programs.includes('lantern')))
      expect(run.stdout, variable.name).toMatch(new RegExp(`^  ${variable.name} +\\S`, 'm'));
    expect(run.stdout).toContain(OFFLINE_HINT);
  });

  it('lantern-ls --help lists each one the server reads', () => {
    const run = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'lantern-ls.js'), '--help'], {
      encoding: 'utf8',
    });
    expect(run.status).toBe(0);
    for (const variable of ENVIRONMENT_VARIABLES.filter((v) => v.programs.includes('lantern-ls')))
      expect(run.stdout, variable.name).toMatch(new RegExp(`^  ${variable.name} +\\S`, 'm'));
    expect(run.stdout).toContain('ANTHROPIC_BASE_URL');
    expect(run.stdout).toContain(OFFLINE_HINT);
  });
});
