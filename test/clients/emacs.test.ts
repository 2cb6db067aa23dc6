import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { FakeModelServer } from '../support/fake-model-server.js';
import { promptOf } from '../support/model-session.js';
import { REPO_ROOT } from '../support/paths.js';
import { type ClientFixture, COMPLETE, EDIT, PYTHON } from './client-fixtures.js';
import { runDriver } from './driver-run.js';
import { cleanUp, hasProgram, missingEditor, STEP_DEADLINE_MS, tempDir } from './editor-harness.js';
import {
  describeEditorRun,
  type EditorRun,
  editorSuite,
  type FixRoute,
  scriptDriverRun,
} from './editor-suite.js';

const ELPA = '/usr/share/emacs/site-lisp/elpa';

/** What emacs-driver.el saw, with what only Emacs reports. */
interface EmacsRun extends EditorRun {
  /** eglot only: the command line of the server process eglot started. */
  readonly server_command?: string[];
  /** eglot only: the serverInfo name the server answered initialize with. */
  readonly server_name?: string;
  /** eglot, when asked for: the definitions xref found (0-based lines). */
  readonly definitions?: { file: string; line: number }[];
  /** The eldoc walk: the hover at each function point rested on. */
  readonly eldoc_hovers?: string[];
  /** The eldoc walk: whether lantern-explain left a window showing its buffer. */
  readonly explain_window?: boolean;
  /** The eldoc walk: what eldoc shows on the last function once lantern-explain has explained it. */
  readonly eldoc_after_explain?: string;
  /** The completion run: completion-at-point-functions, and the buffer once the completion is in. */
  readonly capf?: string[];
  readonly completed?: string;
  /** The edit run: the prompts read-string showed, and the buffer once the edit was applied. */
  readonly edit?: { prompts: string[]; text?: string };
}

interface RunOptions {
  /** lsp-mode: the language's main server to start beside Lantern (none: Lantern alone). */
  readonly lspMainServer?: 'pylsp';
  /** eglot: `lantern-main-servers` for the run, languageId → command (none: Lantern alone). */
  readonly mainServers?: Readonly<Record<string, string>>;
  /** eglot: where to ask for a definition through xref (none: no definition step). */
  readonly definition?: { line: number; character: number };
  /** Instead of the suite's steps: eldoc's hover at each of these, then lantern-explain at the last. */
  readonly eldocWalk?: readonly { line: number; character: number }[];
  /**
   * Instead of the suite's steps: the region over these lines (1-based) edited by lantern-edit, or by the
   * code action when `via` is 'code_action'; the instruction is typed at the prompt.
   */
  readonly edit?: { readonly lines: readonly [number, number]; readonly instruction: string };
  /** Instead of the suite's steps: the line typed as far as `typed`, then completion-at-point. */
  readonly complete?: { readonly line: number; readonly typed: string };
}

/**
 * Starts Debian's Emacs in batch mode on a fixture with clients/emacs/lantern.el registered with
 * Debian's eglot or lsp-mode (its default command: `lantern-ls` from PATH, here this repository's
 * build) against the fake model; the driver (emacs-driver.el) goes through every step and reports
 * what it saw.
 */
