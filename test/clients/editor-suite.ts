import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeModelServer } from '../support/fake-model-server.js';
import { type ClientFixture, PYTHON, TYPESCRIPT } from './client-fixtures.js';
import { cleanUp, HOOK_TIMEOUT_MS, missingEditor } from './editor-harness.js';

/** What a driver (neovim-driver.lua, emacs-driver.el) saw, step by step. */
export interface EditorRun {
  readonly steps: string[];
  readonly error?: string;
  readonly messages: string[];
  readonly server_commands?: string[];
  /** lsp-mode only: the server ids of the workspaces the buffer is attached to. */
  readonly workspaces?: string[];
  readonly diagnostics?: { line: number; message: string; source?: string }[];
  readonly hover?: string;
  readonly explain?: string;
  readonly status?: string;
  /** The titles the editor's own code-action menu offered (when the fix went through it). */
  readonly code_action_menu?: string[];
  readonly fixed?: string;
  readonly ask?: { text?: string };
  readonly generate?: { text?: string };
}

/** How the fix is asked for: the plugin's command, or the editor's own code-action menu. */
export type FixRoute = 'command' | 'code_action';

export interface EditorSuite {
  /** e.g. "Neovim (Debian 12: 0.7.2) with clients/neovim". */
  readonly title: string;
  /** Why the suite cannot run here (the editor is missing), or undefined: see `missingEditor`. */
  readonly unavailable: string | undefined;
  /** Names of the steps in this editor, for the test titles. */
  readonly names: {
    explain: string;
    status: string;
    clearCache: string;
    fix: Record<FixRoute, string>;
    ask: string;
    generate: string;
  };
  readonly run: (fixture: ClientFixture, fake: FakeModelServer, via: FixRoute) => Promise<EditorRun>;
}

/**
 * Scripts the fake model for one driver run, in the drivers' order: the hover's explanation (then
 * cached for the explain command), the fix, two questions (each classified, then answered), then
 * generate's code for the rest.
 */
export function scriptDriverRun(fake: FakeModelServer, fixture: ClientFixture): FakeModelServer {
  fake.script(
    { kind: 'text', text: fixture.explanation },
    { kind: 'text', text: fixture.fixAnswer },
    { kind: 'text', text: 'general' },
    { kind: 'text', text: fixture.ask.answers[0] },
    { kind: 'text', text: 'general' },
    { kind: 'text', text: fixture.ask.answers[1] },
  );
  fake.fallback = { kind: 'text', text: fixture.generate.answer };
  return fake;
}

/** The Python fixture goes through the editor's own menu, the TypeScript one through the plugin. */
const CASES = [
  { fixture: PYTHON, via: 'code_action' },
  { fixture: TYPESCRIPT, via: 'command' },
] as const;

/**
 * The acceptance suite every editor passes: for a Python and a TypeScript file, Lantern's syntax
 * diagnostic, the model's explanation on hover and in the explain command, the status with its
 * provider, "Fix with Lantern" changing the buffer to the model's function, ask and generate.
 */
