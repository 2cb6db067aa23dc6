import { describe, expect, it } from 'vitest';
import { summaryOf } from '../../server/src/context/class-skeleton.js';
import { buildUnitContext, renderContext, type UnitContext } from '../../server/src/context/unit-context.js';
import type { LanguageName } from '../../server/src/syntax/languages.js';
import { WorkspaceFiles } from '../../server/src/workspace/workspace-files.js';
import { openDocument, testRegistry, unitNamed } from '../support/syntax-documents.js';

/**
 * What keeps prompts small without losing what the model needs (issue 14: a 949-character function got
 * a 19.6K prompt): first sentences of docstrings, skeletons that name what the code does not call,
 * short callees whole and long ones by their declaration, and no import a definition already shows.
 */
/** The context of the unit named `unit` (its implementation, for overloads). */
function contextOf(language: LanguageName, lines: readonly string[], unit: string): UnitContext {
  const document = openDocument(language, lines.join('\n'));
  const files = new WorkspaceFiles(testRegistry(), (uri) => (uri === document.uri ? document : undefined));
  const named = document.units().filter((candidate) => candidate.name === unit);
  const found =
    named.find((candidate) => candidate.bodyStartIndex !== undefined) ?? unitNamed(document, unit);
  return buildUnitContext(document, found, { files, workspaceRoot: undefined }, 6_000);
}

const calleeCode = (context: UnitContext) => context.definitions.map((definition) => definition.code);
const importsOf = (context: UnitContext) =>
  context.sections.find((section) => section.title === 'Imports of the file')?.body;

describe('docstring summaries', () => {
  it('are the first sentence, before any tag, links read as their target', () => {
    expect(
      summaryOf('Creates an {@link Observable} from a source. It subscribes lazily.\n@param x the input'),
    ).toBe('Creates an Observable from a source.');
    expect(summaryOf('The items of page `number`.\n:param number: counted from 1')).toBe(
      'The items of page `number`.',
    );
    expect(summaryOf('Version 2.1 of the parser, kept for the old API')).toBe(
      'Version 2.1 of the parser, kept for the old API',
    );
  });

  it('say a deprecation when that is all the docstring says', () => {
    expect(summaryOf('@deprecated Will be removed in v8. Use connectable instead.\n@see x')).toBe(
      'Deprecated. Will be removed in v8.',
    );
    expect(summaryOf('@param subscribe the function called on subscription')).toBeUndefined();
  });

  it('are cut at a word, not inside one', () => {
    const summary = summaryOf(`${'word '.repeat(40)}end.`) ?? '';
    expect(summary.length).toBeLessThanOrEqual(100);
    expect(summary).toMatch(/word…$/);
  });
});

describe('a class the code constructs', () => {
  const lines = [
    '/** A queue of jobs. Jobs run in order. */',
    'class Queue {',
    '  readonly name: string;',
    '  protected pending = 0;',
    '  /** A queue of jobs. Jobs run in order. */',
    '  constructor(name: string) {',
    '    this.name = name;',
    '  }',
    '  /** Adds a job. */',
    '  push(job: () => void): void {',
    '    this.pending++;',
    '    job();',
    '  }',
    '  /** Runs every job; long enough not to be shown whole. */',
    '  drain(): number {',
    '    let count = 0;',
    '    while (this.pending > 0) {',
    '      this.pending--;',
    '      count++;',
    '    }',
    '    return count;',
    '  }',
    '  size(): number {',
    '    return this.pending;',
    '  }',
    '  protected reset(): void {',
    '    this.pending = 0;',
    '  }',
    '  /** @internal */',
    '  _trace(): void {}',
    '}',
    'export function run(name: string): number {',
    '  const queue = new Queue(name);',
    '  queue.push(() => undefined);',
    '  return queue.drain();',
    '}',
  ];

  it('is its skeleton: header, public fields, constructor, the members called, the others by name', () => {
    const context = contextOf('typescript', lines, 'run');
    expect(context.definitions.map(({ file, shape }) => `${file} (${shape})`)).toEqual([
      'this file (outline)',
    ]);
    expect(calleeCode(context)).toEqual([
      [
        '/** A queue of jobs. */',
        'class Queue {',
        '  readonly name: string;',
        // The constructor's docstring only repeats the class's.
        '  constructor(name: string);',
        '  /** Adds a job. */',
        '  push(job: () => void): void {',
        '    this.pending++;',
        '    job();',
        '  }',
        '  /** Runs every job; long enough not to be shown whole. */',
        '  drain(): number;',
        // Not `reset` (protected), not `_trace` (@internal), not `pending` (protected).
        '  // also: size()',
        '}',
      ].join('\n'),
    ]);
  });

  it('of a method: the enclosing class names its other members, not the method itself', () => {
    const context = contextOf('typescript', lines, 'size');
    const outline = context.sections.find((section) => section.title.startsWith('Enclosing'))?.body ?? '';
    expect(outline).toContain('// also: push(), drain(), reset(), _trace()');
    expect(outline).not.toContain('size');
  });
});

