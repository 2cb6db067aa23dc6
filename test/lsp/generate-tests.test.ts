import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ApplyEditRecorder, applyWorkspaceEdit } from '../support/apply-edit-recorder.js';
import { actionsAt, runCommand } from '../support/code-actions.js';
import { FakeModelServer } from '../support/fake-model-server.js';
import { FULL_CAPABILITIES, LspSession } from '../support/lsp-session.js';
import { REPO_ROOT } from '../support/paths.js';

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

interface GenerateTestsResult {
  applied: boolean;
  testUri: string;
  framework: string;
  skeleton: boolean;
}

function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'lantern-gen-tests-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe('lantern.generateTests: test files the project’s runner runs', () => {
  let session: LspSession | undefined;
  afterEach(async () => {
    await session?.finish();
    session = undefined;
  });

  /** A server with `root` as its workspace and `source` open in it (offline unless given a fake). */
  async function openIn(root: string, source: string, languageId: string, fake?: FakeModelServer) {
    const env: Record<string, string> = fake
      ? {
          ANTHROPIC_BASE_URL: fake.url,
          ANTHROPIC_API_KEY: 'test-key',
          LANTERN_CACHE_DIR: mkdtempSync(join(tmpdir(), 'lantern-cache-')),
        }
      : {};
    session = await LspSession.start({
      traceName: 'generate-tests',
      capabilities: CAPABILITIES,
      rootUri: pathToFileURL(root).href,
      env,
    });
    const recorder = ApplyEditRecorder.attach(session);
    const uri = pathToFileURL(join(root, source)).href;
    await session.open(uri, languageId, readFileSync(join(root, source), 'utf8'));
    return { session, recorder, uri };
  }

  async function generate(
    root: string,
    source: string,
    languageId: string,
    position: { line: number; character: number },
    fake?: FakeModelServer,
  ) {
    const { session, recorder, uri } = await openIn(root, source, languageId, fake);
    const result = await session.request<GenerateTestsResult>('workspace/executeCommand', {
      command: 'lantern.generateTests',
      arguments: [{ uri, position }],
    });
    return { result, edit: (await recorder.waitFor(1)).edit };
  }

  it('lists "Generate tests for <name>" in a function (not on a top-level assignment); running it writes the tests', async () => {
    const root = project({
      'pytest.ini': '[pytest]\n',
      'shop/__init__.py': '',
      'shop/cart.py': 'Prices = list[float]\n\n\ndef total(prices):\n    return sum(prices)\n',
      'tests/__init__.py': '',
    });
    const { session, recorder, uri } = await openIn(root, 'shop/cart.py', 'python');
    const inBody = await actionsAt(session, uri, { line: 4, character: 8 });
    const action = inBody.get('Generate tests for total');
    expect(action).toEqual({
      title: 'Generate tests for total',
      kind: 'refactor.rewrite',
      command: {
        title: 'Generate tests for total',
        command: 'lantern.generateTests',
        // The unit's name, wherever in it the cursor was.
        arguments: [{ uri, position: { line: 3, character: 4 } }],
      },
    });
    const titles = [...(await actionsAt(session, uri, { line: 0, character: 2 })).keys()];
    expect(titles.filter((title) => title.startsWith('Generate tests'))).toEqual([]);

    const result = await runCommand<GenerateTestsResult>(session, action);
    const testFile = join(root, 'tests', 'test_cart.py');
    expect(result).toEqual({
      applied: true,
      testUri: pathToFileURL(testFile).href,
      framework: 'pytest',
      skeleton: true,
    });
    const sent = await recorder.waitFor(1);
    expect(sent.label).toBe('Lantern: test skeleton for total (pytest)');
    expect(applyWorkspaceEdit('', result.testUri, sent.edit)).toContain('from shop.cart import total');
  });

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

  it('online: writes the model’s pytest tests into a new file, which pass', async () => {
    const root = project({
      'shop/__init__.py': '',
      'shop/cart.py': 'def total(prices):\n    return sum(prices)\n',
      'tests/__init__.py': '',
    });
    const fake = await FakeModelServer.start();
    fake.script({
      kind: 'text',
      text: '```python\nfrom shop.cart import total\n\n\ndef test_total_sums():\n    assert total([1, 2]) == 3\n\n\ndef test_total_empty():\n    assert total([]) == 0\n```',
    });
    try {
      const { result, edit } = await generate(
        root,
        'shop/cart.py',
        'python',
        { line: 0, character: 4 },
        fake,
      );
      expect(result).toMatchObject({ applied: true, framework: 'pytest', skeleton: false });
      expect(fake.requests[0]?.rawBody).toContain('from shop.cart import total');
      const testFile = join(root, 'tests', 'test_cart.py');
      writeFileSync(testFile, applyWorkspaceEdit('', result.testUri, edit));
      const run = spawnSync(pytestPython(), ['-m', 'pytest', '-q', 'tests/test_cart.py'], {
        cwd: root,
        encoding: 'utf8',
      });
      expect(run.stdout).toContain('2 passed');
    } finally {
      await fake.close();
    }
  });

  it('online: writes vitest tests for a TypeScript function beside the project’s other tests, which pass', async () => {
    const root = project({
      'package.json': '{"type":"module","devDependencies":{"vitest":"4.1.12"}}\n',
      'src/money.ts':
        'export function cents(euros: number): number {\n  return Math.round(euros * 100);\n}\n',
      'test/other.test.ts': "import { it } from 'vitest';\nit('exists', () => {});\n",
    });
    const fake = await FakeModelServer.start();
    fake.script({
      kind: 'text',
      text: "```ts\nimport { expect, it } from 'vitest';\nimport { cents } from '../src/money.js';\n\nit('rounds to cents', () => {\n  expect(cents(1.25)).toBe(125);\n  expect(cents(2)).toBe(200);\n});\n```",
    });
    try {
      const { result, edit } = await generate(
        root,
        'src/money.ts',
        'typescript',
        { line: 0, character: 17 },
        fake,
      );
      expect(result).toMatchObject({ applied: true, framework: 'vitest', skeleton: false });
      const testFile = join(root, 'test', 'money.test.ts');
      expect(result.testUri).toBe(pathToFileURL(testFile).href);
      writeFileSync(testFile, applyWorkspaceEdit('', result.testUri, edit));
      // The repository's own vitest by absolute path: the temp project has no node_modules.
      const run = spawnSync(
        join(REPO_ROOT, 'node_modules', '.bin', 'vitest'),
        ['run', 'test/money.test.ts'],
        { cwd: root, encoding: 'utf8' },
      );
      expect(`${run.stdout}${run.stderr}`).toMatch(/1 passed/);
      expect(run.status).toBe(0);
    } finally {
      await fake.close();
    }
  });

  it('offline: a vitest to-do skeleton for a TypeScript function, which vitest runs', async () => {
    const root = project({
      'package.json': '{"type":"module","devDependencies":{"vitest":"4.1.12"}}\n',
      'src/money.ts':
        'export function cents(euros: number): number {\n  return Math.round(euros * 100);\n}\n',
    });
    const { result, edit } = await generate(root, 'src/money.ts', 'typescript', { line: 0, character: 17 });
    expect(result).toMatchObject({ applied: true, framework: 'vitest', skeleton: true });
    const testFile = join(root, 'src', 'money.test.ts');
    expect(result.testUri).toBe(pathToFileURL(testFile).href);
    const text = applyWorkspaceEdit('', result.testUri, edit);
    expect(text).toContain("import { cents } from './money.js';");
    writeFileSync(testFile, text);
    const run = spawnSync(join(REPO_ROOT, 'node_modules', '.bin', 'vitest'), ['run', 'src/money.test.ts'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(`${run.stdout}${run.stderr}`).toMatch(/1 todo/);
    expect(run.status).toBe(0);
  });
});
