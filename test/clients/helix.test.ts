import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { resolveConfig } from '../../server/src/config.js';
import { FakeModelServer } from '../support/fake-model-server.js';
import { REPO_ROOT } from '../support/paths.js';
import { type ClientFixture, PYTHON, TYPESCRIPT, workspaceWith } from './client-fixtures.js';
import { cleanUp, editorEnv, HOOK_TIMEOUT_MS, STEP_DEADLINE_MS } from './editor-harness.js';
import { type HelixBinary, obtainHelix } from './helix-binary.js';
import { parseToml, type TomlTable } from './mini-toml.js';
import { TmuxScreen } from './tmux-screen.js';

const LANGUAGES_TOML = join(REPO_ROOT, 'clients', 'helix', 'languages.toml');

/** Each language the config must cover, with the server Helix uses for it by default (25.01). */
const MAIN_SERVERS: Readonly<Record<string, string>> = {
  python: 'pylsp',
  typescript: 'typescript-language-server',
  tsx: 'typescript-language-server',
  javascript: 'typescript-language-server',
  go: 'gopls',
  rust: 'rust-analyzer',
  java: 'jdtls',
  c: 'clangd',
  cpp: 'clangd',
  ruby: 'ruby-lsp',
  'c-sharp': 'omnisharp',
};

describe('clients/helix/languages.toml (parsed)', () => {
  const config = parseToml(readFileSync(LANGUAGES_TOML, 'utf8'));
  const servers = (name: string) => {
    const languages = (config.language ?? []) as TomlTable[];
    return languages.find((language) => language.name === name)?.['language-servers'];
  };

  it('defines the `lantern` server as `lantern-ls --stdio`', () => {
    const lantern = (config['language-server'] as TomlTable | undefined)?.lantern;
    expect(lantern).toEqual({ command: 'lantern-ls', args: ['--stdio'] });
  });

  it.each(Object.entries(MAIN_SERVERS))("adds lantern beside %s's main server (%s)", (language, main) => {
    expect(servers(language)).toContain('lantern');
    expect(servers(language)).toContain(main);
  });
});

describe('clients/helix/README.md settings examples (parsed)', () => {
  const readme = readFileSync(join(dirname(LANGUAGES_TOML), 'README.md'), 'utf8');
  // Every example that sets Lantern's settings, as a table of languages.toml would hold it.
  const examples = [...readme.matchAll(/```toml\n([\s\S]*?)```/g)]
    .map((match) => match[1] ?? '')
    .filter((toml) => toml.includes('config'))
    .map((toml) => (toml.startsWith('config') ? `[language-server.lantern]\n${toml}` : toml));

  it('has the examples the README promises: hover, a local model, custom actions', () => {
    expect(examples).toHaveLength(3);
  });

  it.each(examples.map((toml, index) => [index + 1, toml]))(
    'example %i is TOML whose lantern settings the server takes without a warning',
    (_, toml) => {
      const server = (parseToml(toml)['language-server'] as TomlTable).lantern as TomlTable;
      const lantern = (server.config as TomlTable).lantern;
      const { warnings } = resolveConfig([lantern]);
      expect(warnings).toEqual([]);
    },
  );
});

/**
 * Presses keys that move Helix's cursor to an LSP position (the fixtures are ASCII), and waits for it.
 * Helix must be in normal mode with no popup: no Escape is sent first, since an Escape that reaches
 * Helix in the same read as the next key is taken as Alt+key.
 */
async function moveTo(screen: TmuxScreen, position: { line: number; character: number }): Promise<void> {
  screen.type(`${position.line + 1}gg`);
  if (position.character > 0) screen.type(`${position.character}l`);
  const where = `${position.line + 1}:${position.character + 1}`;
  await screen.waitFor(`the cursor at ${where}`, (text) => text.includes(` ${where}`), STEP_DEADLINE_MS);
}

