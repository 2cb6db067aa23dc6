import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { explainValues } from '../../server/src/agent/explain.js';
import { loadPrompt, renderTemplate } from '../../server/src/agent/prompt-templates.js';
import { DEFAULT_CONFIG } from '../../server/src/config.js';
import {
  buildUnitContext,
  type ContextSources,
  type UnitContext,
} from '../../server/src/context/unit-context.js';
import type { ModelAnswer, ModelProvider, ModelRequest } from '../../server/src/llm/provider.js';
import type { SyntaxDocument } from '../../server/src/syntax/syntax-document.js';
import { WorkspaceFiles } from '../../server/src/workspace/workspace-files.js';
import { FIXTURES_DIR, REPO_ROOT } from '../support/paths.js';
import { openDocument, testRegistry, unitNamed } from '../support/syntax-documents.js';
import { testExplainer } from '../support/test-explainer.js';

const GOLDEN_DIR = join(REPO_ROOT, 'test', 'golden');
const PROJECTS = join(FIXTURES_DIR, 'projects');
/** `UPDATE_GOLDEN=1 npx vitest run test/unit/unit-context.test.ts` rewrites the golden files. */
const UPDATE = process.env.UPDATE_GOLDEN === '1';

interface Project {
  readonly root: string;
  readonly sources: ContextSources;
  open(path: string): SyntaxDocument;
}

function project(name: string): Project {
  const root = join(PROJECTS, name);
  const files = new WorkspaceFiles(testRegistry(), () => undefined);
  return {
    root,
    sources: { files, workspaceRoot: root },
    open(path) {
      const document = files.document(join(root, path));
      if (!document) throw new Error(`cannot open ${path} in ${name}`);
      return document;
    },
  };
}

const TS = project('ts-shop');
const PY = project('py-shop');

/** The user message of an explain request, assembled exactly as the Explainer does. */
function explainPrompt(where: Project, path: string, unitName: string, maxTokens: number): string {
  const document = where.open(path);
  const unit = unitNamed(document, unitName);
  const values = explainValues(document, unit, where.sources, maxTokens);
  return `${renderTemplate(loadPrompt('explain').user, values)}\n`;
}