function runEmacs(
  backend: Backend,
  fixture: ClientFixture,
  fake: FakeModelServer,
  via: FixRoute,
  options: RunOptions = {},
): Promise<EmacsRun> {
  const spec = (file: string) => ({
    client_dir: join(REPO_ROOT, 'clients', 'emacs'),
    backend,
    ...(options.lspMainServer ? { lsp_main_server: options.lspMainServer } : {}),
    main_servers: options.mainServers ?? {},
    ...(options.definition ? { definition: options.definition } : {}),
    ...(options.eldocWalk ? { eldoc_walk: options.eldocWalk } : {}),
    ...(options.edit ? { edit: { lines: options.edit.lines, via } } : {}),
    ...(options.complete ? { complete: options.complete } : {}),
    file,
    // The suite's hover step expects the explanation: as a user who asked for it on every hover
    // (lantern.el's default is 'cached', which the eldoc walk keeps).
    settings: {
      hover: { timeoutMs: STEP_DEADLINE_MS, ...(options.eldocWalk ? {} : { explain: 'always' }) },
      ...(options.complete ? { completion: { debounceMs: 0 } } : {}),
    },
    hover: fixture.hover,
    fix: { position: fixture.fix, via },
    ask: fixture.ask,
    generate: fixture.generate,
  });
  const driver = join(REPO_ROOT, 'test', 'clients', 'emacs-driver.el');
  return runDriver<EmacsRun>(
    {
      command: 'emacs',
      args: () => ['--batch', '-Q', '-l', driver],
      spec,
      ...(options.edit ? { input: `${options.edit.instruction}\n` } : {}),
    },
    fixture,
    fake,
  );
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

/** Each client as the suite names it, and its own code-action menu. */
const CLIENTS = [
  // Lantern alone under eglot (no main server beside it), so the suite sees the same on every
  // machine; the --beside runs are below.
  { backend: 'eglot', title: 'eglot 1.9', menu: "eglot's code-action menu (eglot-code-actions)" },
  // lsp-mode runs Lantern as an add-on server (lantern-lsp-setup); here alone, below beside pylsp.
  { backend: 'lsp', title: 'lsp-mode 8.0', menu: "lsp-mode's code-action menu (lsp-execute-code-action)" },
] as const;

for (const { backend, title, menu } of CLIENTS) {
  editorSuite({
    title: `Emacs (Debian 12: 28.2) with ${title} and clients/emacs/lantern.el`,
    unavailable: emacsUnavailable(backend),
    names: {
      explain: 'lantern-explain',
      status: 'lantern-status',
      clearCache: 'lantern-clear-cache',
      fix: { command: 'lantern-fix', code_action: menu },
      ask: 'lantern-ask',
      generate: 'lantern-generate',
    },
    run: (fixture, fake, via) => runEmacs(backend, fixture, fake, via),
  });
}

/** Why a suite with pylsp beside Lantern cannot run here, or undefined. */
function pylspUnavailable(backend: Backend): string | undefined {
  return (
    emacsUnavailable(backend) ??
    (hasProgram('pylsp') ? undefined : '`pylsp` is not on PATH (apt-get install python3-pylsp; .ci/run does)')
  );
}

/**
 * A suite around one Emacs run on the Python fixture (fix through the client's own menu), reported as
 * missing and skipped when `unavailable`; `tests` read the run through `run()` once it is done.
 */
function describePythonRun(
  title: string,
  unavailable: string | undefined,
  start: (fake: FakeModelServer) => Promise<EmacsRun>,
  tests: (run: () => EmacsRun) => void,
): void {
  describeEditorRun(title, unavailable, (fake) => start(scriptDriverRun(fake, PYTHON)), tests);
}

/** Every driver step ran, without an error (the messages Emacs showed, to tell why if not). */
function expectEveryStep(run: EmacsRun): void {
  expect(run.error, `messages: ${run.messages.join(' | ')}`).toBeUndefined();
  expect(run.steps.at(-1)).toBe('done');
}

/** The line and column of `needle` in the Python fixture (found on one line). */
function inPython(needle: string): { line: number; character: number } {
  const lines = PYTHON.text.split('\n');
  const line = lines.findIndex((text) => text.includes(needle));
  if (line === -1) throw new Error(`${needle} is not in the Python fixture`);
  return { line, character: lines[line]?.indexOf(needle) ?? 0 };
}

// What lantern.el promises lsp-mode users: Lantern beside the language's main server, not instead of it.
describePythonRun(
  "Emacs with lsp-mode 8.0: Lantern as an add-on beside pylsp (Debian's python3-pylsp)",
  pylspUnavailable('lsp'),
  (fake) => runEmacs('lsp', PYTHON, fake, 'code_action', { lspMainServer: 'pylsp' }),
  (run) => {
    it('attaches the Python buffer to both pylsp and Lantern', () => {
      expectEveryStep(run());
      expect([...(run().workspaces ?? [])].sort()).toEqual(['lantern', 'pylsp']);
    });

    it("shows Lantern's explanation in the hover lsp-mode merges from both servers", () => {
      expect(run().hover).toContain(PYTHON.explanation);
      // pylsp's own part (jedi's signature line, without Lantern's `def`) is there too.
      expect(run().hover).toMatch(/^total\(prices\)$/m);
    });

    it('applies "Fix with Lantern" from lsp-mode\'s merged code-action menu', () => {
      expect(run().code_action_menu?.some((title) => title.startsWith('Fix with Lantern: '))).toBe(true);
      expect(run().fixed?.replace(/\n?$/, '\n')).toBe(PYTHON.fixed);
    });
  },
);

// `prices` where the loop reads it: its definition is total's parameter, which only pylsp knows.
const PRICES_USE = inPython('for price in prices:');
const PRICES = { line: PRICES_USE.line, character: PRICES_USE.character + 'for price in '.length + 1 };

// What lantern.el promises eglot users: one eglot server per buffer, yet the main server's answers
// (hover, definitions) and Lantern's, as lantern-main-servers' default for Python has it.
describePythonRun(
  "Emacs with eglot 1.9: Lantern beside pylsp through lantern-ls --beside (Debian's python3-pylsp)",
  pylspUnavailable('eglot'),
  (fake) =>
    runEmacs('eglot', PYTHON, fake, 'code_action', { mainServers: { python: 'pylsp' }, definition: PRICES }),
  (run) => {
    it('starts one eglot server: lantern-ls --beside=pylsp, answering as both', () => {
      expectEveryStep(run());
      expect(run().server_command).toContain('--beside=pylsp');
      expect(run().server_name).toMatch(/ \+ lantern-ls$/);
    });

    it("shows pylsp's part of the hover, then Lantern's explanation", () => {
      const hover = run().hover ?? '';
      expect(hover).toContain(PYTHON.explanation);
      // jedi's signature line (Lantern's own part says `def total(prices)`), before Lantern's part.
      const signature = hover.search(/^total\(prices\)$/m);
      expect(signature).toBeGreaterThanOrEqual(0);
      expect(signature).toBeLessThan(hover.indexOf(PYTHON.explanation));
    });

    it("answers a definition (xref) with pylsp's: the parameter of total", () => {
      const line = inPython('def total(prices):').line;
      expect(run().definitions).toEqual([{ file: expect.stringMatching(/pricing\.py$/), line }]);
    });

    it('applies "Fix with Lantern" from eglot\'s code-action menu, on Lantern\'s diagnostic', () => {
      const lanternsOwn = run().diagnostics?.filter((diagnostic) => diagnostic.message.startsWith('lantern'));
      expect(lanternsOwn?.map((diagnostic) => diagnostic.line)).toContain(PYTHON.fix.line);
      expect(run().code_action_menu?.some((title) => title.startsWith('Fix with Lantern: '))).toBe(true);
      expect(run().fixed?.replace(/\n?$/, '\n')).toBe(PYTHON.fixed);
    });
  },
);

// A main server the user named but has not installed must not cost them Lantern.
describePythonRun(
  'Emacs with eglot 1.9: the main server in lantern-main-servers is not installed',
  emacsUnavailable('eglot'),
  (fake) =>
    runEmacs('eglot', PYTHON, fake, 'code_action', { mainServers: { python: 'no-such-server-xyz --stdio' } }),
  (run) => {
    it('starts Lantern alone and says why, once', () => {
      expectEveryStep(run());
      expect(run().server_command?.some((arg) => arg.startsWith('--beside'))).toBe(false);
      expect(run().server_name).toBe('lantern-ls');
      const told = run().messages.filter((message) =>
        message.includes("`no-such-server-xyz' (the main server"),
      );
      expect(told).toHaveLength(1);
    });

    it("still shows Lantern's explanation in the hover and applies its fix", () => {
      expect(run().hover).toContain(PYTHON.explanation);
      expect(run().fixed?.replace(/\n?$/, '\n')).toBe(PYTHON.fixed);
    });
  },
);

/** Four functions a user moves point across, eldoc hovering on each. */
const FOUR = {
  ...PYTHON,
  name: 'shapes.py',
  text: [
    'def area(width, height):',
    '    return width * height',
    '',
    '',
    'def perimeter(width, height):',
    '    return 2 * (width + height)',
    '',
    '',
    'def diagonal(width, height):',
    '    return (width ** 2 + height ** 2) ** 0.5',
    '',
    '',
    'def is_square(width, height):',
    '    return width == height',
    '',
  ].join('\n'),
};
const FOUR_NAMES = ['area', 'perimeter', 'diagonal', 'is_square'];
const WALK = FOUR_NAMES.map((name) => ({
  line: FOUR.text.split('\n').findIndex((text) => text.startsWith(`def ${name}(`)),
  character: 'def '.length + 1, // on the name, as eldoc hovers it
}));
const IS_SQUARE_EXPLANATION =
  'LANTERN-FAKE-EXPLANATION: is_square tells whether both sides are equal.\n\nIt compares width and height.';

const GIST = 'Lantern: LANTERN-FAKE-EXPLANATION: is_square tells whether both sides are equal.';

// eldoc asks for a hover whenever point rests on a symbol: with the client's defaults that must cost
// no model request; the explanation comes on demand (lantern-explain), and shows without eldoc's buffer.
for (const backend of ['eglot', 'lsp'] as const) {
  describeEditorRun<EmacsRun>(
    `Emacs with ${backend === 'eglot' ? 'eglot 1.9' : 'lsp-mode 8.0'} and lantern.el's defaults: eldoc over four functions, then lantern-explain`,
    emacsUnavailable(backend),
    (fake) => {
      fake.script({ kind: 'text', text: IS_SQUARE_EXPLANATION });
      return runEmacs(backend, FOUR, fake, 'code_action', { eldocWalk: WALK });
    },
    (run, fake) => {
      it('sends no model request while eldoc hovers on each function; lantern-explain sends one', () => {
        expectEveryStep(run());
        expect(run().eldoc_hovers?.map((hover) => FOUR_NAMES.find((name) => hover.includes(name)))).toEqual(
          FOUR_NAMES,
        );
        expect(fake().requests).toHaveLength(1);
        expect(fake().requests[0]?.rawBody).toContain('def is_square');
      });

      it('shows the explanation in a window and its first line in the echo area', () => {
        expect(run().explain).toContain('is_square tells whether both sides are equal.');
        expect(run().explain_window).toBe(true);
        expect(run().messages).toContain(GIST);
      });

      if (backend === 'eglot')
        it("leads eldoc's hover with the explanation's gist once it is cached, still asking nothing", () => {
          // The echo area shows the start of what eldoc displays: there, not cut off below it.
          expect(run().eldoc_after_explain?.split('\n')[0]).toBe(GIST);
          expect(run().eldoc_after_explain).toContain('def is_square(width, height)');
          for (const hover of run().eldoc_hovers ?? []) expect(hover).not.toContain('Lantern: ');
          expect(fake().requests).toHaveLength(1);
        });
    },
  );
}

const COMPILE_TITLE = 'clients/emacs/lantern.el';
const compileUnavailable = emacsUnavailable('eglot');
if (compileUnavailable !== undefined) missingEditor(COMPILE_TITLE, compileUnavailable);
describe.skipIf(compileUnavailable !== undefined)(COMPILE_TITLE, () => {
  afterAll(() => cleanUp());
  it('byte-compiles without a warning, against eglot and (when installed) lsp-mode', () => {
    const dir = tempDir('lantern-elc-');
    const files = ['lantern-client.el', 'lantern-eglot.el', 'lantern.el'];
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

// Both ways a user edits the region: M-x lantern-edit, and the client's own code-action menu, whose
// "Edit selection with Lantern…" comes without an instruction (LSP has no request for free text).
const EDIT_ROUTES = [
  { via: 'command', how: 'M-x lantern-edit' },
  { via: 'code_action', how: '"Edit selection with Lantern…" from the code-action menu' },
] as const;

for (const backend of ['eglot', 'lsp'] as const) {
  const client = backend === 'eglot' ? 'eglot' : 'lsp-mode';
  for (const { via, how } of EDIT_ROUTES) {
    describeEditorRun<EmacsRun>(
      `Emacs 28 with ${client}: editing the region prompts for the instruction and applies the edit: ${how}`,
      emacsUnavailable(backend),
      (fake) => {
        fake.script({ kind: 'text', text: EDIT.answer });
        return runEmacs(backend, EDIT.fixture, fake, via, {
          edit: { lines: EDIT.lines, instruction: EDIT.instruction },
        });
      },
      (run, fake) => {
        it('asks for the instruction with read-string', () => {
          expect(run().error, `messages: ${run().messages.join(' | ')}`).toBeUndefined();
          expect(run().edit?.prompts).toEqual(['Lantern edit: ']);
          if (via === 'code_action') expect(run().code_action_menu).toContain('Edit selection with Lantern…');
        });

        it('sends the typed instruction with the region, and the buffer holds the edit', async () => {
          const { user } = promptOf(await fake().waitForRequests(1));
          expect(user).toContain(EDIT.instruction);
          expect(user).toContain(`the selected code at lines ${EDIT.lines[0]}–${EDIT.lines[1]}`);
          expect(run().edit?.text).toBe(EDIT.edited);
        });
      },
    );
  }

  describeEditorRun<EmacsRun>(
    `Emacs 28 with ${client}: completion-at-point offers Lantern's completion`,
    emacsUnavailable(backend),
    (fake) => {
      fake.fallback = { kind: 'text', text: COMPLETE.answer };
      return runEmacs(backend, COMPLETE.fixture, fake, 'command', {
        complete: { line: COMPLETE.line, typed: COMPLETE.typed },
      });
    },
    (run, fake) => {
      it(`goes through ${client}'s own completion-at-point function`, () => {
        expect(run().error, `messages: ${run().messages.join(' | ')}`).toBeUndefined();
        expect(run().capf?.[0]).toBe(
          backend === 'eglot' ? 'eglot-completion-at-point' : 'lsp-completion-at-point',
        );
      });

      it('inserting the completion changes the line as expected', () => {
        expect(run().completed).toBe(COMPLETE.completed);
        expect(fake().requests.length).toBeGreaterThan(0);
      });
    },
  );
}
