import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LspSession } from '../support/lsp-session.js';
import { ODD_RANGE_CASES, ODD_RANGE_TEXT } from '../support/odd-range-changes.js';

/**
 * A `didChange` with an odd range (see odd-range-changes.ts) over the real protocol: afterwards the
 * outline and the hovers are those of a document opened with the text the change leaves, so the tree
 * the server answers from is the tree of its text.
 */
type Hover = { contents: { value: string } } | null;

describe('didChange with odd ranges', () => {
  let session: LspSession;
  beforeAll(async () => {
    session = await LspSession.start({ traceName: 'odd-change-ranges' });
  });
  afterAll(async () => {
    await session.close();
  });

  /** Outline, and a hover on every line's first word, of a document. */
  async function structureOf(uri: string, text: string) {
    const textDocument = { uri };
    const outline = await session.request('textDocument/documentSymbol', { textDocument });
    const hovers: Hover[] = [];
    for (const [line, content] of text.split('\n').entries()) {
      const character = content.search(/\w/);
      if (character === -1) continue;
      hovers.push(
        await session.request<Hover>('textDocument/hover', { textDocument, position: { line, character } }),
      );
    }
    return { outline, hovers };
  }

  it.each(ODD_RANGE_CASES.map((item, index) => ({ ...item, index })))(
    '$what',
    async ({ change, expected, index }) => {
      const changed = `file:///w/changed-${index}.py`;
      await session.open(changed, 'python', ODD_RANGE_TEXT);
      const version = await session.change(changed, [change]);
      await session.diagnosticsFor(changed, version);
      const reference = `file:///w/reference-${index}.py`;
      await session.open(reference, 'python', expected);
      await session.diagnosticsFor(reference, 1);
      const actual = await structureOf(changed, expected);
      expect(JSON.stringify(actual).replaceAll(changed, reference)).toBe(
        JSON.stringify(await structureOf(reference, expected)),
      );
    },
  );
});
