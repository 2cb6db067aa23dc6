import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveImport } from '../../server/src/workspace/import-resolver.js';
import { mapSpecifier, stripJsonComments } from '../../server/src/workspace/tsconfig-paths.js';
import { FIXTURES_DIR } from '../support/paths.js';

const TS_ROOT = join(FIXTURES_DIR, 'projects', 'ts-shop');
const PY_ROOT = join(FIXTURES_DIR, 'projects', 'py-shop');
const CHECKOUT = join(TS_ROOT, 'src', 'orders', 'checkout.ts');

function fromCheckout(specifier: string): string | undefined {
  return resolveImport(CHECKOUT, specifier, 'typescript', TS_ROOT);
}

describe('import resolver: TypeScript', () => {
  it('resolves relative imports with and without an extension', () => {
    const format = join(TS_ROOT, 'src', 'money', 'format.ts');
    expect(fromCheckout('../money/format')).toBe(format);
    expect(fromCheckout('../money/format.ts')).toBe(format);
    // ESM TypeScript names the emitted file; the source beside it is what we want.
    expect(fromCheckout('../money/format.js')).toBe(format);
  });

  it('resolves a folder to its index file and finds .tsx files', () => {
    expect(fromCheckout('../tax')).toBe(join(TS_ROOT, 'src', 'tax', 'index.ts'));
    expect(fromCheckout('../ui/price-tag')).toBe(join(TS_ROOT, 'src', 'ui', 'price-tag.tsx'));
    expect(fromCheckout('../ui/price-tag.js')).toBe(join(TS_ROOT, 'src', 'ui', 'price-tag.tsx'));
  });

  it('resolves tsconfig paths ("@/*") and baseUrl from a tsconfig with comments and trailing commas', () => {
    expect(fromCheckout('@/tax/rates')).toBe(join(TS_ROOT, 'src', 'tax', 'rates.ts'));
    expect(fromCheckout('@/tax')).toBe(join(TS_ROOT, 'src', 'tax', 'index.ts'));
    expect(fromCheckout('src/money/format')).toBe(join(TS_ROOT, 'src', 'money', 'format.ts'));
    const tsx = join(TS_ROOT, 'src', 'ui', 'price-tag.tsx');
    expect(resolveImport(tsx, '@/money/format', 'tsx', TS_ROOT)).toBe(
      join(TS_ROOT, 'src', 'money', 'format.ts'),
    );
  });

  it('gives undefined for a bare package and for a missing relative file', () => {
    expect(fromCheckout('zod')).toBeUndefined();
    expect(fromCheckout('node:fs')).toBeUndefined();
    expect(fromCheckout('../money/missing')).toBeUndefined();
  });

  it('strips comments and trailing commas but leaves strings alone', () => {
    const text = '{\n  // a comment\n  "a": "x // not a comment", /* b */\n  "b": ["/*", "*/",],\n}';
    expect(JSON.parse(stripJsonComments(text))).toEqual({ a: 'x // not a comment', b: ['/*', '*/'] });
  });

  it('maps exact and starred patterns, every target in order', () => {
    const mapping = { baseUrl: '/w', paths: { '@/*': ['src/*', 'lib/*'], config: ['conf/index'] } };
    expect(mapSpecifier(mapping, '@/a/b')).toEqual(['/w/src/a/b', '/w/lib/a/b']);
    expect(mapSpecifier(mapping, 'config')).toEqual(['/w/conf/index']);
    expect(mapSpecifier(mapping, 'other')).toEqual([]);
  });
});

describe('import resolver: Python', () => {
  const shop = join(PY_ROOT, 'src', 'shop');
  const orders = join(shop, 'orders.py');
  const summary = join(shop, 'reports', 'summary.py');

  it('resolves relative imports: `.m`, `..pkg.m` and `from . import x`', () => {
    expect(resolveImport(orders, '.pricing', 'python', PY_ROOT)).toBe(join(shop, 'pricing.py'));
    expect(resolveImport(summary, '..billing.invoice', 'python', PY_ROOT)).toBe(
      join(shop, 'billing', 'invoice.py'),
    );
    expect(resolveImport(summary, '..pricing', 'python', PY_ROOT)).toBe(join(shop, 'pricing.py'));
    // `from . import money` names the package itself: money is defined in its __init__.py.
    expect(resolveImport(orders, '.', 'python', PY_ROOT)).toBe(join(shop, '__init__.py'));
    expect(resolveImport(summary, '..', 'python', PY_ROOT)).toBe(join(shop, '__init__.py'));
  });

  it('resolves absolute imports from the workspace root and from src/', () => {
    expect(resolveImport(summary, 'helpers.text', 'python', PY_ROOT)).toBe(
      join(PY_ROOT, 'helpers', 'text.py'),
    );
    expect(resolveImport(orders, 'shop.tax', 'python', PY_ROOT)).toBe(join(shop, 'tax.py'));
  });

  it('resolves a package to its __init__.py', () => {
    expect(resolveImport(orders, 'shop.billing', 'python', PY_ROOT)).toBe(
      join(shop, 'billing', '__init__.py'),
    );
    expect(resolveImport(orders, 'helpers', 'python', PY_ROOT)).toBe(join(PY_ROOT, 'helpers', '__init__.py'));
  });

  it('gives undefined for the standard library and third-party packages', () => {
    expect(resolveImport(orders, 're', 'python', PY_ROOT)).toBeUndefined();
    expect(resolveImport(orders, 'numpy.linalg', 'python', PY_ROOT)).toBeUndefined();
    expect(resolveImport(orders, '.missing', 'python', PY_ROOT)).toBeUndefined();
  });
});

describe('import resolver: without a workspace folder', () => {
  const temp = mkdtempSync(join(tmpdir(), 'lantern-resolver-'));
  afterAll(() => rmSync(temp, { recursive: true, force: true }));

  function write(path: string, text: string): string {
    const file = join(temp, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    return file;
  }

  it('finds Python packages in the folders above the file (the CLI opens no workspace)', () => {
    const main = write('app/main.py', 'from app.util import f\n');
    const util = write('app/util.py', 'def f(): pass\n');
    expect(resolveImport(main, 'app.util', 'python', undefined)).toBe(util);
  });

  it('uses the nearest tsconfig above the file, baseUrl alone included', () => {
    write('web/tsconfig.json', '{ "compilerOptions": { "baseUrl": "./lib", }, }');
    const main = write('web/src/main.ts', "import { h } from 'helpers/h';\n");
    const helper = write('web/lib/helpers/h.ts', 'export function h() {}\n');
    expect(resolveImport(main, 'helpers/h', 'typescript', undefined)).toBe(helper);
  });

  it('never resolves into node_modules through baseUrl', () => {
    write('pkg/tsconfig.json', '{ "compilerOptions": { "baseUrl": "." } }');
    const main = write('pkg/main.ts', "import x from 'node_modules/dep';\n");
    write('pkg/node_modules/dep/index.ts', 'export default 1;\n');
    expect(resolveImport(main, 'node_modules/dep', 'typescript', undefined)).toBeUndefined();
  });
});
