import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { IndexStore } from '../../server/src/store/index-store.js';
import { openStore } from '../../server/src/store/open-store.js';
import type { FileFacts } from '../../server/src/workspace/facts/file-facts.js';
import { InlineFactsParser } from '../../server/src/workspace/index/facts-parser.js';
import { IndexBuilder } from '../../server/src/workspace/index/index-builder.js';
import { indexedProject, TEST_LIMITS, writeProject } from '../support/index-projects.js';
import { testRegistry } from '../support/syntax-documents.js';

const SOURCE = 'export function total(items: number[]): number {\n  return items.length;\n}\n';

function indexedPaths(index: { paths(): Iterable<string> }, root: string): string[] {
  return [...index.paths()].map((path) => path.slice(root.length + 1)).sort();
}

describe('index crawl: what it takes in', () => {
  it('respects .gitignore files at every level, the exclude setting, and skips .git and non-source files', async () => {
    const root = writeProject({
      '.gitignore': 'build/\n*.gen.ts\n',
      'src/a.ts': SOURCE,
      'src/a.gen.ts': SOURCE,
      'src/vendor/.gitignore': 'legacy.py\n',
      'src/vendor/legacy.py': 'def old():\n    pass\n',
      'src/vendor/kept.py': 'def kept():\n    pass\n',
      'build/out.js': 'function built() {}\n',
      'node_modules/lib/index.js': 'function lib() {}\n',
      '.git/hooks/x.py': 'def hook():\n    pass\n',
      'generated/schema.ts': SOURCE,
      'README.md': '# readme\n',
      'data.json': '{}',
    });
    const { index } = await indexedProject(root, { limits: { exclude: ['node_modules/', 'generated/'] } });
    expect(indexedPaths(index, root)).toEqual(['src/a.ts', 'src/vendor/kept.py']);
  });

  it('leaves out files over the size limit and says how many', async () => {
    const root = writeProject({ 'small.ts': SOURCE, 'big.ts': `// ${'x'.repeat(5000)}\n${SOURCE}` });
    const { index, summary } = await indexedProject(root, { limits: { maxFileBytes: 1000 } });
    expect(indexedPaths(index, root)).toEqual(['small.ts']);
    expect(summary.tooLarge).toBe(1);
  });

  it('never follows a link, never opens a FIFO, and takes a binary file for one with no units', async () => {
    const root = writeProject({ 'src/a.ts': SOURCE, 'src/binary.ts': Buffer.from([0, 1, 2, 3, 0, 255, 0]) });
    const outside = mkdtempSync(join(tmpdir(), 'lantern-outside-'));
    writeFileSync(join(outside, 'secret.ts'), SOURCE);
    symlinkSync(root, join(root, 'src', 'loop')); // a folder link back to the root
    symlinkSync(outside, join(root, 'outside')); // a folder outside the workspace
    symlinkSync(join(outside, 'secret.ts'), join(root, 'src', 'linked.ts')); // a file outside
    execFileSync('mkfifo', [join(root, 'src', 'pipe.ts')]);
    const { index, summary } = await indexedProject(root);
    expect(indexedPaths(index, root)).toEqual(['src/a.ts', 'src/binary.ts']);
    expect(index.facts(join(root, 'src', 'binary.ts'))?.units).toEqual([]);
    expect(summary.failed).toBe(0);
  });

  it('stops listing at maxFiles', async () => {
    const root = writeProject({ 'a.ts': SOURCE, 'b.ts': SOURCE, 'c.ts': SOURCE });
    const { index, summary } = await indexedProject(root, { limits: { maxFiles: 2 } });
    expect([...index.paths()]).toHaveLength(2);
    expect(summary.overLimit).toBe(true);
  });
});

describe('index crawl: kept current', () => {
  it('a changed file is indexed again, a deleted one leaves; a file outside the folders is refused', async () => {
    const root = writeProject({ 'src/a.ts': SOURCE, 'src/b.py': 'def b():\n    pass\n' });
    const { index, builder } = await indexedProject(root);
    const a = join(root, 'src', 'a.ts');
    writeFileSync(a, 'export class Cart {\n  total(): number {\n    return 0;\n  }\n}\n');
    await builder.update(a);
    expect(index.facts(a)?.units.map((unit) => unit.name)).toEqual(['Cart', 'total']);

    rmSync(join(root, 'src', 'b.py'));
    await builder.update(join(root, 'src', 'b.py'));
    expect(indexedPaths(index, root)).toEqual(['src/a.ts']);

    writeFileSync(join(root, 'src', 'c.ts'), SOURCE);
    await builder.update(join(root, 'src', 'c.ts'));
    expect(indexedPaths(index, root)).toEqual(['src/a.ts', 'src/c.ts']);
    builder.remove(join(root, 'src'));
    expect(indexedPaths(index, root)).toEqual([]);

    const outside = writeProject({ 'x.ts': SOURCE });
    await builder.update(join(outside, 'x.ts'));
    const linked = join(root, 'linked');
    symlinkSync(outside, linked);
    await builder.update(join(linked, 'x.ts'));
    expect([...index.paths()]).toEqual([]);
  });
});

