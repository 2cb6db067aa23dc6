import type Parser from 'tree-sitter';
import type { GrammarRegistry } from '../../syntax/grammar-registry.js';
import { SyntaxDocument } from '../../syntax/syntax-document.js';
import { findSyntaxProblems, type SyntaxProblem } from '../../syntax/syntax-errors.js';

/** A top-level statement longer than this is not parsed on its own: the whole document is. */
const MAX_REGION_CHARS = 40_000;

/**
 * Whether text inserted at one offset keeps a document's syntax: the edit pipeline's rule (no new
 * ERROR or MISSING node, and none inside the written text that was not there before) for insertions
 * tried many times at one place, as completions are.
 *
 * Only the top-level statement around the offset is parsed, with and without the insertion: it is
 * complete on its own before the insertion, so whatever the insertion leaves open shows up inside it
 * (a missing `}`, an unterminated string), at the cost of parsing a function rather than the file. A
 * statement too long for that (a 3,000-line class), or an offset in a document whose top level is one
 * ERROR node, falls back to the whole document.
 */
export class InsertionCheck {
  readonly #regionStart: number;
  readonly #region: string;
  readonly #at: number;
  #before: readonly SyntaxProblem[] | undefined;

  constructor(
    private readonly document: SyntaxDocument,
    offset: number,
    private readonly registry: GrammarRegistry,
  ) {
    const [start, end] = regionAround(document, offset);
    this.#regionStart = start;
    this.#region = document.text.slice(start, end);
    this.#at = offset - start;
  }

  /** Whether inserting `text` at the offset adds no syntax problem. */
  keepsSyntax(text: string): boolean {
    this.#before ??= this.#problems(this.#region);
    const shift = text.length;
    const expected = new Set(
      this.#before.map((problem) => {
        const start = problem.startIndex >= this.#at ? problem.startIndex + shift : problem.startIndex;
        return `${start}:${problem.message}`;
      }),
    );
    const after = this.#problems(this.#region.slice(0, this.#at) + text + this.#region.slice(this.#at));
    if (after.length > this.#before.length) return false;
    // An error the text already had may change shape as the insertion completes part of it (the
    // ERROR around `sum(` takes in `a, b`); one starting inside the written text is new.
    const end = this.#at + shift;
    return after.every(
      (problem) =>
        problem.startIndex < this.#at ||
        problem.startIndex >= end ||
        expected.has(`${problem.startIndex}:${problem.message}`),
    );
  }

  /** Where the checked text starts in the document (for tests and the log). */
  get regionStart(): number {
    return this.#regionStart;
  }

  #problems(text: string): readonly SyntaxProblem[] {
    const { uri, languageId } = this.document;
    const parsed = new SyntaxDocument(uri, languageId, 0, text, this.registry);
    return parsed.tree ? findSyntaxProblems(parsed.tree) : [];
  }
}

/**
 * The top-level statement holding `offset`; between two, the gap with the statement before it (a
 * Python body continued on a line of its own is outside its function's node); else the whole text.
 */
function regionAround(document: SyntaxDocument, offset: number): [number, number] {
  const whole: [number, number] = [0, document.text.length];
  const root = document.tree?.rootNode;
  if (!root) return whole;
  let gapStart = 0;
  let gapEnd = document.text.length;
  for (let index = 0; index < root.childCount; index++) {
    const child = root.child(index) as Parser.SyntaxNode;
    if (child.endIndex < offset) {
      gapStart = child.startIndex;
      continue;
    }
    if (child.startIndex <= offset) {
      // At the very end of a statement, the insertion continues it (`return x` + `;`).
      if (child.type === 'ERROR') return whole;
      return child.endIndex - child.startIndex > MAX_REGION_CHARS
        ? whole
        : [child.startIndex, child.endIndex];
    }
    gapEnd = child.startIndex;
    break;
  }
  return gapEnd - gapStart > MAX_REGION_CHARS ? whole : [gapStart, gapEnd];
}
