import type Parser from 'tree-sitter';
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import {
  budgetedParser,
  DEFAULT_PARSE_LIMITS,
  type ParseLimits,
  ParseStopped,
  parseTimeoutReason,
  whyNotAnalysed,
} from './analysable.js';
import { type CallSite, callsWithin, type ImportStatement } from './calls-and-imports.js';
import type { CodeUnit } from './code-units.js';
import type { GrammarRegistry, LoadedLanguage } from './grammar-registry.js';
import { languageFor } from './languages.js';
import { StatementImportCache, StatementUnitCache } from './statement-facts.js';
import { afterParse } from './tree-memory.js';
import { TypeScriptGaps } from './typescript-gaps.js';

export { DEFAULT_PARSE_LIMITS, type ParseLimits } from './analysable.js';

/**
 * One open document: its text (LSP positions, UTF-16) and, for a supported language, its tree-sitter
 * tree kept up to date incrementally with `tree.edit` + reparse on every change.
 *
 * Positions: tree-sitter's Node binding counts columns and indices in UTF-16 code units, the same unit
 * as LSP's default encoding, so a node's `startIndex` is an offset into `text` and converts to an LSP
 * position with `positionAt`.
 */
export class SyntaxDocument {
  #text: TextDocument;
  #tree: Parser.Tree | undefined;
  /** Why this document has no tree, when it has none (unsupported language, too large, binary). */
  #skipReason: string | undefined;
  /**
   * The length of the text whose parse ran past the time budget. Edits do not try again (each would
   * cost the whole budget) until the text is less than half that long, or replaced whole.
   */
  #slowParseLength: number | undefined;
  readonly language: LoadedLanguage | undefined;
  // Derived facts, computed on first use and dropped on every change (units and imports are
  // re-extracted only for the statements that changed).
  #units: CodeUnit[] | undefined;
  readonly #unitCache: StatementUnitCache | undefined;
  readonly #importCache: StatementImportCache | undefined;
  #imports: ImportStatement[] | undefined;
  // Hover asks for a unit's calls each time; for a class that is a query over its whole body (~10 ms for
  // a 3,000-line class), and every mention of the class resolves to it.
  readonly #calls = new Map<CodeUnit, readonly CallSite[]>();
  /** TypeScript the grammar does not know, rewritten for the parser (see typescript-gaps.ts). */
  readonly #gaps: TypeScriptGaps | undefined;

  constructor(
    readonly uri: string,
    readonly languageId: string,
    version: number,
    text: string,
    registry: GrammarRegistry,
    private readonly limits: ParseLimits = DEFAULT_PARSE_LIMITS,
  ) {
    this.#text = TextDocument.create(uri, languageId, version, text);
    const spec = languageFor(languageId, uri);
    this.language = spec ? registry.get(spec.name) : undefined;
    this.#unitCache = this.language ? new StatementUnitCache(this.language) : undefined;
    this.#importCache = this.language ? new StatementImportCache(this.language) : undefined;
    const name = this.language?.spec.name;
    this.#gaps = name === 'typescript' || name === 'tsx' ? new TypeScriptGaps() : undefined;
    this.#reparse(undefined);
  }

  get version(): number {
    return this.#text.version;
  }

  get text(): string {
    return this.#text.getText();
  }

  /** The LSP text document (offset ↔ position conversion). */
  get textDocument(): TextDocument {
    return this.#text;
  }

  /** The syntax tree, or undefined when the document is not analysed (see `skipReason`). */
  get tree(): Parser.Tree | undefined {
    return this.#tree;
  }

  get skipReason(): string | undefined {
    return this.#skipReason;
  }

