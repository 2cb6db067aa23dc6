import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  definitionFiles,
  hoverText,
  modelSessionsPerTest,
  PROVIDERS,
  promptOf,
} from '../support/model-session.js';
import { FIXTURES_DIR, REPO_ROOT } from '../support/paths.js';

const ANSWER = 'Totals the order through helpers from other files.';

/**
 * A unit that calls functions imported from other files of its project, and what of those files the
 * prompt must carry. The whole prompt is also the golden file the unit tests check the context builder
 * against (test/unit/unit-context.test.ts): the server assembles the same context from an open buffer
 * and the workspace on disk as the builder does from files.
 */
const CASES = [
  {
    project: 'ts-shop',
    file: 'src/orders/checkout.ts',
    languageId: 'typescript',
    unit: 'checkoutTotal',
    golden: 'explain-ts-function.md',
    // A relative import (`../money/format.js`) and a path alias from tsconfig (`@/tax/rates`).
    imported: [
      ['../money/format.ts', "export function formatPrice(cents: number, currency = '$'): string;"],
      ['../tax/rates.ts', 'return RATES[region];'],
    ],
  },
  {
    project: 'py-shop',
    file: 'src/shop/reports/summary.py',
    languageId: 'python',
    unit: 'summary_line',
    golden: 'explain-python-function.md',
    // A relative import from a sibling package and a package at the workspace root.
    imported: [
      ['../billing/invoice.py', 'return f"{year}-{order.region.upper()}-{id(order) % 10000:04d}"'],
      ['../../../helpers/text.py', 'return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")'],
    ],
  },
] as const;

describe.each(PROVIDERS)('explain with definitions from other files (%s)', (provider) => {
  const model = modelSessionsPerTest(provider);

  it.each(CASES)(
    '$project: hovering $unit sends the imported definitions and their paths',
    async ({ project, file, languageId, unit, golden, imported }) => {
      const root = join(FIXTURES_DIR, 'projects', project);
      model.fake.script({ kind: 'text', text: ANSWER });
      const { session } = await model.start({
        client: { rootUri: pathToFileURL(root).href },
        traceName: `explain-cross-file-${project}`,
      });
      const uri = pathToFileURL(join(root, file)).href;
      const text = readFileSync(join(root, file), 'utf8');
      await session.open(uri, languageId, text);
      const lines = text.split('\n');
      const line = lines.findIndex(
        (candidate) => /^\s*(export function|def) /.test(candidate) && candidate.includes(unit),
      );
      const position = { line, character: (lines[line] ?? '').indexOf(unit) };

      expect(await hoverText(session, uri, position)).toContain(ANSWER);
      const { user } = promptOf(await model.fake.waitForRequests(1));
      for (const [path, definitionLine] of imported) {
        expect(definitionFiles(user)).toContain(path);
        expect(user).toContain(definitionLine);
      }
      expect(user).toBe(readFileSync(join(REPO_ROOT, 'test', 'golden', golden), 'utf8').trimEnd());
    },
  );
});
