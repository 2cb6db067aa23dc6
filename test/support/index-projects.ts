import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { IndexStore } from '../../server/src/store/index-store.js';
import { GrammarRegistry } from '../../server/src/syntax/grammar-registry.js';
import type { FileFacts } from '../../server/src/workspace/facts/file-facts.js';
import { InlineFactsParser } from '../../server/src/workspace/index/facts-parser.js';
import { IndexBuilder } from '../../server/src/workspace/index/index-builder.js';
import type { SourceFileLimits } from '../../server/src/workspace/index/source-files.js';
import { WorkspaceIndex } from '../../server/src/workspace/index/workspace-index.js';

/** A project in a fresh temp folder with these files (path → text); returns its root. */
export function writeProject(files: Record<string, string | Buffer>, prefix = 'lantern-index-'): string {
  const root = mkdtempSync(join(tmpdir(), prefix));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

export const TEST_LIMITS: SourceFileLimits = {
  exclude: ['node_modules/'],
  maxFileBytes: 1_000_000,
  maxFiles: 10_000,
};

const registry = new GrammarRegistry();

/** An index of `root` and the builder that filled it (parsing on this thread, like the sources run). */
export async function indexedProject(
  root: string,
  options: {
    store?: IndexStore<FileFacts>;
    limits?: Partial<SourceFileLimits>;
    log?: (line: string) => void;
  } = {},
) {
  const index = new WorkspaceIndex();
  index.setRoots([root]);
  const builder = new IndexBuilder({
    index,
    parser: new InlineFactsParser(registry),
    store: options.store,
    limits: () => ({ ...TEST_LIMITS, ...options.limits }),
    log: options.log ?? (() => undefined),
  });
  const summary = await builder.crawl([root], () => undefined);
  return { index, builder, summary };
}
