import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PromptMeaning } from '../../server/src/agent/prompt-meaning.js';
import { codeMeaning } from '../../server/src/syntax/code-meaning.js';
import type { LanguageName } from '../../server/src/syntax/languages.js';
import { WorkspaceFiles } from '../../server/src/workspace/workspace-files.js';
import { FakeModelServer } from '../support/fake-model-server.js';
import { openDocument, testRegistry, unitNamed } from '../support/syntax-documents.js';
import { fakeAnthropic, testExplainer } from '../support/test-explainer.js';

/**
 * The explanation cache as a user meets it: a unit explained once, then its text changed. A change that
 * keeps the code's meaning (indentation in TypeScript, blank lines) must reuse the answer; one that
 * changes it (a Python statement moved into or out of a block, a string's contents, a comment) must ask
 * the model again — a stale answer is worse than a new call.
 */
describe('the explanation cache keys on meaning, not on text', () => {
  let fake: FakeModelServer;
  let answers = 0;
  beforeAll(async () => {
    fake = await FakeModelServer.start();
  });
  afterAll(async () => {
    await fake.close();
  });

  /** Explains `unit` in `before`, then in `after`: whether the second answer came from the cache. */
  async function secondIsCached(
    language: LanguageName,
    unit: string,
    before: string,
    after: string,
  ): Promise<boolean> {
    const agent = testExplainer(fakeAnthropic(fake), {
      files: new WorkspaceFiles(testRegistry(), () => undefined),
      workspaceRoot: undefined,
    });
    const explain = async (text: string) => {
      fake.script({ kind: 'text', text: `answer ${++answers}` });
      const document = openDocument(language, text);
      return agent.explain(document, unitNamed(document, unit), { signal: new AbortController().signal });
    };
    const first = await explain(before);
    expect(first.source).toBe('model');
    const second = await explain(after);
    expect(['model', 'cache']).toContain(second.source);
    return second.source === 'cache';
  }

  const TS_TOTAL = [
    '/**',
    ' * The order total, in cents.',
    ' * Lines with no quantity count nothing.',
    ' */',
    'export function total(lines: Line[]): number {',
    '  let sum = 0;',
    '  for (const line of lines) {',
    '    sum += line.price * line.quantity;',
    '  }',
    "  return sum; // before tax: see 'taxed'",
    '}',
    '',
  ].join('\n');

  it('TypeScript re-indented (tabs, other widths, spaces around operators) is a hit', async () => {
    const reindented = TS_TOTAL.replace(/^( +)/gm, (spaces) => '\t'.repeat(spaces.length / 2))
      .replace('let sum = 0', 'let   sum=0')
      .replace(' */', '   */');
    expect(await secondIsCached('typescript', 'total', TS_TOTAL, reindented)).toBe(true);
  });

  it('TypeScript with blank lines added, and CRLF line ends, is a hit', async () => {
    const spaced = TS_TOTAL.replace('  let sum = 0;\n', '\n  let sum = 0;\n\n\n').replace(/\n/g, '\r\n');
    expect(await secondIsCached('typescript', 'total', TS_TOTAL, spaced)).toBe(true);
  });

  it('TypeScript: a line break after `return` (the statement ends there) is a miss', async () => {
    const broken = TS_TOTAL.replace('return sum;', 'return\n    sum;');
    expect(await secondIsCached('typescript', 'total', TS_TOTAL, broken)).toBe(false);
  });

  it("TypeScript: a string's or a comment's contents changed by whitespace alone is a miss", async () => {
    const stringed = TS_TOTAL.replace('let sum = 0;', 'let sum = 0;\n  const rule = "-  -";');
    expect(await secondIsCached('typescript', 'total', stringed, stringed.replace('"-  -"', '"- -"'))).toBe(
      false,
    );
    const commented = TS_TOTAL.replace("before tax: see 'taxed'", "before  tax: see 'taxed'");
    expect(await secondIsCached('typescript', 'total', TS_TOTAL, commented)).toBe(false);
  });

  const PY_TOTAL = [
    'def total(lines):',
    '    """The order total, in cents."""',
    '    total = 0',
    '    for line in lines:',
    '        if line.quantity:',
    '            total += line.price * line.quantity',
    '    return total',
    '',
  ].join('\n');

  it('Python re-indented consistently (4 spaces to 2), or with blank lines added, is a hit', async () => {
    const twoSpaces = PY_TOTAL.replace(/^( +)/gm, (spaces) => ' '.repeat(spaces.length / 2));
    expect(await secondIsCached('python', 'total', PY_TOTAL, twoSpaces)).toBe(true);
    const spaced = PY_TOTAL.replace('    total = 0\n', '    total = 0\n\n').replace(
      '    for line',
      '\n    for line',
    );
    expect(await secondIsCached('python', 'total', PY_TOTAL, spaced)).toBe(true);
  });

  it('Python: `return total` moved into the for loop above it is a miss', async () => {
    const inside = PY_TOTAL.replace('    return total', '        return total');
    expect(await secondIsCached('python', 'total', PY_TOTAL, inside)).toBe(false);
  });

  it('Python: a statement moved out of the if block is a miss', async () => {
    const outside = PY_TOTAL.replace('            total +=', '        total +=');
    expect(await secondIsCached('python', 'total', PY_TOTAL, outside)).toBe(false);
  });

  it('Python: a string\'s contents changed (`"-  -"` to `"- -"`) is a miss', async () => {
    const separator = PY_TOTAL.replace('    total = 0\n', '    total = 0\n    rule = "-  -"\n');
    expect(await secondIsCached('python', 'total', separator, separator.replace('"-  -"', '"- -"'))).toBe(
      false,
    );
  });
});

describe('codeMeaning', () => {
  const python = testRegistry().get('python');

  it('keeps Python indentation line by line where an error hides the blocks from the tree', () => {
    // A dangling operator: the parser recovers with the loop and the return as loose tokens of one error.
    const broken = 'def f(x):\n    y = x +\n    for a in x:\n        g(a)\n    return y\n';
    const inside = broken.replace('    return y', '        return y');
    expect(codeMeaning(inside, python)).not.toBe(codeMeaning(broken, python));
    const twoSpaces = broken.replace(/^( +)/gm, (spaces) => ' '.repeat(spaces.length / 2));
    expect(codeMeaning(twoSpaces, python)).toBe(codeMeaning(broken, python));
  });

  it('keeps strings exact and comments but for their margin', () => {
    const ts = testRegistry().get('typescript');
    const code = 'const a = `x\n  y`; /* one\n   two */';
    expect(codeMeaning(code.replace('  y', ' y'), ts)).not.toBe(codeMeaning(code, ts));
    expect(codeMeaning(code.replace('   two', ' two'), ts)).toBe(codeMeaning(code, ts));
    expect(codeMeaning(code.replace('two', 'twice'), ts)).not.toBe(codeMeaning(code, ts));
  });

  it('keeps code of a language without a grammar as written (YAML indentation is syntax)', () => {
    const meaning = new PromptMeaning(testRegistry());
    const prompt = 'Explain  the block.\n\n```yaml\nservices:\n  web:\n    image: x\n```\n';
    expect(meaning.of(prompt.replace('  the', ' the'))).toBe(meaning.of(prompt));
    expect(meaning.of(prompt.replace('    image', '  image'))).not.toBe(meaning.of(prompt));
  });
});