/** Opens the code-action menu (space a) and runs the item starting with `title`. */
async function runCodeAction(screen: TmuxScreen, title: string): Promise<void> {
  screen.keys('Space', 'a');
  await screen.waitFor(
    `'${title}' in the code-action menu`,
    (text) => text.includes(title),
    STEP_DEADLINE_MS,
  );
  await screen.selectMenuItem(title, STEP_DEADLINE_MS);
  screen.keys('Enter');
}

/**
 * Waits for the edit to reach the buffer (the status line's `[+]`), then saves and waits for the file,
 * and for pylsp to have linted the saved file (see `pylspLintedSinceSave`).
 */
async function save(helix: HelixRun, what: string, done: (text: string) => boolean) {
  const { screen, file, log } = helix;
  await screen.waitFor('the edit in the buffer ([+])', (text) => text.includes('[+]'), STEP_DEADLINE_MS);
  screen.type(':w');
  screen.keys('Enter');
  await screen.waitFor(what, () => done(readFileSync(file, 'utf8')), STEP_DEADLINE_MS);
  await screen.waitFor(
    "pylsp's lint of the saved file to end",
    () => pylspLintedSinceSave(readFileSync(log, 'utf8')),
    STEP_DEADLINE_MS,
  );
}

/**
 * Whether pylsp, if it serves the file, has linted it since the last save, by Helix's log (-v: every
 * message each server sent). pylsp lints half a second after a save and reports it as $/progress, and
 * Helix clears its status line when a progress ends: a message shown in between (a custom action's
 * answer) is wiped, often before it is ever drawn. The next step waits for the lint to be over.
 */
function pylspLintedSinceSave(log: string): boolean {
  const save = log.lastIndexOf('pylsp -> {"jsonrpc":"2.0","method":"textDocument/didSave"');
  if (save === -1) return !log.includes('pylsp <- '); // pylsp is not running here
  const progress = [...log.slice(save).matchAll(/pylsp <- .*"token":"([^"]+)","value":\{"kind":"(\w+)"/g)];
  const begun = progress.filter(([, , kind]) => kind === 'begin').map(([, token]) => token);
  const ended = new Set(progress.filter(([, , kind]) => kind === 'end').map(([, token]) => token));
  return begun.length > 0 && begun.every((token) => ended.has(token));
}

