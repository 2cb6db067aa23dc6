import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AnswerRejected } from '../../server/src/agent/edits/code-block.js';
import { applyOffsetEdits, diffEdits, editUnitFromAnswer } from '../../server/src/agent/edits/unit-edit.js';
import { GrammarRegistry } from '../../server/src/syntax/grammar-registry.js';
import { SyntaxDocument } from '../../server/src/syntax/syntax-document.js';

const registry = new GrammarRegistry();

const PYTHON = [
  'import os',
  '',
  'class Cart:',
  '    def total(self, items):',
  '        result = 0',
  '        for item in items:',
  '            result -= item.price',
  '        return result',
  '',
  '    def empty(self):',
  '        return True',
  '',
].join('\n');

function python(text = PYTHON) {
  return new SyntaxDocument('file:///w/cart.py', 'python', 3, text, registry);
}

function unitNamed(document: SyntaxDocument, name: string) {
  const unit = document.units().find((candidate) => candidate.name === name);
  if (!unit) throw new Error(`no unit ${name}`);
  return unit;
}

function fix(document: SyntaxDocument, name: string, answer: string): string {
  const edit = editUnitFromAnswer(document, unitNamed(document, name), answer, registry);
  expect(edit.version).toBe(document.version);
  return applyOffsetEdits(document.text, edit.edits);
}

function rejection(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof AnswerRejected) return error.reason;
    throw error;
  }
  throw new Error('expected a rejection');
}

const CORRECT = [
  'def total(self, items):',
  '    result = 0',
  '    for item in items:',
  '        result += item.price',
  '    return result',
].join('\n');

describe('the edit pipeline', () => {
  it('applies a correct fix given at column 0 at the method’s indentation, changing one line', () => {
    const document = python();
    const edit = editUnitFromAnswer(
      document,
      unitNamed(document, 'total'),
      `\`\`\`python\n${CORRECT}\n\`\`\``,
      registry,
    );
    expect(edit.edits).toHaveLength(1);
    expect(edit.edits[0]?.newText).toBe('            result += item.price');
    expect(applyOffsetEdits(document.text, edit.edits)).toBe(
      PYTHON.replace('result -= item', 'result += item'),
    );
  });

  it('takes the fenced block out of prose around it', () => {
    const answer = `The loop subtracts instead of adding.\n\n\`\`\`python\n${CORRECT}\n\`\`\`\n\nThis fixes the sign.`;
    expect(fix(python(), 'total', answer)).toBe(PYTHON.replace('result -= item', 'result += item'));
  });

  it('takes the unit out of a whole-file echo where only the unit changed', () => {
    expect(fix(python(), 'total', `\`\`\`python\n${PYTHON.replace('-=', '+=')}\n\`\`\``)).toBe(
      PYTHON.replace('result -= item', 'result += item'),
    );
  });

  it('ignores a sibling method echoed unchanged beside a bare method, and names one that changed', () => {
    const empty = 'def empty(self):\n    return True';
    expect(fix(python(), 'total', `\`\`\`python\n${CORRECT}\n\n${empty}\n\`\`\``)).toBe(
      PYTHON.replace('result -= item', 'result += item'),
    );
    const changed = `\`\`\`python\n${CORRECT}\n\n${empty.replace('True', 'False')}\n\`\`\``;
    expect(rejection(() => fix(python(), 'total', changed))).toBe(
      'the answer changes more than `total` (it also changes `empty`)',
    );
  });

  it('adds a new import after the existing ones', () => {
    const answer = `\`\`\`python\nimport math\n\n${CORRECT.replace('return result', 'return math.fsum([result])')}\n\`\`\``;
    const fixed = fix(python(), 'total', answer);
    expect(fixed.startsWith('import os\nimport math\n')).toBe(true);
    expect(fixed).toContain('        return math.fsum([result])');
  });

  it.each([
    ['prose with no code', 'Change the minus to a plus.', 'no fenced code block'],
    [
      'a fix that breaks the syntax',
      `\`\`\`python\n${CORRECT.replace('item.price', '(item.price')}\n\`\`\``,
      'would break the syntax',
    ],
    [
      'a whole-file rewrite that changes another method too',
      `\`\`\`python\n${PYTHON.replace('-=', '+=').replace('return True', 'return False')}\n\`\`\``,
      'the answer changes more than `total` (it also changes `empty`)',
    ],
    [
      'an extra function beside the unit',
      `\`\`\`python\n${CORRECT}\n\ndef helper():\n    pass\n\`\`\``,
      'changes more than `total`',
    ],
    ['code outside the unit', `\`\`\`python\nprint("hi")\n${CORRECT}\n\`\`\``, 'code outside `total`'],
    [
      'another function',
      '```python\ndef subtotal(self):\n    return 1\n```',
      'defines `subtotal`, not `total`',
    ],
    ['no change', `\`\`\`python\n${CORRECT.replace('+=', '-=')}\n\`\`\``, 'does not change the code'],
  ])('rejects %s, saying why', (_, answer, reason) => {
    expect(rejection(() => fix(python(), 'total', answer))).toContain(reason);
  });

  it('fixes a TypeScript method answered as a bare method, keeping tabs', () => {
    const text =
      'export class Cart {\n\ttotal(items: number[]): number {\n\t\treturn items.length - 1;\n\t}\n}\n';
    const document = new SyntaxDocument('file:///w/cart.ts', 'typescript', 1, text, registry);
    const answer =
      '```ts\ntotal(items: number[]): number {\n    return items.reduce((a, b) => a + b, 0);\n}\n```';
    expect(fix(document, 'total', answer)).toBe(
      text.replace('items.length - 1', 'items.reduce((a, b) => a + b, 0)'),
    );
  });
});

