import type Parser from 'tree-sitter';
import { type CodeUnit, type UnitShape, unitOf, unitShapesIn } from './code-units.js';
import type { LoadedLanguage } from './grammar-registry.js';

/** The units of one top-level statement, with offsets relative to the statement's start. */
type StatementUnits = readonly UnitShape[];

/**
 * Extracts a document's units statement by statement, reusing what it found for every error-free
 * top-level statement whose text (and node type) is unchanged since the last extraction. A keystroke changes
 * one statement, so after it only that statement is queried: the units query over a whole 5,000-line
 * tree costs ~15–40 ms, most of what typing cost before. Units never span top-level statements, and no
 * pattern in `units.scm` looks above its unit, so a statement's units depend on its subtree alone.
 */
export class StatementUnitCache {
  #previous = new Map<string, StatementUnits>();

  constructor(private readonly language: LoadedLanguage) {}

  /** The units of `tree` (whose text is `text`), in document order, as `extractUnits` finds them. */
  extract(tree: Parser.Tree, text: string): CodeUnit[] {
    const isPython = this.language.spec.name === 'python';
    const next = new Map<string, StatementUnits>();
    const units: CodeUnit[] = [];
    for (const statement of tree.rootNode.namedChildren) {
      const offset = statement.startIndex;
      // Error recovery depends on what surrounds a statement: a broken one may parse differently next
      // time with the same text, so only error-free statements are reused.
      const key = statement.hasError
        ? undefined
        : `${statement.type}\0${text.slice(offset, statement.endIndex)}`;
      const reused = key === undefined ? undefined : (next.get(key) ?? this.#previous.get(key));
      const shapes = reused ?? relativeShapes(statement, this.language, offset);
      if (key !== undefined) next.set(key, shapes);
      const base = units.length;
      for (const shape of shapes) {
        const placed = moved(shape, offset, base);
        units.push(unitOf(placed, () => findNode(tree, placed), isPython));
      }
    }
    this.#previous = next;
    return units;
  }
}

function relativeShapes(
  statement: Parser.SyntaxNode,
  language: LoadedLanguage,
  offset: number,
): StatementUnits {
  return unitShapesIn(statement, language).map(({ shape }) => moved(shape, -offset, 0));
}

/** A shape shifted by `delta` characters, its parent index by `base` units. */
function moved(shape: UnitShape, delta: number, base: number): UnitShape {
  return {
    ...shape,
    startIndex: shape.startIndex + delta,
    endIndex: shape.endIndex + delta,
    nameStartIndex: shape.nameStartIndex + delta,
    nameEndIndex: shape.nameEndIndex + delta,
    bodyStartIndex: shape.bodyStartIndex === undefined ? undefined : shape.bodyStartIndex + delta,
    parentIndex: shape.parentIndex === undefined ? undefined : shape.parentIndex + base,
    nodeStartIndex: shape.nodeStartIndex + delta,
    nodeEndIndex: shape.nodeEndIndex + delta,
  };
}

/** The declaration node of a unit in `tree`: the node of its type spanning exactly its range. */
function findNode(tree: Parser.Tree, shape: UnitShape): Parser.SyntaxNode {
  const deepest = tree.rootNode.descendantForIndex(shape.nodeStartIndex, shape.nodeEndIndex);
  for (let node: Parser.SyntaxNode | null = deepest; node; node = node.parent) {
    if (node.startIndex !== shape.nodeStartIndex || node.endIndex !== shape.nodeEndIndex) break;
    if (node.type === shape.nodeType) return node;
  }
  // The tree no longer holds it (the document changed after these units were listed): the closest node.
  return deepest;
}