export function editorSuite(suite: EditorSuite): void {
  if (suite.unavailable !== undefined) missingEditor(suite.title, suite.unavailable);
  describe.skipIf(suite.unavailable !== undefined)(suite.title, () => {
    afterAll(() => cleanUp());
    for (const { fixture, via } of CASES) {
      describe(`${fixture.name}, fix via ${suite.names.fix[via]}`, () => {
        let fake: FakeModelServer;
        let run: EditorRun;
        beforeAll(async () => {
          fake = scriptDriverRun(await FakeModelServer.start(), fixture);
          run = await suite.run(fixture, fake, via);
        }, HOOK_TIMEOUT_MS);
        afterAll(async () => {
          await fake?.close();
        });

        it('runs every step without an error', () => {
          expect(run.error, `messages: ${run.messages.join(' | ')}`).toBeUndefined();
          expect(run.steps.at(-1)).toBe('done');
        });

        it('sees lantern.ask and lantern.generate among the commands the server advertises', () => {
          expect(run.server_commands).toEqual(expect.arrayContaining(['lantern.ask', 'lantern.generate']));
        });

        it("gets Lantern's syntax diagnostic on the broken line", () => {
          expect(run.diagnostics?.map((diagnostic) => diagnostic.line)).toContain(fixture.fix.line);
        });

        it("shows the model's explanation in the hover", () => {
          expect(run.hover).toContain('total');
          expect(run.hover).toContain(fixture.explanation);
        });

        it(`${suite.names.explain} shows the explanation in a Lantern window`, () => {
          expect(run.explain).toContain(fixture.explanation);
        });

        it(`${suite.names.status} shows the provider, and the explain command's cache hit`, () => {
          expect(run.status).toMatch(/provider: \**anthropic/);
          // The hover missed and asked the model; the explain command found its answer cached.
          expect(run.status).toContain('(1 hits, 1 misses)');
          expect(run.status).toMatch(/requests: 1 \(0 failed\)/);
        });

        it(`${suite.names.clearCache} has the server empty its cache`, () => {
          expect(run.steps).toContain('fix'); // the step after it: the wait for the server's word ended
          expect(run.messages).toContain(
            'Lantern: the cache is cleared; the workspace index is being rebuilt.',
          );
        });

        it('applies "Fix with Lantern": the buffer holds the model\'s corrected function', () => {
          expect(run.fixed?.replace(/\n?$/, '\n')).toBe(fixture.fixed);
          if (via === 'code_action') {
            // The editor's own menu listed Lantern's offline fix-it and the model's fix side by side.
            expect(run.code_action_menu).toContain('Insert missing `)`');
            expect(run.code_action_menu?.some((title) => title.startsWith('Fix with Lantern: '))).toBe(true);
          }
        });

        it(`${suite.names.ask} answers in the ask window and continues the session`, () => {
          for (const [index, question] of fixture.ask.questions.entries()) {
            expect(run.ask?.text).toContain(`## ${question}`);
            expect(run.ask?.text).toContain(fixture.ask.answers[index]);
          }
          // The second question went out with the first turn as history: the sessionId was passed on.
          const followUp = fake.requests.find((request) => request.rawBody.includes(fixture.ask.answers[0]));
          expect(followUp?.rawBody).toContain(fixture.ask.questions[1]);
        });

        it(`${suite.names.generate} inserts the generated function and leaves the others intact`, () => {
          expect(
            fake.requests.some((request) => request.rawBody.includes(fixture.generate.instruction)),
          ).toBe(true);
          // At the top level (column 0), the functions around it untouched.
          expect(run.generate?.text).toContain(`\n${fixture.generate.code}\n`);
          expect(run.generate?.text).toContain(fixture.healthy);
          expect(run.generate?.text).toContain(fixture.fixedUnit);
        });
      });
    }
  });
}

/**
 * A suite around one editor run against a fake model that `start` scripts, reported as missing and
 * skipped when `unavailable`; `tests` read the run and the fake (through the getters) once it is done.
 */
export function describeEditorRun<Run>(
  title: string,
  unavailable: string | undefined,
  start: (fake: FakeModelServer) => Promise<Run>,
  tests: (run: () => Run, fake: () => FakeModelServer) => void,
): void {
  if (unavailable !== undefined) missingEditor(title, unavailable);
  describe.skipIf(unavailable !== undefined)(title, () => {
    let fake: FakeModelServer | undefined;
    let result: Run | undefined;
    beforeAll(async () => {
      fake = await FakeModelServer.start();
      result = await start(fake);
    }, HOOK_TIMEOUT_MS);
    afterAll(async () => {
      await fake?.close();
      cleanUp();
    });
    tests(
      () => {
        if (result === undefined) throw new Error(`the editor run of "${title}" did not finish`);
        return result;
      },
      () => {
        if (fake === undefined) throw new Error('the fake model did not start');
        return fake;
      },
    );
  });
}