describe('diffEdits', () => {
  it('turns any old unit into any new unit with edits on the changed lines only', () => {
    const line = fc.constantFrom('a', 'b', 'c', '', '  d');
    fc.assert(
      // A unit is never empty: it starts with its declaration.
      fc.property(
        fc.constantFrom('def', 'class'),
        fc.array(line, { maxLength: 12 }),
        fc.array(line, { minLength: 1, maxLength: 12 }),
        fc.string(),
        (head, oldLines, newLines, before) => {
          const oldUnit = [head, ...oldLines].join('\n');
          const newUnit = newLines.join('\n');
          const text = `${before}${oldUnit}\nTAIL`;
          const edits = diffEdits(oldUnit, newUnit, before.length);
          expect(applyOffsetEdits(text, edits)).toBe(`${before}${newUnit}\nTAIL`);
          for (const edit of edits) {
            expect(edit.startIndex).toBeGreaterThanOrEqual(before.length);
            expect(edit.endIndex).toBeLessThanOrEqual(before.length + oldUnit.length);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('Go import groups in an answer', () => {
  const GO = [
    'package shop',
    '',
    'import (',
    '\t"fmt"',
    '\t"strings"',
    ')',
    '',
    'func Label(name string) string {',
    '\treturn fmt.Sprintf("%s", strings.ToUpper(name))',
    '}',
    '',
  ].join('\n');
  const go = () => new SyntaxDocument('file:///w/shop.go', 'go', 1, GO, registry);

  it('adds only the imports the file lacks, never a second copy of the group', () => {
    const answer = [
      '```go',
      'import (',
      '\t"fmt"',
      '\t"strconv"',
      '\t"strings"',
      ')',
      '',
      'func Label(name string) string {',
      '\treturn fmt.Sprintf("%s %s", strings.ToUpper(name), strconv.Itoa(len(name)))',
      '}',
      '```',
    ].join('\n');
    const fixed = fix(go(), 'Label', answer);
    expect(fixed.match(/"fmt"/g)).toHaveLength(1);
    expect(fixed.match(/"strings"/g)).toHaveLength(1);
    expect(fixed).toContain('import "strconv"');
    expect(fixed).toContain('strconv.Itoa(len(name))');
  });

  it('adds nothing when the answer repeats the group as the file has it', () => {
    const answer = [
      '```go',
      'import (',
      '\t"strings"',
      '\t"fmt"',
      ')',
      '',
      'func Label(name string) string {',
      '\treturn fmt.Sprintf("<%s>", strings.ToUpper(name))',
      '}',
      '```',
    ].join('\n');
    const fixed = fix(go(), 'Label', answer);
    expect(fixed.match(/import/g)).toHaveLength(1);
    expect(fixed).toContain('fmt.Sprintf("<%s>"');
  });
});

// A name imported twice is an error in an ES module ("Identifier 'round' has already been declared"),
// which no syntax check sees: an answer's import that names a binding the file has must not repeat it.
describe('TypeScript imports in an answer', () => {
  const TS = [
    "import { round } from './money';",
    "import type { Item } from './item';",
    '',
    'export function total(items: Item[]): number {',
    '  return round(items.length);',
    '}',
    '',
  ].join('\n');
  const ts = () => new SyntaxDocument('file:///w/total.ts', 'typescript', 1, TS, registry);
  const answer = (...imports: string[]) =>
    [
      '```typescript',
      ...imports,
      '',
      'export function total(items: Item[]): number {',
      '  return round(sum(items.map((item) => item.price)));',
      '}',
      '```',
    ].join('\n');

  it('adds only the names the file does not import yet, from the same module', () => {
    const fixed = fix(ts(), 'total', answer("import { round, sum } from './money';"));
    expect(fixed.match(/\bround\b.*from/g)).toHaveLength(1);
    expect(fixed).toContain("import { sum } from './money';");
    expect(fixed).toContain('return round(sum(');
  });

  it('adds nothing when every name is imported already, however the answer writes it', () => {
    const fixed = fix(
      ts(),
      'total',
      answer('import {round} from "./money"', "import type { Item } from './item';"),
    );
    expect(fixed.match(/^import /gm)).toHaveLength(2);
  });

  it('keeps an alias and a default import new to the file, and `import type`', () => {
    const fixed = fix(
      ts(),
      'total',
      answer(
        "import Decimal, { round, add as sum } from './money';",
        "import type { Item, Price } from './item';",
      ),
    );
    expect(fixed).toContain("import Decimal, { add as sum } from './money';");
    expect(fixed).toContain("import type { Price } from './item';");
    expect(fixed.match(/\bround\b.*from/g)).toHaveLength(1);
  });

  it('refuses an answer importing a name the file imports from another module', () => {
    expect(() => fix(ts(), 'total', answer("import { round } from 'lodash';"))).toThrow(AnswerRejected);
    expect(() => fix(ts(), 'total', answer("import { round } from 'lodash';"))).toThrow(
      "the answer imports `round` from 'lodash', but the file imports it from './money'",
    );
  });
});
