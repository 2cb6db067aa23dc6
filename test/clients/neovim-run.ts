import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FakeModelServer } from '../support/fake-model-server.js';
import { REPO_ROOT } from '../support/paths.js';
import { type ClientFixture, workspaceWith } from './client-fixtures.js';
import { editorEnv, readResult, runEditor, STEP_DEADLINE_MS, tempDir } from './editor-harness.js';

/**
 * Starts Debian's Neovim headless on `fixture` with clients/neovim as the plugin, running the Lua
 * `driver` (in test/clients, on neovim-prelude.lua) with `spec` plus the plugin's folder, the result
 * path and the step deadline; returns what the driver wrote.
 */
export async function runNeovimDriver<Result>(
  driver: string,
  fixture: ClientFixture,
  fake: FakeModelServer,
  spec: Record<string, unknown>,
): Promise<Result> {
  const { dir, file } = workspaceWith(fixture);
  const resultPath = join(tempDir('lantern-nvim-result-'), 'result.json');
  const specPath = join(tempDir('lantern-nvim-spec-'), 'spec.json');
  writeFileSync(
    specPath,
    JSON.stringify({
      plugin_dir: join(REPO_ROOT, 'clients', 'neovim'),
      result_path: resultPath,
      timeout_ms: STEP_DEADLINE_MS,
      ...spec,
    }),
  );
  const drivers = join(REPO_ROOT, 'test', 'clients');
  // The drivers' shared start and end: require('neovim-prelude') finds neovim-prelude.lua here.
  const preludePath = `lua package.path = ${JSON.stringify(`${drivers}/?.lua;`)} .. package.path`;
  const script = join(drivers, driver);
  const args = ['--headless', '--clean', '-n', '-c', preludePath, '-c', `luafile ${script}`, file];
  const exit = await runEditor('nvim', args, {
    env: { ...editorEnv(fake), LANTERN_DRIVER_SPEC: specPath },
    cwd: dir,
  });
  return readResult<Result>(resultPath, exit);
}
