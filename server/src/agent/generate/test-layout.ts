import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname, extname, join, relative, sep } from 'node:path';
import { readSmallFileSync } from '../../workspace/regular-file.js';

/** Manifests and test files read to learn the project's habits; a bigger one says nothing more. */
const MAX_CONFIG_BYTES = 1_000_000;

export type TestFramework = 'pytest' | 'unittest' | 'vitest' | 'jest' | 'node:test';

const TESTED_LANGUAGES: ReadonlySet<string> = new Set(['typescript', 'tsx', 'javascript', 'python']);

/** Whether Lantern knows where tests of this language go (test layouts exist for JS/TS and Python). */
export function writesTestsFor(language: string | undefined): boolean {
  return language !== undefined && TESTED_LANGUAGES.has(language);
}

/** Where a unit's tests go and how they reach it. */
export interface TestLayout {
  readonly framework: TestFramework;
  readonly testFile: string;
  /** The import line that brings the unit into the test file. */
  readonly importLine: string;
}

/**
 * Decides a unit's test file the way the project already does it: the framework from its config
 * (package.json dependencies; pytest markers, else unittest when its tests use it), the folder and
 * naming from its existing tests (tests/test_x.py or test_x.py beside; test/x.test.ts or x.test.ts
 * beside), the import from the relative location.
 */
export function testLayout(sourceFile: string, unitName: string, root: string | undefined): TestLayout {
  const base = root ?? dirname(sourceFile);
  return extname(sourceFile) === '.py'
    ? pythonLayout(sourceFile, unitName, base)
    : scriptLayout(sourceFile, unitName, base);
}

function pythonLayout(sourceFile: string, unitName: string, root: string): TestLayout {
  const module = basename(sourceFile, '.py');
  const testsDir = ['tests', 'test'].map((name) => join(root, name)).find((dir) => existsSync(dir));
  const testFile = join(testsDir ?? dirname(sourceFile), `test_${module}.py`);
  const usesUnittest =
    testsDir !== undefined &&
    filesIn(testsDir).some((file) => /^\s*import unittest|^\s*from unittest/m.test(readSafely(file)));
  // pytest.ini and conftest.py exist only for pytest (a conftest.py may well be empty); the shared
  // config files count when they configure it.
  const hasPytest =
    ['pytest.ini', 'conftest.py'].some((name) => existsSync(join(root, name))) ||
    ['setup.cfg', 'pyproject.toml', 'tox.ini'].some((name) => /pytest/.test(readSafely(join(root, name))));
  const framework: TestFramework = usesUnittest && !hasPytest ? 'unittest' : 'pytest';
  // Packages are imported by their dotted path from the root; a lone module by its name.
  const dotted = relative(root, sourceFile)
    .replace(/\.py$/, '')
    .split(sep)
    .filter((part) => part !== 'src')
    .join('.');
  return { framework, testFile, importLine: `from ${dotted || module} import ${unitName}` };
}

function scriptLayout(sourceFile: string, unitName: string, root: string): TestLayout {
  const extension = extname(sourceFile);
  const name = basename(sourceFile, extension);
  const testsDir = ['test', 'tests', '__tests__']
    .map((dir) => join(root, dir))
    .find((dir) => existsSync(dir));
  const testFile = join(testsDir ?? dirname(sourceFile), `${name}.test${extension}`);
  const manifest = readSafely(join(root, 'package.json'));
  const framework: TestFramework = /"vitest"/.test(manifest)
    ? 'vitest'
    : /"jest"/.test(manifest)
      ? 'jest'
      : 'node:test';
  let specifier = relative(dirname(testFile), sourceFile).split(sep).join('/');
  if (!specifier.startsWith('.')) specifier = `./${specifier}`;
  // jest resolves modules itself, without an extension (its default resolver knows no `.js` → `.ts`
  // mapping); ESM TypeScript imports elsewhere name the emitted file.
  specifier =
    framework === 'jest' && extension
      ? specifier.slice(0, -extension.length)
      : specifier.replace(/\.tsx?$/, '.js').replace(/\.mts$/, '.mjs');
  return { framework, testFile, importLine: `import { ${unitName} } from '${specifier}';` };
}

function filesIn(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((name) => name.endsWith('.py'))
      .map((name) => join(dir, name));
  } catch {
    return [];
  }
}

// A regular file of a sane size, else nothing: a FIFO in its place would block the server for good.
function readSafely(path: string): string {
  return readSmallFileSync(path, MAX_CONFIG_BYTES) ?? '';
}

/**
 * An honest skeleton for one unit's tests (offline): the import and one test per unit that the runner
 * reports as to-do or skipped — it never pretends to check behaviour it does not know.
 */
export function skeletonTests(layout: TestLayout, unitName: string): string {
  switch (layout.framework) {
    case 'pytest':
      return `import pytest\n\n${layout.importLine}\n\n\ndef test_${unitName}():\n    pytest.skip("TODO: call ${unitName} with known inputs and assert the result")\n`;
    case 'unittest':
      return `import unittest\n\n${layout.importLine}\n\n\nclass Test${capitalize(unitName)}(unittest.TestCase):\n    def test_${unitName}(self):\n        self.skipTest("TODO: call ${unitName} with known inputs and assert the result")\n`;
    case 'vitest':
      return `import { describe, it } from 'vitest';\n${layout.importLine}\n\ndescribe('${unitName}', () => {\n  it.todo('returns the expected result for known inputs (${unitName})');\n});\n`;
    case 'jest':
      return `${layout.importLine}\n\ndescribe('${unitName}', () => {\n  it.todo('returns the expected result for known inputs (${unitName})');\n});\n`;
    case 'node:test':
      return `import { test } from 'node:test';\n${layout.importLine}\n\ntest('${unitName} returns the expected result for known inputs', { todo: true }, () => {\n  void ${unitName};\n});\n`;
  }
}

function capitalize(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1).replace(/_(\w)/g, (_, c: string) => c.toUpperCase());
}
