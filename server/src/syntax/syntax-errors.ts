import type Parser from 'tree-sitter';
import { isKnownGrammarGap } from './known-gap-guard.js';
import type { SyntaxDocument } from './syntax-document.js';

/** A syntax error found in a tree, with a message a person can act on. */
export interface SyntaxProblem {
  readonly startIndex: number;
  readonly endIndex: number;
  readonly message: string;
  /** For a missing token: the token to insert (at `startIndex`) to fix it. */
  readonly missingToken: string | undefined;
}

const MAX_SNIPPET = 30;

/**
 * Finds ERROR and MISSING nodes. Walks with a cursor, not recursion (20,000 nested brackets must not
 * overflow the stack), and only into subtrees that contain an error. An ERROR node is reported once,
 * with the first thing in it that did not fit; MISSING nodes are reported wherever they are.
 */
export function findSyntaxProblems(tree: Parser.Tree, limit = 100): SyntaxProblem[] {
  const problems: SyntaxProblem[] = [];
  if (!tree.rootNode.hasError) return problems;
  const cursor = tree.walk();
  let insideError = 0; // depth counter: ERROR nodes we are inside
  const errorDepths: number[] = [];
  let depth = 0;
  for (;;) {
    const node = cursor.currentNode;
    // The grammar's gaps in valid TypeScript are not reported, nor anything inside them.
    const gap = (node.isMissing || node.type === 'ERROR') && isKnownGrammarGap(node);
    if (gap) {
      // neither reported nor entered
    } else if (node.isMissing) {
      problems.push(missingProblem(node));
    } else if (node.type === 'ERROR' && insideError === 0) {
      problems.push(unexpectedProblem(node));
    }
    if (problems.length >= limit) break;
    const descend = !gap && node.hasError && node.childCount > 0;
    if (descend && cursor.gotoFirstChild()) {
      if (node.type === 'ERROR') {
        insideError++;
        errorDepths.push(depth);
      }
      depth++;
      continue;
    }
    // Move to the next sibling, climbing as needed.
    for (;;) {
      if (cursor.gotoNextSibling()) break;
      if (!cursor.gotoParent()) return problems;
      depth--;
      if (errorDepths[errorDepths.length - 1] === depth) {
        errorDepths.pop();
        insideError--;
      }
    }
  }
  return problems;
}

function missingProblem(node: Parser.SyntaxNode): SyntaxProblem {
  // An anonymous missing node is a literal token (`)`, `;`); a named one is a construct (identifier).
  const token = node.isNamed ? undefined : node.type;
  const message = token ? `missing \`${token}\`` : `missing ${humanize(node.type)}`;
  return { startIndex: node.startIndex, endIndex: node.endIndex, message, missingToken: token };
}

function unexpectedProblem(node: Parser.SyntaxNode): SyntaxProblem {
  const text = node.text;
  const firstLine = text.split('\n', 1)[0] ?? '';
  const snippet = firstLine.trim();
  const shown = snippet.length > MAX_SNIPPET ? `${snippet.slice(0, MAX_SNIPPET)}…` : snippet;
  const where = node.parent && node.parent.type !== 'ERROR' ? contextOf(node.parent) : '';
  const message = shown === '' ? `unexpected end of input${where}` : `unexpected \`${shown}\`${where}`;
  // Underline the first line only: a multi-line ERROR would paint half the file red.
  const leading = firstLine.length - firstLine.trimStart().length;
  const start = node.startIndex + leading;
  return {
    startIndex: start,
    endIndex: start + Math.max(1, snippet.length),
    message,
    missingToken: undefined,
  };
}

function contextOf(parent: Parser.SyntaxNode): string {
  if (parent.type === 'program' || parent.type === 'module') return '';
  return ` in ${humanize(parent.type)}`;
}

function humanize(type: string): string {
  return type.replace(/_/g, ' ');
}

/**
 * The syntax problems Lantern reports to a user (diagnostics, missing-token fixes, `lantern fix`): none
 * for a language whose grammar parses before the preprocessor, where an ERROR may be valid code built
 * with macros. Edits are still checked with `findSyntaxProblems` itself (no new problem allowed).
 */
export function reportedSyntaxProblems(document: SyntaxDocument, limit?: number): SyntaxProblem[] {
  const tree = document.tree;
  if (!tree || document.language?.spec.parsesBeforePreprocessor) return [];
  return findSyntaxProblems(tree, limit);
}
