import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FakeModelServer } from '../support/fake-model-server.js';
import { REPO_ROOT } from '../support/paths.js';
import { type ClientFixture, workspaceWith } from './client-fixtures.js';
import { editorEnv, hasProgram, readResult, runEditor, STEP_DEADLINE_MS, tempDir } from './editor-harness.js';
import { type EditorRun, editorSuite, type FixRoute } from './editor-suite.js';

/**
 * Starts Debian's Neovim headless on a fixture with clients/neovim as the plugin, in its default
 * setup (`lantern-ls` from PATH, here this repository's build) against the fake model; the driver
 * (neovim-driver.lua) goes through every step and reports what it saw.
 */
async function runNeovim(fixture: ClientFixture, fake: FakeModelServer, via: FixRoute): Promise<EditorRun> {
  const { dir, file } = workspaceWith(fixture);
  const resultPath = join(tempDir('lantern-nvim-result-'), 'result.json');
  const specPath = join(tempDir('lantern-nvim-spec-'), 'spec.json');
  writeFileSync(
    specPath,
    JSON.stringify({
      plugin_dir: join(REPO_ROOT, 'clients', 'neovim'),
      result_path: resultPath,
      timeout_ms: STEP_DEADLINE_MS,
      // Generous: the hover must show the model's answer even when the machine is busy.
      settings: { hover: { timeoutMs: STEP_DEADLINE_MS } },
      hover: fixture.hover,
      fix: { position: fixture.fix, via },
      ask: fixture.ask,
      generate: fixture.generate,
    }),
  );
  const env = { ...editorEnv(fake), LANTERN_DRIVER_SPEC: specPath };
  const driver = join(REPO_ROOT, 'test', 'clients', 'neovim-driver.lua');
  const exit = await runEditor('nvim', ['--headless', '--clean', '-n', '-c', `luafile ${driver}`, file], {
    env,
    cwd: dir,
  });
  return readResult<EditorRun>(resultPath, exit);
}

editorSuite({
  title: 'Neovim (Debian 12: 0.7.2) with clients/neovim',
  unavailable: hasProgram('nvim')
    ? undefined
    : '`nvim` is not on PATH (apt-get install neovim; .ci/run does)',
  names: {
    explain: ':LanternExplain',
    status: ':LanternStatus',
    clearCache: ':LanternClearCache',
    fix: { command: ':LanternFix', code_action: "Neovim's code-action menu" },
    ask: ':LanternAsk',
    generate: ':LanternGenerate',
  },
  run: runNeovim,
});
