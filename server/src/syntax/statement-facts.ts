import type Parser from 'tree-sitter';
import { type ImportStatement, importsIn } from './calls-and-imports.js';
import { type CodeUnit, type UnitShape, unitOf, unitShapesIn } from './code-units.js';
import type { LoadedLanguage } from './grammar-registry.js';

/**
 * Facts found statement by statement (units, imports), reusing what was found for every error-free
 * top-level statement whose text (and node type) is unchanged since the last extraction. A keystroke
 * changes one statement, so after it only that statement is queried: a query over a whole 5,000-line
 * tree costs ~15–40 ms, most of what typing cost before. It holds because units and imports never
 * span top-level statements, and no pattern in `units.scm` or `imports.scm` looks above its match.
 */
class PerStatementCache<Fact> {
  #previous = new Map<string, readonly Fact[]>();

  /** `find` gives a statement's facts with offsets relative to the statement's start. */
  constructor(private readonly find: (statement: Parser.SyntaxNode) => readonly Fact[]) {}

  /** Calls `place` for each top-level statement of `tree` (whose text is `text`), in order. */
  forEachStatement(
    tree: Parser.Tree,
    text: string,
    place: (facts: readonly Fact[], statementStart: number) => void,
  ): void {
    const next = new Map<string, readonly Fact[]>();
    for (const statement of tree.rootNode.namedChildren) {
      const start = statement.startIndex;
      // Error recovery depends on what surrounds a statement: a broken one may parse differently next
      // time with the same text, so only error-free statements are reused.
      const key = statement.hasError
        ? undefined
        : `${statement.type}\0${text.slice(start, statement.endIndex)}`;
      const reused = key === undefined ? undefined : (next.get(key) ?? this.#previous.get(key));
      const facts = reused ?? detached(this.find(statement));
      if (key !== undefined) next.set(key, facts);
      place(facts, start);
    }
    this.#previous = next;
  }
}

/**
 * The facts with strings of their own. A name or signature read from the tree is a slice of the whole
 * text it was parsed from, and V8 keeps that text alive for as long as the slice lives: facts kept for
 * an unchanged statement across edits kept one copy of the document per edit that produced them (102 MB
 * of old texts of effect's 1.2 MB Schema.ts after 600 edits, where the document needs 10 MB). Copied
 * here, only the statements that changed pay for it.
 */
function detached<Fact>(facts: readonly Fact[]): readonly Fact[] {
  return structuredClone(facts);
}

/** A document's units, re-extracted only for the statements that changed (see PerStatementCache). */
export class StatementUnitCache {
  readonly #cache: PerStatementCache<UnitShape>;

  constructor(private readonly language: LoadedLanguage) {
    this.#cache = new PerStatementCache((statement) =>
      unitShapesIn(statement, language).map(({ shape }) => movedUnit(shape, -statement.startIndex, 0)),
    );
  }

  /** The units of `tree` (whose text is `text`), in document order, as `extractUnits` finds them. */
  extract(tree: Parser.Tree, text: string): CodeUnit[] {
    const units: CodeUnit[] = [];
    this.#cache.forEachStatement(tree, text, (shapes, start) => {
      const base = units.length;
      for (const shape of shapes) {
        const placed = movedUnit(shape, start, base);
        units.push(unitOf(placed, () => findNode(tree, placed), this.language.spec));
      }
    });
    return units;
  }
}

/** A document's import statements, re-extracted only for the statements that changed. */
export class StatementImportCache {
  readonly #cache: PerStatementCache<ImportStatement>;

  constructor(language: LoadedLanguage) {
    this.#cache = new PerStatementCache((statement) =>
      importsIn(statement, language).map((found) => movedImport(found, -statement.startIndex)),
    );
  }

  /** The imports of `tree` (whose text is `text`), in document order, as `extractImports` finds them. */
  extract(tree: Parser.Tree, text: string): ImportStatement[] {
    const imports: ImportStatement[] = [];
    this.#cache.forEachStatement(tree, text, (found, start) => {
      for (const statement of found) imports.push(movedImport(statement, start));
    });
    return imports;
  }
}

function movedImport(statement: ImportStatement, delta: number): ImportStatement {
  return { ...statement, startIndex: statement.startIndex + delta, endIndex: statement.endIndex + delta };
}

/** A unit's shape shifted by `delta` characters, its parent index by `base` units. */
function movedUnit(shape: UnitShape, delta: number, base: number): UnitShape {
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