describe('functions the code calls', () => {
  it('a short one whole, a long one by its declaration; a recursive call shows no overload of the unit', () => {
    const context = contextOf(
      'typescript',
      [
        'function twice(x: number): number {',
        '  return x * 2;',
        '}',
        '/** Sums the values, skipping what is not a number. */',
        'function total(values: unknown[]): number {',
        '  let sum = 0;',
        '  for (const value of values) {',
        "    if (typeof value === 'number') sum += value;",
        '  }',
        '  return sum;',
        '}',
        'export function report(values: number[]): string;',
        'export function report(values: number[], depth = 0): string {',
        '  if (depth > 1) return String(twice(total(values)));',
        '  return report(values, depth + 1);',
        '}',
      ],
      'report',
    );
    expect(calleeCode(context)).toEqual([
      'function twice(x: number): number {\n  return x * 2;\n}',
      '/** Sums the values, skipping what is not a number. */\nfunction total(values: unknown[]): number;',
    ]);
  });

  it('in Python, a declaration alone ends in `...`, not in a docstring that would read as its body', () => {
    const context = contextOf(
      'python',
      [
        'def load(path):',
        '    """Reads the file at path. Fails if missing."""',
        '    with open(path) as handle:',
        '        text = handle.read()',
        '    return text.strip()',
        '',
        'def main(path):',
        '    return load(path)',
      ],
      'main',
    );
    expect(calleeCode(context)).toEqual(['def load(path):\n    """Reads the file at path."""\n    ...']);
  });
});

describe('imports', () => {
  it('leave out what a definition shows, and relative imports of names used only as types', () => {
    const context = contextOf(
      'typescript',
      [
        "import type { Request } from 'express';",
        "import { Options, Result } from './types';",
        "import { normalize } from './normalize';",
        "import { Unused } from './unused';",
        'function helper(x: string): string {',
        '  return x;',
        '}',
        'export function handle(request: Request, options: Options): Result {',
        '  return normalize(helper(request.url), options);',
        '}',
      ],
      'handle',
    );
    // `Request` is a package's: whose it is matters. `normalize` is used as a value and not shown.
    expect(importsOf(context)).toBe(
      "```typescript\nimport type { Request } from 'express';\nimport { normalize } from './normalize';\n```",
    );
  });

  it('in Python too, where a type is an annotation', () => {
    const context = contextOf(
      'python',
      [
        'from .models import Order',
        'from .pricing import price_of',
        'import decimal',
        '',
        'def total(order: Order) -> decimal.Decimal:',
        '    return sum(price_of(line) for line in order.lines)',
      ],
      'total',
    );
    expect(importsOf(context)).toBe('```python\nfrom .pricing import price_of\nimport decimal\n```');
  });
});

describe('the prompt text', () => {
  it("leaves the unit's heading out where the request line names the unit", () => {
    const context = contextOf('typescript', ['export function one(): number {', '  return 1;', '}'], 'one');
    expect(renderContext(context)).toBe(
      '### The function `one`\n\n```typescript\nexport function one(): number {\n  return 1;\n}\n```',
    );
    expect(renderContext(context, { unitHeading: false })).toBe(
      '```typescript\nexport function one(): number {\n  return 1;\n}\n```',
    );
  });
});
