import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTestFailure } from '../../server/src/agent/debug/test-failure.js';
import { FIXTURES_DIR } from '../support/paths.js';

/** Output captured from the real runners (see test/fixtures/test-output/README.md). */
function captured(name: string): string {
  return readFileSync(join(FIXTURES_DIR, 'test-output', `${name}.txt`), 'utf8');
}

const lines = (text: string) => text.split('\n');

describe('parseTestFailure on real pytest output', () => {
  it('-x -q: the failing test, its assertion, and the failure section from its header', () => {
    const failure = parseTestFailure(captured('pytest-quiet'));
    expect(failure).toMatchObject({
      framework: 'pytest',
      testName: 'test_total_adds_every_price',
      message: 'assert 7 == 9',
    });
    expect(lines(failure.excerpt)[0]).toMatch(/^_+ test_total_adds_every_price _+$/);
    expect(failure.excerpt).toContain('>       assert total([2, 3, 4]) == 9');
    expect(failure.excerpt).toContain('tests/test_cart.py:9: AssertionError');
    expect(failure.excerpt).not.toContain('.F');
  });

  it('default output: the session header and progress stay out of the excerpt', () => {
    const failure = parseTestFailure(captured('pytest-default'));
    expect(failure).toMatchObject({ framework: 'pytest', testName: 'test_total_adds_every_price' });
    expect(failure.message).toBe('assert 7 == 9');
    expect(failure.excerpt).not.toContain('platform linux');
    expect(failure.excerpt).not.toContain('collected 2 items');
    expect(failure.excerpt).toContain('E       assert 7 == 9');
  });

  it('a parametrized method of a test class: the method name, without class or parameters', () => {
    const failure = parseTestFailure(captured('pytest-class-parametrized'));
    expect(failure).toMatchObject({ framework: 'pytest', testName: 'test_sums', message: 'assert 1 == 6' });
    expect(lines(failure.excerpt)[0]).toMatch(/^_+ TestTotal\.test_sums\[prices1-6\] _+$/);
  });
});

describe('parseTestFailure on real vitest output', () => {
  it('the last part of the test path, the assertion, and the excerpt from FAIL on', () => {
    const failure = parseTestFailure(captured('vitest'));
    expect(failure).toMatchObject({
      framework: 'vitest',
      testName: 'adds every price',
      message: 'AssertionError: expected 7 to be 9 // Object.is equality',
    });
    expect(failure.excerpt.trimStart().startsWith('FAIL  test/cart.test.ts > cart > adds every price')).toBe(
      true,
    );
    expect(failure.excerpt).toContain('expect(total([2, 3, 4])).toBe(9);');
    expect(failure.excerpt).not.toContain('RUN  v4');
    expect(failure.excerpt).not.toContain('✓ counts the items');
  });
});

describe('parseTestFailure on jest output', () => {
  it('the last part of `● describe › test`, the matcher line, and the excerpt from the bullet on', () => {
    const failure = parseTestFailure(captured('jest'));
    expect(failure).toMatchObject({
      framework: 'jest',
      testName: 'adds every price',
      message: 'expect(received).toBe(expected) // Object.is equality',
    });
    expect(lines(failure.excerpt)[0]).toBe('  ● cart › adds every price');
    expect(failure.excerpt).toContain('Received: 7');
    expect(failure.excerpt).toContain('at Object.toBe (test/cart.test.js:9:30)');
    // The per-test tree above the failure is not the failure.
    expect(failure.excerpt).not.toContain('✓ counts the items');
  });

  it('a suite that failed to load: no test name, the error below the bullet as the message', () => {
    const output = [
      'FAIL test/cart.test.js',
      '  ● Test suite failed to run',
      '',
      "    Cannot find module '../src/cart' from 'test/cart.test.js'",
      '',
      'Test Suites: 1 failed, 1 total',
    ].join('\n');
    expect(parseTestFailure(output)).toMatchObject({
      framework: 'jest',
      testName: undefined,
      message: "Cannot find module '../src/cart' from 'test/cart.test.js'",
    });
  });
});

describe('parseTestFailure on real node --test output', () => {
  it('TAP (the reporter when stdout is not a terminal): the failing subtest and its error message', () => {
    const failure = parseTestFailure(captured('node-test-tap'));
    expect(failure).toMatchObject({ framework: 'node:test', testName: 'adds every price' });
    // The message is in a YAML block (`error: |-`); `name: 'AssertionError'` further down is not it.
    expect(failure.message).toBe('Expected values to be strictly equal:');
    expect(lines(failure.excerpt)[0]?.trim()).toBe('not ok 2 - adds every price');
    expect(failure.excerpt).toContain('7 !== 9');
    expect(failure.excerpt).not.toContain('ok 1 - counts nothing in an empty cart');
  });

  it('spec reporter: the test name without its duration, and the assertion', () => {
    const failure = parseTestFailure(captured('node-test-spec'));
    expect(failure).toMatchObject({
      framework: 'node:test',
      testName: 'adds every price',
      message: 'AssertionError [ERR_ASSERTION]: Expected values to be strictly equal:',
    });
    expect(lines(failure.excerpt)[0]?.trim()).toBe('✖ adds every price (1.287865ms)');
    expect(failure.excerpt).toContain('7 !== 9');
  });
});

describe('parseTestFailure on anything else', () => {
  it('no recognised runner: no test name, the last line as message, the last 60 lines as excerpt', () => {
    const output = `${Array.from({ length: 100 }, (_, i) => `line ${i + 1}`).join('\n')}\nSegmentation fault\n`;
    const failure = parseTestFailure(output);
    expect(failure).toMatchObject({
      framework: 'unknown',
      testName: undefined,
      message: 'Segmentation fault',
    });
    expect(lines(failure.excerpt)).toHaveLength(60);
    expect(lines(failure.excerpt)[0]).toBe('line 42');
  });

  it('keeps a long failure section to 60 lines', () => {
    const long = captured('pytest-quiet').replace(
      'E       assert 7 == 9\n',
      `E       assert 7 == 9\n${'E       more\n'.repeat(200)}`,
    );
    const failure = parseTestFailure(long);
    expect(failure.framework).toBe('pytest');
    expect(lines(failure.excerpt)).toHaveLength(60);
  });
});
