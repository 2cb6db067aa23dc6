import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeModelServer } from '../support/fake-model-server.js';
import { REPO_ROOT } from '../support/paths.js';
import { type ClientFixture, PYTHON, workspaceWith } from './client-fixtures.js';
import {
  cleanUp,
  editorEnv,
  HOOK_TIMEOUT_MS,
  hasProgram,
  missingEditor,
  readResult,
  runEditor,
  STEP_DEADLINE_MS,
  tempDir,
} from './editor-harness.js';
import { type EditorRun, editorSuite, type FixRoute, scriptDriverRun } from './editor-suite.js';

const ELPA = '/usr/share/emacs/site-lisp/elpa';

/**
 * Starts Debian's Emacs in batch mode on a fixture with clients/emacs/lantern.el registered with
 * Debian's eglot or lsp-mode (its default command: `lantern-ls` from PATH, here this repository's
 * build) against the fake model; the driver (emacs-driver.el) goes through every step and reports
 * what it saw.
 */
async function runEmacs(
  backend: Backend,
  fixture: ClientFixture,
  fake: FakeModelServer,
  via: FixRoute,
  lspMainServer?: 'pylsp',
): Promise<EditorRun> {
  const { dir, file } = workspaceWith(fixture);
  const resultPath = join(tempDir('lantern-emacs-result-'), 'result.json');
  const specPath = join(tempDir('lantern-emacs-spec-'), 'spec.json');
  writeFileSync(
    specPath,
    JSON.stringify({
      client_dir: join(REPO_ROOT, 'clients', 'emacs'),
      backend,
      // lsp-mode: the language's main server to start beside Lantern (none: Lantern alone).
      ...(lspMainServer ? { lsp_main_server: lspMainServer } : {}),
      file,
      result_path: resultPath,
      timeout_ms: STEP_DEADLINE_MS,
      settings: { hover: { timeoutMs: STEP_DEADLINE_MS } },
      hover: fixture.hover,
      fix: { position: fixture.fix, via },
      ask: fixture.ask,
      generate: fixture.generate,
    }),
  );
  const env = { ...editorEnv(fake), LANTERN_DRIVER_SPEC: specPath };
  const driver = join(REPO_ROOT, 'test', 'clients', 'emacs-driver.el');
  const exit = await runEditor('emacs', ['--batch', '-Q', '-l', driver], { env, cwd: dir });
  return readResult<EditorRun>(resultPath, exit);
}

type Backend = 'eglot' | 'lsp';

function installed(name: string): boolean {
  return existsSync(ELPA) && readdirSync(ELPA).some((entry) => entry.startsWith(`${name}-`));
}

function emacsUnavailable(backend: Backend): string | undefined {
  if (!hasProgram('emacs'))
    return '`emacs` is not on PATH (apt-get install emacs-nox elpa-eglot; .ci/run does)';
  if (backend === 'eglot' && !installed('eglot'))
    return `eglot is not under ${ELPA} (apt-get install elpa-eglot)`;
  if (backend === 'lsp' && !installed('lsp-mode'))
    return `lsp-mode is not under ${ELPA} (apt-get install elpa-lsp-mode; .ci/run does)`;
  return undefined;
}

const NAMES = {
  explain: 'lantern-explain',
  status: 'lantern-status',
  ask: 'lantern-ask',
  generate: 'lantern-generate',
};

editorSuite({
  title: 'Emacs (Debian 12: 28.2) with eglot 1.9 and clients/emacs/lantern.el',
  unavailable: emacsUnavailable('eglot'),
  names: {
    ...NAMES,
    fix: { command: 'lantern-fix', code_action: "eglot's code-action menu (eglot-code-actions)" },
  },
  run: (fixture, fake, via) => runEmacs('eglot', fixture, fake, via),
});

