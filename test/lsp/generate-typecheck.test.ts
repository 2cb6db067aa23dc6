import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ApplyEditRecorder, applyWorkspaceEdit } from '../support/apply-edit-recorder.js';
import { FakeModelServer } from '../support/fake-model-server.js';
import { LspSession } from '../support/lsp-session.js';
import { REPO_ROOT } from '../support/paths.js';

const SOURCE =
  'export function price(cents: number): string {\n  return String(cents / 100);\n}\n\n// TODO: a function total(cents: number[]) returning the sum\n';

function project(): string {
  const root = mkdtempSync(join(tmpdir(), 'lantern-typecheck-'));
  mkdirSync(join(root, 'src'));
  writeFileSync(
    join(root, 'tsconfig.json'),
    '{"compilerOptions":{"strict":true,"noEmit":true,"target":"ES2022","module":"NodeNext"},"include":["src"]}\n',
  );
  writeFileSync(join(root, 'src', 'money.ts'), SOURCE);
  return root;
}

describe('lantern.generate with the project’s type check (trusted workspace)', () => {
  let session: LspSession | undefined;
  let fake: FakeModelServer | undefined;
  afterEach(async () => {
    await session?.finish();
    await fake?.close();
    session = undefined;
  });

  const TSC = `${join(REPO_ROOT, 'node_modules', '.bin', 'tsc')} --noEmit -p .`;

  async function generate(answerCode: string, { trusted = true, typecheckCommand = TSC } = {}) {
    const root = project();
    fake = await FakeModelServer.start();
    fake.script({ kind: 'text', text: `Sum the prices.\n\n- reduce\n\n\`\`\`ts\n${answerCode}\n\`\`\`` });
    session = await LspSession.start({
      traceName: 'generate-typecheck',
      rootUri: pathToFileURL(root).href,
      env: {
        ANTHROPIC_BASE_URL: fake.url,
        ANTHROPIC_API_KEY: 'test-key',
        LANTERN_CACHE_DIR: mkdtempSync(join(tmpdir(), 'lantern-cache-')),
      },
      initializationOptions: {
        tests: { trustedWorkspaces: trusted ? [root] : [] },
        // The real TypeScript compiler of this repository, run in the temporary copy.
        generate: { typecheckCommand },
      },
    });
    const recorder = ApplyEditRecorder.attach(session);
    const uri = pathToFileURL(join(root, 'src', 'money.ts')).href;
    await session.open(uri, 'typescript', SOURCE);
    const result = await session.request<{ applied: boolean; reason?: string; note?: string }>(
      'workspace/executeCommand',
      { command: 'lantern.generate', arguments: [{ uri, position: { line: 4, character: 5 } }] },
    );
    return {
      root,
      uri,
      session,
      result,
      recorder,
      unchanged: readFileSync(join(root, 'src', 'money.ts'), 'utf8') === SOURCE,
    };
  }

  it('inserts code that type-checks, below the comment holding the instruction', async () => {
    const { uri, result, recorder, unchanged } = await generate(
      'export function total(cents: number[]): number {\n  return cents.reduce((a, b) => a + b, 0);\n}',
    );
    expect(result.applied).toBe(true);
    const text = applyWorkspaceEdit(SOURCE, uri, recorder.received[0]?.edit ?? {});
    expect(text).toBe(
      `${SOURCE}export function total(cents: number[]): number {\n  return cents.reduce((a, b) => a + b, 0);\n}\n`,
    );
    expect(unchanged).toBe(true);
  });

  it('refuses code that parses but fails the type check, quoting the compiler', async () => {
    const { result, recorder, unchanged } = await generate(
      'export function total(cents: number[]): number {\n  return cents.join("+");\n}',
    );
    expect(result.applied).toBe(false);
    expect(result.reason).toContain('the type check fails');
    expect(result.reason).toMatch(/TS2322|not assignable/);
    expect(recorder.received).toHaveLength(0);
    expect(unchanged).toBe(true);
  });

  it('in an untrusted workspace, runs no type check, inserts the code checked for syntax only, and says why', async () => {
    const marker = join(mkdtempSync(join(tmpdir(), 'lantern-marker-')), 'ran');
    // Code that fails the type check: inserted all the same, as nothing ran to catch it.
    const failing = 'export function total(cents: number[]): number {\n  return cents.join("+");\n}';
    const { root, uri, session, result, recorder } = await generate(failing, {
      trusted: false,
      typecheckCommand: `touch '${marker}' && ${TSC}`,
    });
    const note = `Lantern checked the generated code for syntax only: "generate.typecheckCommand" runs only in trusted workspaces. To trust ${root}, add it to "tests.trustedWorkspaces" in ~/.config/lantern/config.json (or your editor's initializationOptions for Lantern).`;
    expect(result).toMatchObject({ applied: true, note });
    expect(applyWorkspaceEdit(SOURCE, uri, recorder.received[0]?.edit ?? {})).toBe(`${SOURCE}${failing}\n`);
    expect(existsSync(marker)).toBe(false);
    const shown = await session.waitForNotification<{ type: number; message: string }>(
      'window/showMessage',
      (params) => params.message === note,
    );
    expect(shown.type).toBe(2);
  });
});