describe('index crawl: yields to the editor, a single change does not', () => {
  it('the crawl waits before each parse; an update of one file does not wait', async () => {
    const root = writeProject({ 'a.ts': SOURCE });
    const { index } = await indexedProject(root);
    let waits = 0;
    const builder = new IndexBuilder({
      index,
      parser: new InlineFactsParser(testRegistry()),
      store: undefined,
      limits: () => TEST_LIMITS,
      // An editor that is never quiet: whatever waits here waits for good.
      beforeParse: () => {
        waits++;
        return new Promise<void>(() => undefined);
      },
      log: () => undefined,
    });
    writeFileSync(join(root, 'a.ts'), 'export function changed() {}\n');
    await builder.update(join(root, 'a.ts'));
    expect(index.facts(join(root, 'a.ts'))?.units.map((unit) => unit.name)).toEqual(['changed']);
    expect(waits).toBe(0);
    writeFileSync(join(root, 'b.ts'), SOURCE);
    void builder.crawl([root], () => undefined);
    await expect.poll(() => waits).toBe(1);
  });
});

describe('index crawl: workspace folders change', () => {
  it('a folder removed from the workspace leaves the index at the next crawl', async () => {
    const first = writeProject({ 'a.ts': SOURCE });
    const second = writeProject({ 'b.py': 'def b():\n    pass\n' });
    const { index, builder } = await indexedProject(first);
    index.setRoots([second]);
    await builder.crawl([second], () => undefined);
    expect([...index.paths()]).toEqual([join(second, 'b.py')]);
  });
});

describe('index crawl: persisted between sessions', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  async function sqliteIndexStore(dir: string) {
    const env = { LANTERN_CACHE_DIR: dir };
    const problems: string[] = [];
    const store = new IndexStore<FileFacts>(
      () => openStore('sqlite', 'lantern-index', env),
      join(dir, 'cache.sqlite'),
      (message) => problems.push(message),
    );
    return { store, problems };
  }

  it('a restart reads facts from the store instead of parsing; only a changed file is parsed again', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'lantern-index-cache-'));
    dirs.push(cacheDir);
    const root = writeProject({
      'src/a.ts': SOURCE,
      'src/b.ts': 'export const b = 1;\n',
      'pkg/c.py': 'class C:\n    pass\n',
    });
    const first = await sqliteIndexStore(cacheDir);
    const cold = await indexedProject(root, { store: first.store });
    expect(cold.summary).toMatchObject({ files: 3, parsed: 3, fromStore: 0, failed: 0 });

    // A new session: a new index and a new connection to the same file.
    const second = await sqliteIndexStore(cacheDir);
    const warm = await indexedProject(root, { store: second.store });
    expect(warm.summary).toMatchObject({ files: 3, parsed: 0, fromStore: 3 });
    expect(warm.index.facts(join(root, 'pkg', 'c.py'))).toEqual(cold.index.facts(join(root, 'pkg', 'c.py')));

    writeFileSync(join(root, 'src', 'b.ts'), 'export const b = 2;\nexport function f() {}\n');
    mkdirSync(join(root, 'src', 'more'));
    writeFileSync(join(root, 'src', 'more', 'copy.ts'), SOURCE); // same content as a.ts: known by its hash
    const third = await sqliteIndexStore(cacheDir);
    const changed = await indexedProject(root, { store: third.store });
    expect(changed.summary).toMatchObject({ files: 4, parsed: 1, fromStore: 3 });
    expect(changed.index.facts(join(root, 'src', 'b.ts'))?.units.map((unit) => unit.name)).toEqual(['f']);
    expect([...first.problems, ...second.problems, ...third.problems]).toEqual([]);
  });

  it('facts an older Lantern stored in another shape are parsed again, not trusted', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'lantern-index-cache-'));
    dirs.push(cacheDir);
    const root = writeProject({ 'a.ts': SOURCE });
    const { store } = await sqliteIndexStore(cacheDir);
    const cold = await indexedProject(root, { store });
    const manifest = await store.manifest(root);
    const hash = manifest?.[join(root, 'a.ts')]?.[2] as string;
    await store.saveFacts([
      { hash, facts: { factsVersion: 0, units: 'not a list' } as unknown as FileFacts },
    ]);
    const again = await indexedProject(root, { store });
    expect(again.summary).toMatchObject({ parsed: 1, fromStore: 0 });
    expect(again.index.facts(join(root, 'a.ts'))).toEqual(cold.index.facts(join(root, 'a.ts')));
  });
});