// lsp-mode runs Lantern as an add-on server (lantern-lsp-setup); here alone, below beside pylsp.
editorSuite({
  title: 'Emacs (Debian 12: 28.2) with lsp-mode 8.0 and clients/emacs/lantern.el',
  unavailable: emacsUnavailable('lsp'),
  names: {
    ...NAMES,
    fix: { command: 'lantern-fix', code_action: "lsp-mode's code-action menu (lsp-execute-code-action)" },
  },
  run: (fixture, fake, via) => runEmacs('lsp', fixture, fake, via),
});

const PYLSP_TITLE = "Emacs with lsp-mode 8.0: Lantern as an add-on beside pylsp (Debian's python3-pylsp)";
const pylspUnavailable =
  emacsUnavailable('lsp') ??
  (hasProgram('pylsp') ? undefined : '`pylsp` is not on PATH (apt-get install python3-pylsp; .ci/run does)');
if (pylspUnavailable !== undefined) missingEditor(PYLSP_TITLE, pylspUnavailable);

// What lantern.el promises lsp-mode users: Lantern beside the language's main server, not instead of it.
describe.skipIf(pylspUnavailable !== undefined)(PYLSP_TITLE, () => {
  let fake: FakeModelServer | undefined;
  let run: EditorRun;
  beforeAll(async () => {
    fake = scriptDriverRun(await FakeModelServer.start(), PYTHON);
    run = await runEmacs('lsp', PYTHON, fake, 'code_action', 'pylsp');
  }, HOOK_TIMEOUT_MS);
  afterAll(async () => {
    await fake?.close();
    cleanUp();
  });

  it('attaches the Python buffer to both pylsp and Lantern', () => {
    expect(run.error, `messages: ${run.messages.join(' | ')}`).toBeUndefined();
    expect(run.steps.at(-1)).toBe('done');
    expect([...(run.workspaces ?? [])].sort()).toEqual(['lantern', 'pylsp']);
  });

  it("shows Lantern's explanation in the hover lsp-mode merges from both servers", () => {
    expect(run.hover).toContain(PYTHON.explanation);
    // pylsp's own part (jedi's signature line, without Lantern's `def`) is there too.
    expect(run.hover).toMatch(/^total\(prices\)$/m);
  });

  it('applies "Fix with Lantern" from lsp-mode\'s merged code-action menu', () => {
    expect(run.code_action_menu?.some((title) => title.startsWith('Fix with Lantern: '))).toBe(true);
    expect(run.fixed?.replace(/\n?$/, '\n')).toBe(PYTHON.fixed);
  });
});

const COMPILE_TITLE = 'clients/emacs/lantern.el';
const compileUnavailable = emacsUnavailable('eglot');
if (compileUnavailable !== undefined) missingEditor(COMPILE_TITLE, compileUnavailable);
describe.skipIf(compileUnavailable !== undefined)(COMPILE_TITLE, () => {
  afterAll(() => cleanUp());
  it('byte-compiles without a warning, against eglot and (when installed) lsp-mode', () => {
    const dir = tempDir('lantern-elc-');
    const files = ['lantern-client.el', 'lantern.el'];
    for (const file of files) copyFileSync(join(REPO_ROOT, 'clients', 'emacs', file), join(dir, file));
    const load = `(dolist (d (cons "." (directory-files ${JSON.stringify(ELPA)} t "^[^.]"))) (add-to-list 'load-path d))`;
    const requires = `(progn (require 'eglot) ${installed('lsp-mode') ? "(require 'lsp-mode)" : ''})`;
    const compile = spawnSync(
      'emacs',
      [
        '--batch',
        '-Q',
        '--eval',
        load,
        '--eval',
        requires,
        '--eval',
        '(setq byte-compile-error-on-warn t)',
      ].concat(['-f', 'batch-byte-compile', ...files]),
      { cwd: dir, encoding: 'utf8', timeout: 120_000 },
    );
    expect(compile.stderr).not.toMatch(/Warning|Error/);
    expect(compile.status).toBe(0);
    for (const file of files) expect(existsSync(join(dir, `${file}c`))).toBe(true);
  });
});
