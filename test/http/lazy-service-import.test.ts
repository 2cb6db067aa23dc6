import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/paths.js';

const BUNDLE = join(REPO_ROOT, 'dist', 'bundle');
// A static import at the top of a module: `import … from "x";` or `import "x";` (not `import("x")`).
const STATIC_IMPORT = /^import\s+(?:[^'"]*?\s+from\s+)?["']([^"']+)["'];?$/gm;

/** Every module the bundled file loads before it runs: its static imports, followed through local chunks. */
function staticallyLoaded(file: string, seen = new Set<string>()): Set<string> {
  for (const match of readFileSync(join(BUNDLE, file), 'utf8').matchAll(STATIC_IMPORT)) {
    const specifier = match[1] as string;
    if (seen.has(specifier)) continue;
    seen.add(specifier);
    if (specifier.startsWith('./')) staticallyLoaded(specifier.slice(2), seen);
  }
  return seen;
}

describe('the CLI loads the service front only for lantern serve', () => {
  it('no static import of Fastify or pino from the lantern bundle (the other commands never pay for it)', () => {
    const loaded = [...staticallyLoaded('lantern.mjs')];
    expect(loaded.length).toBeGreaterThan(0);
    expect(loaded.filter((name) => /^(fastify|@fastify\/|pino|prom-client)/.test(name))).toEqual([]);
    // …and the serve command does reach it, through a dynamic import.
    expect(readFileSync(join(BUNDLE, 'lantern.mjs'), 'utf8')).toMatch(
      /await import\(["']\.\/shared-[\w-]+\.mjs["']\)/,
    );
  });
});
