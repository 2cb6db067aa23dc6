import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ApplyEditRecorder, applyWorkspaceEdit } from '../support/apply-edit-recorder.js';
import { FULL_CAPABILITIES, LspSession } from '../support/lsp-session.js';

const CAPABILITIES = {
  ...FULL_CAPABILITIES,
  workspace: {
    ...FULL_CAPABILITIES.workspace,
    workspaceEdit: { documentChanges: true, resourceOperations: ['create' as const] },
  },
};

/** The python3 that has pytest: the one on PATH, else Debian's (which .ci/run installs it for). */
function pytestPython(): string {
  for (const python of ['python3', '/usr/bin/python3']) {
    if (spawnSync(python, ['-m', 'pytest', '--version']).status === 0) return python;
  }
  throw new Error('no python3 with pytest: .ci/run installs python3-pytest');
}

function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'lantern-gen-tests-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe('lantern.generateTests offline: skeletons that the project’s runner runs', () => {
  let session: LspSession | undefined;
  afterEach(async () => {
    await session?.finish();
    session = undefined;
  });

  async function generate(
    root: string,
    source: string,
    languageId: string,
    position: { line: number; character: number },
  ) {
    session = await LspSession.start({
      traceName: 'generate-tests',
      capabilities: CAPABILITIES,
      rootUri: pathToFileURL(root).href,
    });
    const recorder = ApplyEditRecorder.attach(session);
    const uri = pathToFileURL(join(root, source)).href;
    await session.open(uri, languageId, readFileSync(join(root, source), 'utf8'));
    const result = await session.request<{
      applied: boolean;
      testUri: string;
      framework: string;
      skeleton: boolean;
    }>('workspace/executeCommand', {
      command: 'lantern.generateTests',
      arguments: [{ uri, position }],
    });
    return { result, edit: (await recorder.waitFor(1)).edit };
  }

  it('creates tests/test_cart.py for a pytest project, importing the package path, and pytest runs it', async () => {
    const root = project({
      'shop/__init__.py': '',
      'shop/cart.py': 'def total(prices):\n    return sum(prices)\n',
      'tests/__init__.py': '',
      'pytest.ini': '[pytest]\n',
    });
    const { result, edit } = await generate(root, 'shop/cart.py', 'python', { line: 0, character: 4 });
    const testFile = join(root, 'tests', 'test_cart.py');
    expect(result).toMatchObject({
      applied: true,
      testUri: pathToFileURL(testFile).href,
      framework: 'pytest',
      skeleton: true,
    });
    expect(edit.documentChanges?.[0]).toEqual({
      kind: 'create',
      uri: result.testUri,
      options: { ignoreIfExists: true },
    });
    const text = applyWorkspaceEdit('', result.testUri, edit);
    expect(text).toContain('from shop.cart import total');
    expect(existsSync(testFile)).toBe(false); // nothing is written until the editor applies the edit
    writeFileSync(testFile, text);
    const run = spawnSync(pytestPython(), ['-m', 'pytest', '-q', 'tests/test_cart.py'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(run.stdout).toContain('1 skipped');
    expect(run.status).toBe(0);
  });

  it('adds to an existing node:test file without repeating its imports, and node --test runs it', async () => {
    const root = project({
      'package.json': '{"type":"module"}\n',
      'src/math.js': 'export function double(x) {\n  return x * 2;\n}\n',
      'test/math.test.js':
        "import { test } from 'node:test';\nimport assert from 'node:assert';\n\ntest('placeholder', () => assert.ok(true));\n",
    });
    const { result, edit } = await generate(root, 'src/math.js', 'javascript', { line: 0, character: 17 });
    expect(result).toMatchObject({ applied: true, framework: 'node:test', skeleton: true });
    const testFile = join(root, 'test', 'math.test.js');
    const text = applyWorkspaceEdit(readFileSync(testFile, 'utf8'), result.testUri, edit);
    expect(text.match(/import \{ test \} from 'node:test';/g)).toHaveLength(1);
    expect(text).toContain("import { double } from '../src/math.js';");
    writeFileSync(testFile, text);
    const run = spawnSync(process.execPath, ['--test', testFile], { cwd: root, encoding: 'utf8' });
    expect(run.stdout).toMatch(/# todo 1/);
    expect(run.stdout).toMatch(/# pass 1/);
    expect(run.status).toBe(0);
  });
});
