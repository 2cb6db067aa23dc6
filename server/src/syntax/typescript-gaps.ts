import type Parser from 'tree-sitter';
import { errorRegions } from './error-regions.js';
import { REWRITE_KINDS, type RewriteKind } from './typescript-rewrites.js';

/**
 * tree-sitter-typescript 0.23.2 (the newest on npm) rejects some TypeScript that tsc accepts (variance
 * annotations, newline-separated generic call signatures: see typescript-rewrites.ts). Lantern parses a
 * view of the text in which each such construct is rewritten, at the same length and never touching a
 * newline, into one the grammar knows: every offset, row and column of the view is the text's, LSP edits
 * apply to both alike, and nodes still read their text from the document.
 *
 * Rewrites are tried only where the parse has an error (most files have none and pay nothing), and kept
 * only where the new tree shows the construct they are for; a rewrite that does not fit is remembered as
 * rejected, so that later keystrokes do not try it again. Both move with edits; an edit that touches one
 * drops it, and an applied rewrite inside what a reparse changed is checked again.
 */
/** How many times one parse looks for new rewrites; each look that finds some costs a reparse. */
const MAX_ROUNDS = 3;

/**
 * Rewrites closer than this (in characters) are one edit of the tree: reparsing the text between them
 * costs less than another edit once the binding holds many nodes.
 */
const EDIT_GAP = 4_000;

const NOTHING_TRIED: { tried: Rewrite[]; replaced: Rewrite[] } = { tried: [], replaced: [] };

interface Rewrite {
  readonly index: number;
  /** What the view shows instead of the text there; same length. */
  readonly replacement: string;
  readonly kind: RewriteKind;
  /** Tried and found not to fit the tree: never applied, not tried again while it stands. */
  readonly rejected: boolean;
  /** For a rejected rewrite: the statement it was judged in, as it read then. */
  readonly judgedIn?: string;
}

/** Keeps the rewrites of one document and produces the trees of its text through them. */
export class TypeScriptGaps {
  /** Sorted by index; never overlapping. */
  #rewrites: Rewrite[] = [];

  /**
   * Moves the rewrites with an edit of the text (`[startIndex, oldEndIndex)` became
   * `[startIndex, newEndIndex)`); those it overlaps are dropped, to be tried again if still needed.
   */
  edit(startIndex: number, oldEndIndex: number, newEndIndex: number): void {
    if (this.#rewrites.length === 0) return;
    const delta = newEndIndex - oldEndIndex;
    const kept: Rewrite[] = [];
    for (const rewrite of this.#rewrites) {
      if (rewrite.index + rewrite.replacement.length <= startIndex) kept.push(rewrite);
      else if (rewrite.index >= oldEndIndex) kept.push({ ...rewrite, index: rewrite.index + delta });
    }
    this.#rewrites = kept;
  }

  /** Forgets every rewrite (the whole text was replaced). */
  reset(): void {
    this.#rewrites = [];
  }

  /** The text as the parser sees it. */
  view(text: string): string {
    let view = '';
    let from = 0;
    for (const rewrite of this.#rewrites) {
      // Two kinds never match overlapping text; if they ever did, the first wins.
      if (rewrite.rejected || rewrite.index < from) continue;
      view += text.slice(from, rewrite.index) + rewrite.replacement;
      from = rewrite.index + rewrite.replacement.length;
    }
    return from === 0 ? text : view + text.slice(from);
  }

  /**
   * Parses `text` (incrementally from `oldTree`, already edited) through the rewrites, tries new ones
   * where the tree has errors, and returns a tree whose nodes read their text from `text`.
   */
  parse(parser: Pick<Parser, 'parse'>, text: string, oldTree: Parser.Tree | undefined): Parser.Tree {
    // A first parse has no tree to find errors in: every rewrite the text may need is applied at once
    // and checked after (parsing a file again for each round would double the time to open it).
    if (!oldTree) this.#rewrites = candidatesIn(text, 0, text.length, new Map());
    let tree = parser.parse(this.view(text), oldTree);
    // A rejection stands while the statement it was judged in reads the same: once it changes (the
    // user finished a line, or undid the stray `<` that broke the whole file), the rewrite is tried again.
    if (this.#rewrites.some((rewrite) => rewrite.rejected)) {
      this.#rewrites = this.#rewrites.filter(
        (rewrite) => !rewrite.rejected || statementText(tree, rewrite.index) === rewrite.judgedIn,
      );
    }
    // Rewrites whose view changed since the last parse: the tree must be edited there and reparsed.
    let pending = oldTree
      ? this.#recheck(tree, oldTree)
      : // Those that need a tree to be judged have not been tried yet: misfits are tried again.
        this.#settle(tree, this.#rewrites, tree.rootNode.hasError ? 'forget' : 'reject');
    // A rewrite can uncover another (an escape that ended a template type early hid the next one), so
    // new ones are looked for again after each reparse, a few rounds at most.
    for (let round = 1; ; round++) {
      const { tried, replaced } =
        round <= MAX_ROUNDS && tree.rootNode.hasError ? this.#tryNew(text, tree) : NOTHING_TRIED;
      if (pending.length === 0 && tried.length === 0) break;
      tree = this.#reparse(parser, text, tree, [...pending, ...replaced, ...tried]);
      pending = this.#settle(tree, tried, round < MAX_ROUNDS ? 'forget if others fitted' : 'reject');
    }
    // Nodes read their text through `tree.input`: the document's text, not the view.
    (tree as unknown as { input: string }).input = text;
    return tree;
  }

