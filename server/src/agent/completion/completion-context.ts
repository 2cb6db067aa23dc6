import { fileURLToPath } from 'node:url';
import { type ContextSources, labelFor } from '../../context/unit-context.js';
import { type CodeUnit, unitAt } from '../../syntax/code-units.js';
import type { SyntaxDocument } from '../../syntax/syntax-document.js';
import { resolveImportFiles } from '../../workspace/import-resolver.js';
import { type IndentStyle, indentStyle } from '../edits/indentation.js';

/** How much of the file goes with a completion request. */
export interface CompletionBudget {
  readonly prefixChars: number;
  readonly suffixChars: number;
}

/** What a completion at one cursor is asked with, and what its answer is checked against. */
export interface CompletionContext {
  readonly offset: number;
  /** The file before and after the cursor, cut at line boundaries to the budget. */
  readonly prefix: string;
  readonly suffix: string;
  /** The cursor's line before and after the cursor. */
  readonly linePrefix: string;
  readonly lineSuffix: string;
  /** The indentation the cursor's line has, or should have when it is blank. */
  readonly indent: string;
  /** The file's indentation style (two spaces when the file has no indented line). */
  readonly style: IndentStyle;
  /** The innermost function, method or class around the cursor. */
  readonly enclosing: CodeUnit | undefined;
  /** The file's import statements, as written. */
  readonly imports: string;
  /** Signatures of what the code at the cursor can call: the file's own units, then imported ones. */
  readonly signatures: readonly { readonly file: string; readonly signature: string }[];
  readonly fileLabel: string;
  /**
   * The structural context as one text, for the cache key: the enclosing unit's code around the cursor
   * (or the lines around it at the top level) and the imports. Typing elsewhere in the file does not
   * change it, so neither does it cost a new model call.
   */
  readonly structure: string;
}

const MAX_LOCAL_SIGNATURES = 40;
const MAX_IMPORTED_SIGNATURES = 30;
const TOP_LEVEL_LINES_BEFORE = 30;
const TOP_LEVEL_LINES_AFTER = 10;
const STYLE_SAMPLE_CHARS = 100_000;

type Signature = { readonly file: string; readonly signature: string };

/**
 * Facts of a file that every completion in it needs and typing in a body does not change, kept
 * between requests: its indentation style (per version), and the signatures its imports bring in
 * (per text of its imports, for a few seconds: the imported files may change on disk).
 */
export class FileFactsCache {
  readonly #styles = new Map<string, { version: number; style: IndentStyle }>();
  readonly #imported = new Map<string, { key: string; until: number; signatures: readonly Signature[] }>();

  constructor(
    private readonly ttlMs = 5_000,
    private readonly now: () => number = Date.now,
  ) {}

  style(document: SyntaxDocument): IndentStyle {
    const known = this.#styles.get(document.uri);
    if (known?.version === document.version) return known.style;
    const sample = document.text.slice(0, STYLE_SAMPLE_CHARS).split('\n');
    const style = indentStyle(sample, new Set()) ?? { tabs: false, width: 2, mixed: false };
    this.#styles.set(document.uri, { version: document.version, style });
    return style;
  }

  imported(document: SyntaxDocument, imports: string, sources: ContextSources): readonly Signature[] {
    const known = this.#imported.get(document.uri);
    if (known?.key === imports && known.until > this.now()) return known.signatures;
    const signatures = importedSignatures(document, sources);
    this.#imported.set(document.uri, { key: imports, until: this.now() + this.ttlMs, signatures });
    return signatures;
  }

  forget(uri: string): void {
    this.#styles.delete(uri);
    this.#imported.delete(uri);
  }
}

/** Builds the context of a completion at `offset` (a document with a tree). */
export function buildCompletionContext(
  document: SyntaxDocument,
  offset: number,
  sources: ContextSources,
  budget: CompletionBudget,
  facts: FileFactsCache = new FileFactsCache(),
): CompletionContext {
  const text = document.text;
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const lineEndAt = text.indexOf('\n', offset);
  const lineEnd = lineEndAt === -1 ? text.length : lineEndAt;
  const linePrefix = text.slice(lineStart, offset);
  const lineSuffix = text.slice(offset, lineEnd);
  const style = facts.style(document);
  const units = document.units();
  const enclosing = unitAt(units, offset);
  const imports = [
    ...new Set(document.imports().map((statement) => text.slice(statement.startIndex, statement.endIndex))),
  ].join('\n');
  const fileLabel = labelFor(document.uri, sources.workspaceRoot);
  return {
    offset,
    prefix: cutBefore(text, offset, budget.prefixChars),
    suffix: cutAfter(text, offset, budget.suffixChars),
    linePrefix,
    lineSuffix,
    indent: expectedIndent(text, lineStart, linePrefix, lineSuffix, style),
    style,
    enclosing,
    imports,
    signatures: [
      ...localSignatures(units, enclosing, fileLabel),
      ...facts.imported(document, imports, sources),
    ],
    fileLabel,
    structure: structureAround(document, offset, enclosing, imports),
  };
}

