import type Parser from 'tree-sitter';
import type { CodeUnit } from '../../server/src/syntax/code-units.js';
import { GrammarRegistry } from '../../server/src/syntax/grammar-registry.js';
import type { LanguageName } from '../../server/src/syntax/languages.js';
import { SyntaxDocument } from '../../server/src/syntax/syntax-document.js';

/** The LSP languageId and a file URI for each language Lantern parses. */
export const LANGUAGE_FIXTURES: Record<LanguageName, { languageId: string; uri: string }> = {
  typescript: { languageId: 'typescript', uri: 'file:///w/sample.ts' },
  tsx: { languageId: 'typescriptreact', uri: 'file:///w/sample.tsx' },
  javascript: { languageId: 'javascript', uri: 'file:///w/sample.js' },
  python: { languageId: 'python', uri: 'file:///w/sample.py' },
  go: { languageId: 'go', uri: 'file:///w/sample.go' },
  rust: { languageId: 'rust', uri: 'file:///w/sample.rs' },
  java: { languageId: 'java', uri: 'file:///w/Sample.java' },
  c: { languageId: 'c', uri: 'file:///w/sample.c' },
  cpp: { languageId: 'cpp', uri: 'file:///w/sample.cpp' },
  ruby: { languageId: 'ruby', uri: 'file:///w/sample.rb' },
  csharp: { languageId: 'csharp', uri: 'file:///w/Sample.cs' },
};

// Grammars load once per registry; one registry per test file keeps the files independent.
const registry = new GrammarRegistry();

/** The registry behind `openDocument`, for tests that parse on their own. */
export function testRegistry(): GrammarRegistry {
  return registry;
}

/** A syntax document of `text` in `language`, at version 1. */
export function openDocument(language: LanguageName, text: string): SyntaxDocument {
  const { languageId, uri } = LANGUAGE_FIXTURES[language];
  return new SyntaxDocument(uri, languageId, 1, text, registry);
}

/** The tree of a document, failing loudly when it has none. */
export function treeOf(document: SyntaxDocument): Parser.Tree {
  const tree = document.tree;
  if (!tree) throw new Error(`no tree: ${document.skipReason ?? 'unknown reason'}`);
  return tree;
}

/** The one unit called `name` (the `nth` of that name, in document order). */
export function unitNamed(document: SyntaxDocument, name: string, nth = 0): CodeUnit {
  const unit = document.units().filter((candidate) => candidate.name === name)[nth];
  if (!unit) {
    const names = document.units().map((candidate) => candidate.name);
    throw new Error(`no unit '${name}' (#${nth}); units: ${names.join(', ')}`);
  }
  return unit;
}

/** The text a unit covers. */
export function unitText(document: SyntaxDocument, unit: CodeUnit): string {
  return document.text.slice(unit.startIndex, unit.endIndex);
}

/** One node of a tree as a comparable record: what it is and exactly where. */
export interface NodeSpan {
  readonly type: string;
  readonly startIndex: number;
  readonly endIndex: number;
  readonly start: string;
  readonly end: string;
}

/**
 * Every node of a tree (named and anonymous, MISSING included) in pre-order, with its offsets and
 * points. Walks with a cursor: the trees under test may be thousands of levels deep.
 */
export function nodeSpans(tree: Parser.Tree): NodeSpan[] {
  const spans: NodeSpan[] = [];
  const cursor = tree.walk();
  for (;;) {
    const node = cursor.currentNode;
    spans.push({
      type: node.isMissing ? `MISSING ${node.type}` : node.type,
      startIndex: node.startIndex,
      endIndex: node.endIndex,
      start: `${node.startPosition.row}:${node.startPosition.column}`,
      end: `${node.endPosition.row}:${node.endPosition.column}`,
    });
    if (cursor.gotoFirstChild()) continue;
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) return spans;
    }
  }
}