  /**
   * Applies LSP content changes in order (each range refers to the text after the previous change),
   * editing the tree for each, then reparses once, incrementally.
   *
   * The tree is edited with the span TextDocument.update replaces: a range whose end comes before its
   * start is swapped, and positions outside the document are clamped into it (offsetAt), so a careless
   * client's range changes the text and the tree alike. Should an edit fail, the old tree is dropped
   * and the text parsed afresh: the tree never describes another text.
   */
  applyChanges(changes: readonly TextDocumentContentChangeEvent[], version: number): void {
    let oldTree = this.#tree;
    for (const change of changes) {
      if (!('range' in change)) {
        this.#text = TextDocument.update(this.#text, [change], version);
        oldTree = undefined;
        this.#gaps?.reset();
        this.#slowParseLength = undefined;
        continue;
      }
      const before = this.#text;
      // offsetAt is monotonic, so the smaller offset is that of the range's earlier position.
      const [startIndex, oldEndIndex] = [
        before.offsetAt(change.range.start),
        before.offsetAt(change.range.end),
      ].sort((a, b) => a - b) as [number, number];
      this.#text = TextDocument.update(before, [change], version);
      this.#gaps?.edit(startIndex, oldEndIndex, startIndex + change.text.length);
      oldTree = editedTree(oldTree, {
        startIndex,
        oldEndIndex,
        newEndIndex: startIndex + change.text.length,
        startPosition: pointAt(before, startIndex),
        oldEndPosition: pointAt(before, oldEndIndex),
        newEndPosition: pointAt(this.#text, startIndex + change.text.length),
      });
    }
    this.#reparse(oldTree);
  }

  /** The code units of the current text, in document order (parents before children). */
  units(): readonly CodeUnit[] {
    if (!this.#tree || !this.#unitCache) return [];
    this.#units ??= this.#unitCache.extract(this.#tree, this.text);
    return this.#units;
  }

  /** The import statements of the current text. */
  imports(): readonly ImportStatement[] {
    if (!this.#tree || !this.#importCache) return [];
    this.#imports ??= this.#importCache.extract(this.#tree, this.text);
    return this.#imports;
  }

  /** The calls a unit makes, in order. */
  callsIn(unit: CodeUnit): readonly CallSite[] {
    if (!this.language) return [];
    let calls = this.#calls.get(unit);
    if (!calls) {
      calls = callsWithin(unit.node, this.language);
      this.#calls.set(unit, calls);
    }
    return calls;
  }

  #reparse(oldTree: Parser.Tree | undefined): void {
    this.#units = undefined;
    this.#imports = undefined;
    this.#calls.clear();
    this.#tree = undefined;
    this.#skipReason = undefined;
    if (!this.language) {
      this.#skipReason = `no grammar for language '${this.languageId}'`;
      return;
    }
    const text = this.#text.getText();
    this.#skipReason = whyNotAnalysed(text, this.limits);
    if (this.#skipReason) return;
    if (this.#slowParseLength !== undefined && text.length * 2 > this.#slowParseLength) {
      this.#skipReason = parseTimeoutReason(text, this.limits);
      return;
    }
    const { parser } = this.language;
    const budgeted = budgetedParser(parser, this.limits);
    try {
      this.#tree = this.#gaps ? this.#gaps.parse(budgeted, text, oldTree) : budgeted.parse(text, oldTree);
      this.#slowParseLength = undefined;
      afterParse();
    } catch (error) {
      if (!(error instanceof ParseStopped)) throw error;
      // A stopped parse would otherwise be resumed by the parser's next call, for another document.
      parser.reset();
      this.#gaps?.reset();
      this.#slowParseLength = text.length;
      this.#skipReason = parseTimeoutReason(text, this.limits);
    }
  }
}

/** The tree with the edit applied, or undefined (parse afresh) if there is no tree or the edit fails. */
function editedTree(tree: Parser.Tree | undefined, edit: Parser.Edit): Parser.Tree | undefined {
  try {
    tree?.edit(edit);
    return tree;
  } catch {
    return undefined;
  }
}

/**
 * tree-sitter's point for an offset. Rows follow tree-sitter's own line breaks (`\n` only), which can
 * differ from LSP lines for a lone `\r`; Lantern converts nodes to LSP positions through indices, so
 * points only need to agree with the tree's own view of the text.
 */
const LONE_CR = /\r(?!\n)/;

function pointAt(document: TextDocument, offset: number): Parser.Point {
  const text = document.getText();
  const column = offset - (text.lastIndexOf('\n', offset - 1) + 1);
  // Unless a lone `\r` breaks a line, LSP lines and tree-sitter rows agree, and the line index is O(log n).
  if (!LONE_CR.test(text)) return { row: document.positionAt(offset).line, column };
  let row = 0;
  for (
    let index = text.indexOf('\n');
    index !== -1 && index < offset;
    index = text.indexOf('\n', index + 1)
  ) {
    row++;
  }
  return { row, column };
}