// The text before the cursor, at most `chars` of it, starting at a line's start.
function cutBefore(text: string, offset: number, chars: number): string {
  if (offset <= chars) return text.slice(0, offset);
  const from = text.indexOf('\n', offset - chars);
  return text.slice(from === -1 || from >= offset ? offset - chars : from + 1, offset);
}

// The text after the cursor, at most `chars` of it, ending at a line's end.
function cutAfter(text: string, offset: number, chars: number): string {
  if (text.length - offset <= chars) return text.slice(offset);
  const to = text.lastIndexOf('\n', offset + chars);
  return text.slice(offset, to <= offset ? offset + chars : to);
}

/**
 * The indentation of the cursor's line: its own when there is code on it, else that of the line above
 * — one level deeper when that line opens a block (`{`, `(`, `[`, `:` or `=>` at its end).
 */
function expectedIndent(
  text: string,
  lineStart: number,
  linePrefix: string,
  lineSuffix: string,
  style: IndentStyle,
): string {
  const own = /^[ \t]*/.exec(linePrefix)?.[0] ?? '';
  if (linePrefix.trim() !== '' || lineSuffix.trim() !== '') return own;
  let end = lineStart - 1;
  while (end > 0) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const line = text.slice(start, end);
    if (line.trim() !== '') {
      const indent = /^[ \t]*/.exec(line)?.[0] ?? '';
      const opens = /([{([:]|=>)\s*(\/\/.*|#.*)?$/.test(line);
      const deeper = opens ? indent + (style.tabs ? '\t' : ' '.repeat(style.width)) : indent;
      return deeper.length > own.length ? deeper : own;
    }
    end = start - 1;
  }
  return own;
}

function localSignatures(units: readonly CodeUnit[], enclosing: CodeUnit | undefined, file: string) {
  return units
    .filter((unit) => unit !== enclosing && (unit.parentIndex === undefined || isSibling(unit, enclosing)))
    .slice(0, MAX_LOCAL_SIGNATURES)
    .map((unit) => ({ file, signature: unit.signature }));
}

// A member of the class the cursor's method is in: what `this.`/`self.` can reach.
function isSibling(unit: CodeUnit, enclosing: CodeUnit | undefined): boolean {
  return enclosing !== undefined && unit.parentIndex === enclosing.parentIndex;
}

/** The signatures of what the file imports by name, read from the files the imports resolve to. */
function importedSignatures(document: SyntaxDocument, sources: ContextSources) {
  const language = document.language?.spec.name;
  const from = document.uri.startsWith('file:') ? safePath(document.uri) : undefined;
  if (!language || !from) return [];
  const found: { file: string; signature: string }[] = [];
  for (const statement of document.imports()) {
    if (!statement.source || statement.locals.length === 0) continue;
    for (const path of resolveImportFiles(from, statement.source, language, sources.workspaceRoot)) {
      const other = sources.files.document(path);
      if (!other) continue;
      const file = labelFor(other.uri, sources.workspaceRoot);
      for (const unit of other.units()) {
        if (unit.parentIndex !== undefined || !statement.locals.includes(unit.name)) continue;
        found.push({ file, signature: unit.signature });
        if (found.length >= MAX_IMPORTED_SIGNATURES) return found;
      }
    }
  }
  return found;
}

function safePath(uri: string): string | undefined {
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

// The enclosing unit's text split at the cursor, or the lines around it at the top level, and the imports.
function structureAround(
  document: SyntaxDocument,
  offset: number,
  enclosing: CodeUnit | undefined,
  imports: string,
): string {
  const text = document.text;
  let before: string;
  let after: string;
  if (enclosing) {
    before = text.slice(enclosing.startIndex, offset);
    after = text.slice(offset, enclosing.endIndex);
  } else {
    before = text.slice(0, offset).split('\n').slice(-TOP_LEVEL_LINES_BEFORE).join('\n');
    after = text.slice(offset).split('\n').slice(0, TOP_LEVEL_LINES_AFTER).join('\n');
  }
  // The cursor's exact place within its line matters (the answer continues from it), so it is marked
  // where whitespace normalisation cannot move it.
  return `${imports}\n\u0001${before}\u0002${after}`;
}
