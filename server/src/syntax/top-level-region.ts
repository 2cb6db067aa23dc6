import type Parser from 'tree-sitter';
import type { SyntaxDocument } from './syntax-document.js';

/**
 * Top-level code outside every unit that a fix may rewrite as a whole: the run of import statements
 * around a problem, or the one top-level statement it is in.
 */
export interface TopLevelRegion {
  readonly kind: 'imports' | 'statement';
  readonly startIndex: number;
  readonly endIndex: number;
  /** How a prompt and the user name it: "the imports at lines 1–2", "the statement at line 4". */
  readonly description: string;
}

// A longer "statement" is a script's whole body or a broken parse swallowing the file: rewriting it
// would not be a fix of one problem any more.
const MAX_REGION_LINES = 40;

/**
 * The region a fix for a problem at `offset` may change when the problem is in no unit, or undefined:
 * on a comment or blank line, in a statement that overlaps a unit (the unit pipeline owns
 * that code), or in a region too long to be one statement.
 */
export function topLevelRegionAt(document: SyntaxDocument, offset: number): TopLevelRegion | undefined {
  const children = document.tree?.rootNode.namedChildren ?? [];
  // A problem reported at a statement's very end (a missing `;`) belongs to that statement.
  const index = [
    children.findIndex((child) => child.startIndex <= offset && offset < child.endIndex),
    children.findIndex((child) => child.endIndex === offset),
  ].find((candidate) => candidate !== -1);
  const node = index === undefined ? undefined : children[index];
  if (index === undefined || !node || node.type === 'comment') return undefined;
  const importStarts = new Set(document.imports().map((statement) => statement.startIndex));
  const isImport = (child: Parser.SyntaxNode | undefined) =>
    child !== undefined && importStarts.has(child.startIndex);
  const kind = isImport(node) ? 'imports' : 'statement';
  // An import takes the imports next to it, with nothing but blank lines between them.
  const joinsNext = (at: number) => {
    const left = children[at];
    const right = children[at + 1];
    return (
      isImport(left) &&
      isImport(right) &&
      document.text.slice(left?.endIndex, right?.startIndex).trim() === ''
    );
  };
  let first = index;
  let last = index;
  while (kind === 'imports' && first > 0 && joinsNext(first - 1)) first--;
  while (kind === 'imports' && joinsNext(last)) last++;
  const startIndex = children[first]?.startIndex ?? node.startIndex;
  const endIndex = children[last]?.endIndex ?? node.endIndex;
  if (document.units().some((unit) => unit.startIndex < endIndex && unit.endIndex > startIndex))
    return undefined;
  const from = document.textDocument.positionAt(startIndex).line + 1;
  const to = document.textDocument.positionAt(endIndex).line + 1;
  if (to - from + 1 > MAX_REGION_LINES) return undefined;
  const lines = from === to ? `line ${from}` : `lines ${from}–${to}`;
  const noun = kind === 'imports' ? (first === last ? 'import' : 'imports') : 'statement';
  return { kind, startIndex, endIndex, description: `the ${noun} at ${lines}` };
}
