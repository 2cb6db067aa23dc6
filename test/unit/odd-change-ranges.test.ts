import type Parser from 'tree-sitter';
import { describe, expect, it } from 'vitest';
import { ODD_RANGE_CASES, ODD_RANGE_TEXT } from '../support/odd-range-changes.js';
import { nodeSpans, openDocument, treeOf } from '../support/syntax-documents.js';

function shapeOf(tree: Parser.Tree) {
  return { sexp: tree.rootNode.toString(), nodes: nodeSpans(tree) };
}

describe('SyntaxDocument.applyChanges with odd ranges', () => {
  it.each(ODD_RANGE_CASES)(
    '$what: the text is normalised and the tree follows it',
    ({ change, expected }) => {
      const document = openDocument('python', ODD_RANGE_TEXT);
      document.units(); // derived facts computed before the change must not survive it
      document.applyChanges([change], 2);
      expect(document.text).toBe(expected);
      const fresh = openDocument('python', expected);
      expect(shapeOf(treeOf(document))).toEqual(shapeOf(treeOf(fresh)));
      expect(document.units().map((unit) => [unit.name, unit.startIndex, unit.endIndex])).toEqual(
        fresh.units().map((unit) => [unit.name, unit.startIndex, unit.endIndex]),
      );
    },
  );
});
