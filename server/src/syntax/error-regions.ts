import type Parser from 'tree-sitter';

/** A stretch of text around syntax errors: whole top-level statements, as offsets. */
export interface ErrorRegion {
  readonly startIndex: number;
  readonly endIndex: number;
}

/**
 * The regions of a tree's syntax errors: for each ERROR or MISSING node, the top-level statement that
 * holds it with its neighbours on either side (an error often shows a statement or two after its cause),
 * merged where they overlap, in order. Walks with a cursor, only into subtrees that have an error.
 */
export function errorRegions(tree: Parser.Tree): ErrorRegion[] {
  const root = tree.rootNode;
  if (!root.hasError) return [];
  if (root.type === 'ERROR') return [{ startIndex: root.startIndex, endIndex: root.endIndex }];
  const regions: ErrorRegion[] = [];
  let statement = root.firstChild;
  while (statement) {
    if (statement.hasError) {
      const previous = statement.previousSibling ?? statement;
      const next = statement.nextSibling ?? statement;
      const last = regions[regions.length - 1];
      if (last && previous.startIndex <= last.endIndex) {
        regions[regions.length - 1] = { startIndex: last.startIndex, endIndex: next.endIndex };
      } else {
        regions.push({ startIndex: previous.startIndex, endIndex: next.endIndex });
      }
    }
    statement = statement.nextSibling;
  }
  return regions;
}