function expectGolden(name: string, actual: string): void {
  const file = join(GOLDEN_DIR, name);
  if (UPDATE) {
    mkdirSync(GOLDEN_DIR, { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  if (!existsSync(file)) throw new Error(`no golden file ${name}: run with UPDATE_GOLDEN=1 and review it`);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

describe('explain prompts (golden files)', () => {
  it.each([
    // Calls a same-file helper, a relative import (`../money/format.js`) and a path alias (`@/tax/rates`).
    ['explain-ts-function.md', TS, 'src/orders/checkout.ts', 'checkoutTotal'],
    // A method: its class in outline, and a same-file function it calls.
    ['explain-ts-method.md', TS, 'src/orders/checkout.ts', 'total'],
    // A method calling a sibling method, `from . import money` and `from shop.tax import tax_for` (src/).
    ['explain-python-method.md', PY, 'src/shop/orders.py', 'total'],
    // `from ..billing.invoice import …`, `from ..pricing import …` and a package at the workspace root.
    ['explain-python-function.md', PY, 'src/shop/reports/summary.py', 'summary_line'],
    // A class constructed, then its methods called: the class as its skeleton, not its whole body.
    ['explain-ts-construction.md', TS, 'src/orders/print.ts', 'printReceipt'],
    ['explain-python-construction.md', PY, 'src/shop/printing.py', 'print_receipt'],
  ] as const)('%s', (golden, where, path, unit) => {
    expectGolden(golden, explainPrompt(where, path, unit, DEFAULT_CONFIG.context.maxTokens));
  });

  it('is what the Explainer sends to the model', async () => {
    const requests: ModelRequest[] = [];
    const provider: ModelProvider = {
      name: 'anthropic',
      model: 'claude-test',
      endpoint: 'http://127.0.0.1:1',
      async complete(request): Promise<ModelAnswer> {
        requests.push(request);
        return { text: 'It totals an order.', usage: { inputTokens: 1, outputTokens: 1 } };
      },
    };
    const explainer = testExplainer(provider, TS.sources);
    const document = TS.open('src/orders/checkout.ts');
    const answer = await explainer.explain(document, unitNamed(document, 'checkoutTotal'), {
      signal: new AbortController().signal,
    });
    expect(answer).toMatchObject({ text: 'It totals an order.', source: 'model' });
    expect(requests).toHaveLength(1);
    expect(requests[0]?.system).toBe(loadPrompt('explain').system);
    expect(requests[0]?.messages).toEqual([
      {
        role: 'user',
        content: explainPrompt(TS, 'src/orders/checkout.ts', 'checkoutTotal', 6_000).trimEnd(),
      },
    ]);
  });
});

/** The sections' titles, the callees' definitions (under 'What it calls') each as `name, file (shape)`. */
function titlesIn(context: UnitContext): string[] {
  return [
    ...context.sections
      .filter((section) => section.title !== 'What it calls')
      .map((section) => section.title),
    ...context.definitions.map(
      (definition) =>
        `${definition.name}, ${definition.file}${definition.shape ? ` (${definition.shape})` : ''}`,
    ),
  ];
}

describe('unit context under a token budget', () => {
  const titles = (path: string, unit: string, maxTokens: number, where = PY) => {
    const document = where.open(path);
    const context = buildUnitContext(document, unitNamed(document, unit), where.sources, maxTokens);
    return { ...context, titles: titlesIn(context) };
  };

  it('orders sections by relevance: unit, class outline, imports, same-file callees, imported callees', () => {
    const { titles: all, omitted } = titles('src/shop/orders.py', 'total', 6_000);
    // No import: both bind a name whose definition is shown.
    expect(all).toEqual([
      'The method `total`',
      'Enclosing class `Order` (outline)',
      'net, this file',
      'money, ./__init__.py',
      'tax_for, ./tax.py',
    ]);
    expect(omitted).toEqual([]);
    expect(titles('src/orders/checkout.ts', 'checkoutTotal', 6_000, TS).titles).toEqual([
      'The function `checkoutTotal`',
      'Imports of the file',
      'subtotal, this file',
      'formatPrice, ../money/format.ts',
      'taxRate, ../tax/rates.ts',
    ]);
  });

  it('drops the least relevant sections first when the budget runs short', () => {
    const full = titles('src/shop/orders.py', 'total', 6_000);
    // Exactly enough for the unit and the outline.
    const cost = full.sections
      .slice(0, 2)
      .reduce(
        (sum, section) => sum + Math.ceil(section.title.length / 4) + Math.ceil(section.body.length / 4),
        0,
      );
    const cut = titles('src/shop/orders.py', 'total', cost);
    expect(cut.titles).toEqual(full.titles.slice(0, 2));
    expect(cut.omitted).toEqual(['`net` (this file)', '`money` (./__init__.py)', '`tax_for` (./tax.py)']);
  });

  it('keeps a unit over a tiny budget, truncated, and omits everything else', () => {
    const document = TS.open('src/orders/checkout.ts');
    const cart = unitNamed(document, 'Cart');
    const context = buildUnitContext(document, cart, TS.sources, 1);
    expect(context.sections).toHaveLength(1);
    const body = context.sections[0]?.body ?? '';
    expect(body).toMatch(/^```typescript\nexport class Cart \{\n/);
    expect(body).toMatch(/\n… \(truncated\)\n```$/);
    expect(body.length).toBeLessThan(document.text.slice(cart.startIndex, cart.endIndex).length);
    expect(context.omitted).toEqual(['Imports of the file', '`checkoutTotal` (this file)']);
  });

  it('shows a nested unit without its indentation, leaving lines that are less indented alone', () => {
    const text = [
      'class Report {',
      '    render(): string {',
      '        const head = `Title',
      'Body`;',
      '        return head;',
      '    }',
      '}',
    ].join('\n');
    const document = openDocument('typescript', text);
    const sources = { files: new WorkspaceFiles(testRegistry(), () => undefined), workspaceRoot: undefined };
    const context = buildUnitContext(document, unitNamed(document, 'render'), sources, 6_000);
    expect(context.sections[0]?.body).toBe(
      '```typescript\nrender(): string {\n    const head = `Title\nBody`;\n    return head;\n}\n```',
    );
  });

  it('labels files relative to the workspace root, or by their folder without one', () => {
    expect(titles('src/shop/orders.py', 'net', 6_000).fileLabel).toBe('src/shop/orders.py');
    const files = new WorkspaceFiles(testRegistry(), () => undefined);
    const document = files.document(join(PY.root, 'src', 'shop', 'orders.py'));
    if (!document) throw new Error('orders.py did not open');
    const context = buildUnitContext(
      document,
      unitNamed(document, 'net'),
      { files, workspaceRoot: undefined },
      6_000,
    );
    expect(context.fileLabel).toBe('shop/orders.py');
  });
});

describe('sections never repeat code already in the prompt', () => {
  // The document is open in the editor: the workspace files (and the index) read it from there.
  const titlesOf = (document: SyntaxDocument, unit: string) => {
    const files = new WorkspaceFiles(testRegistry(), (uri) => (uri === document.uri ? document : undefined));
    return titlesIn(
      buildUnitContext(document, unitNamed(document, unit), { files, workspaceRoot: undefined }, 6_000),
    );
  };

  it('a function nested in the unit is not a section of its own', () => {
    const ts = openDocument(
      'typescript',
      [
        'function helper(x: number): number {',
        '  return x + 1;',
        '}',
        'export function outer(values: number[]): number {',
        '  function step(x: number): number {',
        '    return helper(x) * 2;',
        '  }',
        '  return values.map(step).reduce((a, b) => a + b, step(0));',
        '}',
      ].join('\n'),
    );
    expect(titlesOf(ts, 'outer')).toEqual(['The function `outer`', 'helper, this file']);
    const py = openDocument(
      'python',
      [
        'def outer(values):',
        '    def step(x):',
        '        return x * 2',
        '    return sum(step(v) for v in values)',
        '',
      ].join('\n'),
    );
    expect(titlesOf(py, 'outer')).toEqual(['The function `outer`']);
  });

  it('the enclosing class is not shown again for a construction of itself', () => {
    const ts = openDocument(
      'typescript',
      [
        'class Point {',
        '  constructor(readonly x: number) {}',
        '  moved(by: number): Point {',
        '    return new Point(this.x + by);',
        '  }',
        '}',
      ].join('\n'),
    );
    expect(titlesOf(ts, 'moved')).toEqual(['The method `moved`', 'Enclosing class `Point` (outline)']);
  });
});
