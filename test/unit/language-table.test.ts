import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writesTestsFor } from '../../server/src/agent/generate/test-layout.js';
import { allLanguages } from '../../server/src/syntax/languages.js';
import { REPO_ROOT } from '../support/paths.js';

/** The README's language table, as rows of cells (header and separator left out). */
function tableRows(): string[][] {
  const lines = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8').split('\n');
  const start = lines.findIndex((line) => line.startsWith('<!-- language-table:'));
  const end = lines.findIndex((line) => line.startsWith('<!-- language-table: end'));
  return lines.slice(start + 3, end).map((line) =>
    line
      .replace(/^\||\|$/g, '')
      .split(' | ')
      .map((cell) => cell.trim()),
  );
}

const COLUMNS = [
  'Language',
  'Files',
  'Outline, symbols, hover',
  'Explain',
  'Fix',
  'Generate',
  'Docstrings',
  'Tests',
];

describe('the README language table says what each language gets', () => {
  const rows = tableRows();
  const rowOf = (displayName: string) =>
    rows.find((cells) => cells[0]?.split(/,\s*|\s+\(/).includes(displayName));

  it('has a row for every language with a grammar, listing its extensions', () => {
    for (const spec of allLanguages()) {
      const row = rowOf(spec.displayName);
      expect(row, `no row for ${spec.displayName}`).toBeDefined();
      expect(row).toHaveLength(COLUMNS.length);
      // The extensions shown are the spec's (a long list may end in "…").
      const shown = [...(row?.[1] ?? '').matchAll(/`(\.[^`]+)`/g)].map((match) => match[1]);
      const known = allLanguages()
        .filter((other) => rowOf(other.displayName) === row)
        .flatMap((other) => other.extensions);
      expect(shown.filter((extension) => !known.includes(extension ?? ''))).toEqual([]);
    }
  });

  it('offers tests exactly where Lantern writes them', () => {
    for (const spec of allLanguages()) {
      const tests = rowOf(spec.displayName)?.[7];
      expect(tests === '—', `${spec.displayName}: ${tests}`).toBe(!writesTestsFor(spec.name));
    }
  });

  it('ends with the row for every other language', () => {
    const last = rows.at(-1) ?? [];
    expect(last[0]).toContain('any other `languageId`');
    expect(last[2]).toContain('no grammar');
    expect(last).toHaveLength(COLUMNS.length);
  });
});
