import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AnswerRejected } from '../../server/src/agent/edits/code-block.js';
import { editRegionFromAnswer } from '../../server/src/agent/edits/region-edit.js';
import { applyOffsetEdits } from '../../server/src/agent/edits/unit-edit.js';
import { GrammarRegistry } from '../../server/src/syntax/grammar-registry.js';
import { SyntaxDocument } from '../../server/src/syntax/syntax-document.js';
import { type TopLevelRegion, topLevelRegionAt } from '../../server/src/syntax/top-level-region.js';
import { FIXTURES_DIR } from '../support/paths.js';

const registry = new GrammarRegistry();

function open(name: 'orders.py' | 'report.ts'): SyntaxDocument {
  const text = readFileSync(join(FIXTURES_DIR, 'fix', name), 'utf8');
  return new SyntaxDocument(
    `file:///w/${name}`,
    name.endsWith('.py') ? 'python' : 'typescript',
    4,
    text,
    registry,
  );
}

const orders = open('orders.py');
const report = open('report.ts');

/** The region at the first occurrence of `needle`. */
function regionAt(document: SyntaxDocument, needle: string): TopLevelRegion | undefined {
  const offset = document.text.indexOf(needle);
  if (offset === -1) throw new Error(`${needle} is not in ${document.uri}`);
  return topLevelRegionAt(document, offset);
}

function requireRegion(document: SyntaxDocument, needle: string): TopLevelRegion {
  const region = regionAt(document, needle);
  if (!region) throw new Error(`no region at ${needle}`);
  return region;
}

function fix(document: SyntaxDocument, needle: string, code: string): string {
  const edit = editRegionFromAnswer(document, requireRegion(document, needle), fence(code), registry);
  expect(edit.version).toBe(4);
  return applyOffsetEdits(document.text, edit.edits);
}

function rejection(document: SyntaxDocument, needle: string, code: string): string {
  try {
    fix(document, needle, code);
  } catch (error) {
    if (error instanceof AnswerRejected) return error.reason;
    throw error;
  }
  throw new Error('expected a rejection');
}

const fence = (code: string) => `The fix:\n\n\`\`\`\n${code}\n\`\`\`\n`;
const IMPORTS = 'import json\nfrom decimal import Decimal\nfrom pricing import discount';

describe('topLevelRegionAt', () => {
  it('an import takes the whole run of imports around it', () => {
    expect(regionAt(orders, 'discont')).toEqual({
      kind: 'imports',
      startIndex: 0,
      endIndex: orders.text.indexOf('\n\nRATE'),
      description: 'the imports at lines 1–3',
    });
    expect(regionAt(report, "'./mony'")?.description).toBe('the imports at lines 1–2');
  });

  it('a statement is itself alone, also when the problem is reported at its end', () => {
    const start = orders.text.indexOf('TAX');
    const end = orders.text.indexOf('\n', start);
    const statement = {
      kind: 'statement',
      startIndex: start,
      endIndex: end,
      description: 'the statement at line 6',
    };
    expect(regionAt(orders, 'rat\n')).toEqual(statement);
    expect(topLevelRegionAt(orders, end)).toEqual(statement);
    expect(regionAt(report, 'TITLE')?.description).toBe('the statement at line 9');
  });

  it('none on a comment, a blank line, in a unit, or past 40 lines', () => {
    expect(regionAt(orders, '# The demo')).toBeUndefined();
    expect(topLevelRegionAt(orders, orders.text.indexOf('\n\nRATE') + 1)).toBeUndefined();
    expect(regionAt(orders, 'return sum')).toBeUndefined();
    const long = `PRICES = {\n${'    "x": 1,\n'.repeat(45)}}\n`;
    const document = new SyntaxDocument('file:///w/long.py', 'python', 1, long, registry);
    expect(topLevelRegionAt(document, 0)).toBeUndefined();
  });
});

describe('editRegionFromAnswer', () => {
  it('fixes one import of the block, changing that line only', () => {
    expect(fix(orders, 'discont', IMPORTS)).toBe(orders.text.replace('discont', 'discount'));
  });

  it('fixes a stray statement given indented, at the top level', () => {
    expect(fix(orders, 'rat\n', '    TAX = Decimal("0.2") * RATE')).toBe(
      orders.text.replace('* rat\n', '* RATE\n'),
    );
  });

  it.each([
    [
      'a whole-file rewrite',
      'discont',
      readFileSync(join(FIXTURES_DIR, 'fix', 'orders.py'), 'utf8').replace('discont', 'discount'),
      'the answer changes more than the imports at lines 1–3 (it also defines `subtotal`)',
    ],
    [
      'a function beside the statement',
      'rat\n',
      'TAX = Decimal("0.2") * rate()\n\n\ndef rate():\n    return RATE',
      'the answer changes more than the statement at line 6 (it also defines `rate`)',
    ],
    [
      'a statement in an import block',
      'discont',
      `${IMPORTS}\n\nDISCOUNT = discount`,
      'the answer contains code other than imports: `DISCOUNT = discount`',
    ],
    [
      'code repeated from outside the statement',
      'rat\n',
      'RATE = Decimal("0.2")\nTAX = Decimal("0.2") * RATE',
      'the answer repeats code from outside the statement at line 6: `RATE = Decimal("0.2")`',
    ],
    [
      'a statement that breaks the syntax',
      'rat\n',
      'TAX = Decimal("0.2" * RATE',
      'the change would break the syntax (unexpected `TAX = Decimal("0.2" * RATE` at line 6)',
    ],
    ['the same code', 'rat\n', 'TAX = Decimal("0.2") * rat', 'the answer does not change the code'],
  ])('refuses %s', (_, needle, code, reason) => {
    expect(rejection(orders, needle, code)).toBe(reason);
  });

  it('fixes a TypeScript import, keeping the import before it', () => {
    const code = "import type { Line } from './line';\nimport { formatMoney } from './money';";
    expect(fix(report, "'./mony'", code)).toBe(report.text.replace("'./mony'", "'./money'"));
  });
});

describe('editRegionFromAnswer keeps multi-line strings as written', () => {
  it('a 2-space answer in a 4-space file is re-styled, the string lines inside it are not', () => {
    const text =
      'def f():\n    return 1\n\n\nif DEBUG:\n    BANNER = """\n  two spaces\n    four spaces\n"""\n';
    const document = new SyntaxDocument('file:///w/banner.py', 'python', 4, text, registry);
    const region = topLevelRegionAt(document, text.indexOf('if DEBUG'));
    if (!region) throw new Error('no region');
    const answer = fence('if DEBUG_MODE:\n  BANNER = """\n  two spaces\n    four spaces\n"""');
    const edit = editRegionFromAnswer(document, region, answer, registry);
    expect(applyOffsetEdits(text, edit.edits)).toBe(text.replace('if DEBUG:', 'if DEBUG_MODE:'));
  });
});