  /**
   * Undoes the rewrites just tried that do not fit `tree` and returns them (the view changed there).
   * They are remembered as rejected, or forgotten, to be tried again in another round: when others
   * fitted, what those fixed may be what made these misfit.
   */
  #settle(
    tree: Parser.Tree,
    tried: readonly Rewrite[],
    misfits: 'reject' | 'forget' | 'forget if others fitted',
  ): Rewrite[] {
    const undone = new Set(tried.filter((rewrite) => !fits(tree, rewrite)));
    if (undone.size === 0) return [];
    const forget = misfits === 'forget' || (misfits !== 'reject' && undone.size < tried.length);
    this.#rewrites = forget
      ? this.#rewrites.filter((rewrite) => !undone.has(rewrite))
      : this.#rewrites.map((rewrite) =>
          undone.has(rewrite)
            ? { ...rewrite, rejected: true, judgedIn: statementText(tree, rewrite.index) }
            : rewrite,
        );
    return [...undone];
  }

  /**
   * Inside the ranges an incremental parse changed: applied rewrites that no longer fit are dropped
   * (returned: the view changed there), and rejections are forgotten, to be tried again if an error
   * is still there (what made them misfit, a half-typed line say, may be gone).
   */
  #recheck(tree: Parser.Tree, oldTree: Parser.Tree): Rewrite[] {
    // Most documents have no rewrites: they pay nothing, not even the comparison of the trees.
    if (this.#rewrites.length === 0) return [];
    const ranges = oldTree.getChangedRanges(tree);
    if (ranges.length === 0) return [];
    const dropped: Rewrite[] = [];
    this.#rewrites = this.#rewrites.filter((rewrite) => {
      const end = rewrite.index + rewrite.replacement.length;
      const touches = (range: Parser.Range) => rewrite.index <= range.endIndex && end >= range.startIndex;
      if (rewrite.rejected) return true;
      if (!ranges.some(touches)) return true;
      if (fits(tree, rewrite)) return true;
      dropped.push(rewrite);
      return false;
    });
    return dropped;
  }

  /**
   * Adds the rewrites the tree's error regions call for that have not been tried; returns them, and
   * the rewrites they replace (same place, another span: `in out K` where an edit had left `in o,ut K`).
   */
  #tryNew(text: string, tree: Parser.Tree): { tried: Rewrite[]; replaced: Rewrite[] } {
    const known = new Map(this.#rewrites.map((rewrite) => [rewrite.index, rewrite.replacement.length]));
    const tried = errorRegions(tree).flatMap((region) =>
      candidatesIn(text, region.startIndex, region.endIndex, known, tree),
    );
    if (tried.length === 0) return NOTHING_TRIED;
    const at = new Set(tried.map((rewrite) => rewrite.index));
    const replaced = this.#rewrites.filter((rewrite) => at.has(rewrite.index));
    this.#rewrites = [...this.#rewrites.filter((rewrite) => !at.has(rewrite.index)), ...tried].sort(
      (a, b) => a.index - b.index,
    );
    return { tried, replaced };
  }

  /**
   * Reparses after the view changed at `changed` (same lengths: each is an edit in place). Nearby
   * rewrites are told to the tree as one edit: each `tree.edit` costs the binding a pass over every
   * node object it has handed out, and the first parse of a dual-style file changes hundreds of places.
   */
  #reparse(
    parser: Pick<Parser, 'parse'>,
    text: string,
    tree: Parser.Tree,
    changed: readonly Rewrite[],
  ): Parser.Tree {
    const points = new LinePoints(text);
    const sorted = [...changed].sort((a, b) => a.index - b.index);
    for (let first = 0; first < sorted.length; ) {
      const start = (sorted[first] as Rewrite).index;
      let end = start;
      let next = first;
      for (; next < sorted.length && (sorted[next] as Rewrite).index <= end + EDIT_GAP; next++) {
        const rewrite = sorted[next] as Rewrite;
        end = Math.max(end, rewrite.index + rewrite.replacement.length);
      }
      const startPosition = points.at(start);
      const endPosition = points.at(end);
      tree.edit({
        startIndex: start,
        oldEndIndex: end,
        newEndIndex: end,
        startPosition,
        oldEndPosition: endPosition,
        newEndPosition: endPosition,
      });
      first = next;
    }
    return parser.parse(this.view(text), tree);
  }
}

