/** What a failing test run says, as far as its output tells. */
export interface TestFailure {
  readonly framework: 'pytest' | 'vitest' | 'jest' | 'node:test' | 'unknown';
  /** The failing test's name (the last part: `test_total`, `adds prices`). */
  readonly testName: string | undefined;
  /** The assertion or error message. */
  readonly message: string;
  /** The part of the output worth showing a model (bounded). */
  readonly excerpt: string;
}

const MAX_EXCERPT_LINES = 60;

/** Reads the first failure from pytest, vitest, jest or node:test output; falls back to the output's end. */
export function parseTestFailure(output: string): TestFailure {
  return pytest(output) ?? vitest(output) ?? jest(output) ?? nodeTest(output) ?? unknown(output);
}

function pytest(output: string): TestFailure | undefined {
  // FAILED tests/test_cart.py::test_total - assert 5 == 6
  const summary = /^FAILED (\S+?)::(?:\S+::)?(\w+)(?:\[[^\]]*\])?(?: - (.*))?$/m.exec(output);
  if (!summary) return undefined;
  const errorLines = output
    .split('\n')
    .filter((line) => /^E\s/.test(line))
    .map((line) => line.slice(1).trim());
  return {
    framework: 'pytest',
    testName: summary[2],
    message: summary[3] ?? errorLines[0] ?? 'test failed',
    excerpt: sectionAround(output, /^_{3,} .* _{3,}$/m),
  };
}

function vitest(output: string): TestFailure | undefined {
  // FAIL  test/cart.test.ts > Cart > adds prices
  const header = /^\s*FAIL\s+(\S+)\s+>\s+(.+)$/m.exec(output);
  if (!header) return undefined;
  const parts = (header[2] ?? '').split(' > ');
  const error = /^(?:AssertionError|Error|TypeError|ReferenceError)[^\n]*$/m.exec(output.slice(header.index));
  return {
    framework: 'vitest',
    testName: parts[parts.length - 1]?.trim(),
    message: error?.[0] ?? 'test failed',
    excerpt: sectionAround(output, /^\s*FAIL\s/m),
  };
}

// jest names a failure `● describe › test` (a suite that did not load: `● Test suite failed to run`);
// its message is the first line below, indented like the rest of the failure.
const JEST_SUITE_ERROR = 'Test suite failed to run';

function jest(output: string): TestFailure | undefined {
  const header = /^[ \t]*● (.+)$/m.exec(output);
  if (!header) return undefined;
  const title = header[1]?.trim() ?? '';
  const parts = title.split(' › ');
  const below = output.slice(header.index + header[0].length).split('\n');
  const message = below.map((line) => line.trim()).find((line) => line !== '');
  return {
    framework: 'jest',
    testName: title === JEST_SUITE_ERROR ? undefined : parts[parts.length - 1]?.trim(),
    message: message ?? 'test failed',
    excerpt: sectionAround(output, /^[ \t]*● /m),
  };
}

function nodeTest(output: string): TestFailure | undefined {
  // not ok 1 - adds prices   (TAP), or ✖ adds prices (spec reporter)
  const tap = /^\s*not ok \d+ - (.+)$/m.exec(output);
  const spec = /^\s*✖ (.+?)(?: \([\d.]+ms\))?$/m.exec(output);
  const match = tap ?? spec;
  if (!match) return undefined;
  const rest = output.slice(match.index);
  // TAP's YAML gives the message quoted (`error: 'boom'`) or, when it spans lines (assertion diffs),
  // as a block (`error: |-` then the lines); before either, `name: 'AssertionError'` is no message.
  const error = /(?:error: '([^']*)'|error: [|>][-+]?\n\s*([^\n]+)|AssertionError[^\n]*|Error: [^\n]*)/.exec(
    rest,
  );
  return {
    framework: 'node:test',
    testName: match[1]?.trim(),
    message: error?.[1] ?? error?.[2]?.trim() ?? error?.[0] ?? 'test failed',
    excerpt: sectionAround(output, /^\s*(not ok \d+ - |✖ )/m),
  };
}

function unknown(output: string): TestFailure {
  const lines = output.trimEnd().split('\n');
  return {
    framework: 'unknown',
    testName: undefined,
    message: lines.at(-1) ?? 'test failed',
    excerpt: lines.slice(-MAX_EXCERPT_LINES).join('\n'),
  };
}

function sectionAround(output: string, start: RegExp): string {
  const at = start.exec(output)?.index ?? 0;
  return output.slice(at).split('\n').slice(0, MAX_EXCERPT_LINES).join('\n');
}