describe('Helix (Debian 13: 25.01, through tmux) with clients/helix/languages.toml', () => {
  let helix: HelixBinary = { unavailable: 'not looked for yet' };
  beforeAll(() => {
    helix = obtainHelix();
    if ('unavailable' in helix) console.warn(`Helix tests skipped: ${helix.unavailable}`);
  }, HOOK_TIMEOUT_MS);
  afterAll(() => cleanUp());

  for (const fixture of [PYTHON, TYPESCRIPT]) {
    describe(fixture.name, () => {
      let fake: FakeModelServer | undefined;
      let run: HelixRun | undefined;

      const started = (context: TestContext): HelixRun => {
        if (!run) context.skip('unavailable' in helix ? helix.unavailable : 'Helix did not start');
        return run as HelixRun;
      };

      beforeAll(async () => {
        if ('unavailable' in helix) return;
        fake = await FakeModelServer.start();
        fake.script({ kind: 'text', text: fixture.explanation }, { kind: 'text', text: fixture.fixAnswer });
        fake.fallback = { kind: 'text', text: fixture.generate.answer };
        run = startHelix(helix.command, fixture, fake);
      }, HOOK_TIMEOUT_MS);
      afterAll(async () => {
        run?.screen.kill();
        await fake?.close();
      });

      it(
        "shows Lantern's diagnostic, and the model's explanation on hover (space k)",
        async (context) => {
          const { screen: hx } = started(context);
          const gutter = new RegExp(`●\\s+${fixture.fix.line + 1}\\s`);
          await hx.waitFor(
            "Lantern's diagnostic in the gutter",
            (text) => gutter.test(text),
            STEP_DEADLINE_MS,
          );
          await moveTo(hx, fixture.hover);
          hx.keys('Space', 'k');
          await hx.waitFor(
            'the explanation in the hover',
            (text) => text.includes(fixture.explanation),
            STEP_DEADLINE_MS,
          );
          // Asked through the provider the `config` line chose: Helix passed Lantern's settings on.
          expect(fake?.requests.map((request) => request.path)).toEqual(['/v1/chat/completions']);
          // Closed, and seen closed, before any other key goes in (see moveTo).
          hx.keys('Escape');
          await hx.waitFor(
            'the hover closed',
            (text) => !text.includes(fixture.explanation),
            STEP_DEADLINE_MS,
          );
        },
        HOOK_TIMEOUT_MS,
      );

      it(
        'applies "Fix with Lantern" from the code-action menu (space a)',
        async (context) => {
          const helixRun = started(context);
          await moveTo(helixRun.screen, fixture.fix);
          await runCodeAction(helixRun.screen, 'Fix with Lantern: ');
          await save(helixRun, 'the fixed file saved', (text) => text === fixture.fixed);
        },
        HOOK_TIMEOUT_MS,
      );

      it(
        'generates from the header comment ("Implement from comment with Lantern")',
        async (context) => {
          const helixRun = started(context);
          await moveTo(helixRun.screen, { line: 0, character: 0 });
          await runCodeAction(helixRun.screen, 'Implement from comment with Lantern');
          await save(helixRun, 'the generated code saved', (text) =>
            text.includes(`\n${fixture.generate.code}\n`),
          );
          const saved = readFileSync(helixRun.file, 'utf8');
          expect(saved).toContain(fixture.healthy);
          expect(saved).toContain(fixture.fixedUnit);
        },
        HOOK_TIMEOUT_MS,
      );

      it(
        "runs the user's own code action from languages.toml (customActions) and shows its answer",
        async (context) => {
          const { screen: hx, file } = started(context);
          fake?.script({ kind: 'text', text: 'LANTERN-FAKE-REVIEW: the loop is fine.' });
          // Generate moved the code down: find the healthy function where the saved file has it now.
          const lines = readFileSync(file, 'utf8').split('\n');
          const line = lines.findIndex((text) => /\b(def|function) total\(/.test(text));
          await moveTo(hx, { line, character: 0 });
          await runCodeAction(hx, 'Review total');
          await hx.waitFor(
            'the answer in the status line',
            (text) => text.includes('LANTERN-FAKE-REVIEW: the loop is fine.'),
            STEP_DEADLINE_MS,
          );
        },
        HOOK_TIMEOUT_MS,
      );

      // LSP has no request for free text, and Helix no prompt for a command's argument: the action's
      // lantern.edit could only be refused there, so the server lists it only to clients that ask
      // (experimental.lantern.editPrompt), which Helix does not. Python only: the menu is the same.
      it.runIf(fixture === PYTHON)(
        'offers no "Edit selection with Lantern…" on a selection: Helix cannot ask for its instruction',
        async (context) => {
          const { screen: hx, file, log } = started(context);
          const lines = readFileSync(file, 'utf8').split('\n');
          const line = lines.findIndex((text) => /\bdef total\(/.test(text));
          await moveTo(hx, { line, character: 0 });
          hx.type('xx'); // the header and the next line, as whole lines
          // The cursor at the end of the selection, on the next line.
          await hx.waitFor('two lines selected', (text) => text.includes(` ${line + 2}:`), STEP_DEADLINE_MS);
          hx.keys('Space', 'a');
          // The menu is up with Lantern's actions for that code (the custom one of languages.toml).
          const menu = await hx.waitFor(
            "Lantern's actions in the code-action menu",
            (text) => text.includes('Review total'),
            STEP_DEADLINE_MS,
          );
          // Nor anywhere in the menu, shown or scrolled: Lantern's answers, as Helix logged them.
          const answered = readFileSync(log, 'utf8');
          // Closed first, so that a failure here leaves the next step a cursor in normal mode.
          hx.keys('Escape');
          await hx.waitFor('the menu closed', (text) => !text.includes('Review total'), STEP_DEADLINE_MS);
          hx.type(';');
          expect(menu).not.toContain('Edit selection with Lantern');
          expect(answered).not.toContain('Edit selection with Lantern');
        },
        HOOK_TIMEOUT_MS,
      );

      // Python only: one run shows it; the TypeScript run would repeat the same menu.
      it.runIf(fixture === PYTHON)(
        "lists Lantern's completion in the completion menu as a line is typed",
        async (context) => {
          const { screen: hx, file } = started(context);
          if (fake) fake.fallback = { kind: 'text', text: 'return sum(prices)' };
          const lines = readFileSync(file, 'utf8').split('\n');
          const line = lines.findIndex((text) => text === '    return result');
          await moveTo(hx, { line, character: 0 });
          // A new line below (Helix indents it), `ret` typed, and the menu asked for as well.
          hx.type('o');
          hx.type('ret');
          hx.keys('C-x');
          await hx.waitFor(
            "Lantern's item in the completion menu",
            (text) => text.includes('return sum(prices)'),
            STEP_DEADLINE_MS,
          );
          expect(fake?.requests.at(-1)?.rawBody).toContain('ret');
        },
        HOOK_TIMEOUT_MS,
      );
    });
  }
});

/**
 * The shipped languages.toml with a `config` line for Lantern, the route clients/helix/README.md
 * documents for settings: Helix sends it as initializationOptions and answers the server's
 * workspace/configuration for `lantern` from it. Parsed back, so a line that did not land fails here.
 */
function languagesTomlWith(settings: Record<string, unknown>): string {
  const args = '[language-server.lantern]\ncommand = "lantern-ls"\nargs = ["--stdio"]\n';
  const shipped = readFileSync(LANGUAGES_TOML, 'utf8');
  if (!shipped.includes(args)) throw new Error(`languages.toml no longer holds ${JSON.stringify(args)}`);
  const text = shipped.replace(args, `${args}config = ${inlineToml({ lantern: settings })}\n`);
  const lantern = (parseToml(text)['language-server'] as TomlTable | undefined)?.lantern as TomlTable;
  expect(lantern.config).toEqual({ lantern: settings });
  return text;
}

/** A TOML inline value (strings, numbers, arrays, nested tables), as a user would write it. */
function inlineToml(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(inlineToml).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).map(([key, item]) => `${key} = ${inlineToml(item)}`);
    return `{ ${entries.join(', ')} }`;
  }
  return JSON.stringify(value);
}

