import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { skeletonTests, testLayout } from '../../server/src/agent/generate/test-layout.js';

/** A project in a fresh temp dir with these files (path → text). */
function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'lantern-layout-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const UNITTEST_CASE = 'import unittest\n\n\nclass TestOther(unittest.TestCase):\n    pass\n';

describe('testLayout: Python', () => {
  it('unittest when the existing tests use it and nothing configures pytest', () => {
    const root = project({
      'shop/__init__.py': '',
      'shop/cart.py': 'def apply_discount(price):\n    return price\n',
      'tests/__init__.py': '',
      'tests/test_other.py': UNITTEST_CASE,
    });
    expect(testLayout(join(root, 'shop', 'cart.py'), 'apply_discount', root)).toEqual({
      framework: 'unittest',
      testFile: join(root, 'tests', 'test_cart.py'),
      importLine: 'from shop.cart import apply_discount',
    });
  });

  it.each([
    ['an empty conftest.py', { 'conftest.py': '' }],
    ['a pytest.ini', { 'pytest.ini': '[pytest]\n' }],
    ['pyproject.toml configuring pytest', { 'pyproject.toml': '[tool.pytest.ini_options]\n' }],
  ])('pytest, even beside unittest-style tests, with %s', (_, config) => {
    const root = project({ 'cart.py': '', 'tests/test_other.py': UNITTEST_CASE, ...config });
    expect(testLayout(join(root, 'cart.py'), 'total', root).framework).toBe('pytest');
  });

  it('pytest with no tests folder, the test file beside the module, a src/ layout imported without src', () => {
    const root = project({ 'src/shop/cart.py': '' });
    expect(testLayout(join(root, 'src', 'shop', 'cart.py'), 'total', root)).toEqual({
      framework: 'pytest',
      testFile: join(root, 'src', 'shop', 'test_cart.py'),
      importLine: 'from shop.cart import total',
    });
  });
});

describe('testLayout: TypeScript and JavaScript', () => {
  it('jest from package.json, in __tests__, importing the module without an extension', () => {
    const root = project({
      'package.json': '{"devDependencies":{"jest":"29.7.0","ts-jest":"29.2.5"}}\n',
      'src/money.ts': '',
      '__tests__/other.test.ts': '',
    });
    expect(testLayout(join(root, 'src', 'money.ts'), 'cents', root)).toEqual({
      framework: 'jest',
      testFile: join(root, '__tests__', 'money.test.ts'),
      importLine: "import { cents } from '../src/money';",
    });
  });

  it('vitest when both are listed (vitest runs jest-style tests too); ESM imports name the .js file', () => {
    const root = project({
      'package.json': '{"devDependencies":{"jest":"29.7.0","vitest":"4.1.12"}}\n',
      'src/money.ts': '',
    });
    expect(testLayout(join(root, 'src', 'money.ts'), 'cents', root)).toEqual({
      framework: 'vitest',
      testFile: join(root, 'src', 'money.test.ts'),
      importLine: "import { cents } from './money.js';",
    });
  });

  it('node:test when package.json names neither', () => {
    const root = project({ 'package.json': '{"type":"module"}\n', 'lib/math.js': '' });
    expect(testLayout(join(root, 'lib', 'math.js'), 'double', root).framework).toBe('node:test');
  });
});

describe('skeletonTests', () => {
  it('unittest: a TestCase named after the unit whose one test skips with a TODO, which unittest runs', () => {
    const root = project({
      'shop/__init__.py': '',
      'shop/cart.py': 'def apply_discount(price):\n    return price\n',
      'tests/__init__.py': '',
      'tests/test_other.py': UNITTEST_CASE,
    });
    const layout = testLayout(join(root, 'shop', 'cart.py'), 'apply_discount', root);
    const skeleton = skeletonTests(layout, 'apply_discount');
    expect(skeleton).toContain('from shop.cart import apply_discount');
    expect(skeleton).toContain('class TestApplyDiscount(unittest.TestCase):');
    expect(skeleton).toContain('self.skipTest("TODO: call apply_discount');
    writeFileSync(layout.testFile, skeleton);
    const run = spawnSync('python3', ['-m', 'unittest', 'tests.test_cart'], { cwd: root, encoding: 'utf8' });
    expect(run.stderr).toMatch(/OK \(skipped=1\)/);
    expect(run.status).toBe(0);
  });

  it('jest: to-do tests on jest’s globals, importing nothing from a test library', () => {
    const root = project({ 'package.json': '{"devDependencies":{"jest":"29.7.0"}}\n', 'src/money.js': '' });
    const layout = testLayout(join(root, 'src', 'money.js'), 'cents', root);
    expect(skeletonTests(layout, 'cents')).toBe(
      "import { cents } from './money';\n\ndescribe('cents', () => {\n  it.todo('returns the expected result for known inputs (cents)');\n});\n",
    );
  });
});