/** The text of the top-level statement (or ERROR) that holds `index`. */
function statementText(tree: Parser.Tree, index: number): string {
  let node = tree.rootNode.descendantForIndex(index);
  while (node.parent?.parent) node = node.parent;
  return node.text;
}

/**
 * The rewrites the text between `startIndex` and `endIndex` may need, in order, skipping those `known`
 * (offset → length; adding theirs). Without a tree, only the kinds that need none to be judged worth trying.
 */
function candidatesIn(
  text: string,
  startIndex: number,
  endIndex: number,
  known: Map<number, number>,
  tree?: Parser.Tree,
): Rewrite[] {
  const found: Rewrite[] = [];
  const slice = text.slice(startIndex, endIndex);
  for (const kind of REWRITE_KINDS) {
    if (kind.worthTrying && !tree) continue;
    for (const match of slice.matchAll(kind.pattern)) {
      const span = match[1] ?? match[0];
      const index = startIndex + match.index + match[0].length - span.length;
      if (known.get(index) === span.length || (kind.plausible && !kind.plausible(text, index))) continue;
      if (tree && kind.worthTrying && !kind.worthTrying(tree, index)) continue;
      known.set(index, span.length);
      found.push({ index, replacement: kind.replacement(span), kind, rejected: false });
    }
  }
  return found.sort((a, b) => a.index - b.index);
}

// Text inside these changes nothing about the tree's shape, whatever the view shows there (JSX text
// does: a `;` in it is a text node where blanks were none).
const INERT = new Set(['comment', 'string_fragment', 'string', 'template_string', 'regex_pattern']);

/**
 * Whether the tree shows the construct a rewrite is for, or the rewrite is inside a comment, string or
 * regex, where it changes nothing (and undoing it would cost a reparse).
 */
function fits(tree: Parser.Tree, rewrite: Rewrite): boolean {
  if (rewrite.kind.fits(tree, rewrite.index, rewrite.replacement.length)) return true;
  return INERT.has(tree.rootNode.descendantForIndex(rewrite.index, rewrite.index + 1).type);
}

/** tree-sitter's points (row by `\n`, column in UTF-16 units) of ascending offsets, in one pass. */
class LinePoints {
  #row = 0;
  #lineStart = 0;
  #next: number;

  constructor(private readonly text: string) {
    this.#next = text.indexOf('\n');
  }

  /** The point of `offset`; offsets must come in ascending order. */
  at(offset: number): Parser.Point {
    while (this.#next !== -1 && this.#next < offset) {
      this.#row++;
      this.#lineStart = this.#next + 1;
      this.#next = this.text.indexOf('\n', this.#lineStart);
    }
    return { row: this.#row, column: offset - this.#lineStart };
  }
}