/**
 * Starts Helix in tmux on a fresh workspace holding `fixture`, configured only by the shipped
 * languages.toml (in its XDG config dir) with the fake model's settings in its `config` line: the
 * environment has no Anthropic variables, so Lantern reaches the model only if Helix passed them on.
 */
function startHelix(command: string, fixture: ClientFixture, fake: FakeModelServer): HelixRun {
  const { dir, file } = workspaceWith(fixture);
  const env = editorEnv(fake);
  delete env.ANTHROPIC_BASE_URL;
  delete env.ANTHROPIC_API_KEY;
  const configHome = env.XDG_CONFIG_HOME as string;
  mkdirSync(join(configHome, 'helix'), { recursive: true });
  const settings = {
    // The README's local-model example, pointed at the fake's OpenAI-compatible endpoint.
    provider: 'openai',
    openai: { baseUrl: `${fake.url}/v1` },
    hover: { timeoutMs: STEP_DEADLINE_MS },
    customActions: [{ title: 'Review {{name}}', prompt: 'Review {{name}} for bugs.', answer: 'message' }],
  };
  writeFileSync(join(configHome, 'helix', 'languages.toml'), languagesTomlWith(settings));
  // -v: Helix logs every message of every server, which `save` reads (pylspLintedSinceSave).
  const screen = TmuxScreen.start(`${command} -v ${fixture.name}`, { env, cwd: dir });
  return { screen, file, log: join(env.XDG_CACHE_HOME as string, 'helix', 'helix.log') };
}

/** A running Helix: its screen, the file it edits, and its log. */
interface HelixRun {
  readonly screen: TmuxScreen;
  readonly file: string;
  readonly log: string;
}
