import type { FakeModelServer } from '../support/fake-model-server.js';
import type { ClientFixture } from './client-fixtures.js';
import { hasProgram, STEP_DEADLINE_MS } from './editor-harness.js';
import { type EditorRun, editorSuite, type FixRoute } from './editor-suite.js';
import { runNeovimDriver } from './neovim-run.js';

/**
 * Starts Debian's Neovim headless on a fixture with clients/neovim as the plugin, in its default
 * setup (`lantern-ls` from PATH, here this repository's build) against the fake model; the driver
 * (neovim-driver.lua) goes through every step and reports what it saw.
 */
async function runNeovim(fixture: ClientFixture, fake: FakeModelServer, via: FixRoute): Promise<EditorRun> {
  return runNeovimDriver<EditorRun>('neovim-driver.lua', fixture, fake, {
    // Generous: the hover must show the model's answer even when the machine is busy.
    settings: { hover: { timeoutMs: STEP_DEADLINE_MS } },
    hover: fixture.hover,
    fix: { position: fixture.fix, via },
    ask: fixture.ask,
    generate: fixture.generate,
  });
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
