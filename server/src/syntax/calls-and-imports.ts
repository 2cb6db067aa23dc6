import type Parser from 'tree-sitter';
import type { LoadedLanguage } from './grammar-registry.js';

/** A call in the code: the called name and where the call is. */
export interface CallSite {
  readonly callee: string;
  /** What the callee is selected from, when the call names it: `money` in `money.Round(x)`. */
  readonly qualifier?: string;
  readonly calleeStartIndex: number;
  readonly calleeEndIndex: number;
  readonly startIndex: number;
  readonly endIndex: number;
}

/** One import statement: the module it names and the local names it binds. */
export interface ImportStatement {
  readonly source: string | undefined;
  readonly locals: readonly string[];
  readonly startIndex: number;
  readonly endIndex: number;
}

/** The calls inside `node` (nested functions included), in document order. */
export function callsWithin(node: Parser.SyntaxNode, language: LoadedLanguage): CallSite[] {
  // A call matched by a pattern with a qualifier and by a wider one without keeps the qualified match.
  const calls = new Map<number, CallSite>();
  for (const match of language.query('calls').matches(node)) {
    const call = match.captures.find((capture) => capture.name === 'call');
    const callee = match.captures.find((capture) => capture.name === 'callee');
    if (!call || !callee) continue;
    const qualifier = match.captures.find((capture) => capture.name === 'qualifier');
    const existing = calls.get(call.node.id);
    if (existing && (existing.qualifier !== undefined || !qualifier)) continue;
    calls.set(call.node.id, {
      callee: callee.node.text,
      ...(qualifier ? { qualifier: qualifier.node.text } : {}),
      calleeStartIndex: callee.node.startIndex,
      calleeEndIndex: callee.node.endIndex,
      startIndex: call.node.startIndex,
      endIndex: call.node.endIndex,
    });
  }
  return [...calls.values()].sort((a, b) => a.startIndex - b.startIndex);
}

/**
 * The import statements of a tree, in document order: one entry per statement and module, so Python's
 * `import numpy as np, sys` gives two entries (np from numpy, sys from sys).
 */
export function extractImports(tree: Parser.Tree, language: LoadedLanguage): ImportStatement[] {
  return importsIn(tree.rootNode, language);
}

/** The import statements inside one node (a whole tree's root, or one top-level statement). */
export function importsIn(root: Parser.SyntaxNode, language: LoadedLanguage): ImportStatement[] {
  interface Entry {
    source: string | undefined;
    locals: string[];
    start: number;
    end: number;
  }
  const entries: Entry[] = [];
  // Per statement: its entries by source, and the names bound by matches that name no module (those
  // belong to the statement's one module: `import a, { b } from 'm'`, `from m import a`).
  const byStatement = new Map<number, { bySource: Map<string, Entry>; unsourced: Entry }>();
  for (const match of language.query('imports').matches(root)) {
    const statement = match.captures.find((capture) => capture.name === 'import');
    if (!statement) continue;
    let group = byStatement.get(statement.node.id);
    if (!group) {
      const { start, end } = statementRange(statement.node);
      group = { bySource: new Map(), unsourced: { source: undefined, locals: [], start, end } };
      byStatement.set(statement.node.id, group);
    }
    const source = match.captures.find((capture) => capture.name === 'source')?.node.text;
    const locals = match.captures.filter((capture) => capture.name === 'local').map((c) => c.node.text);
    if (source === undefined) {
      group.unsourced.locals.push(...locals);
      continue;
    }
    let entry = group.bySource.get(source);
    if (!entry) {
      entry = { source, locals: [], ...statementRange(statement.node) };
      group.bySource.set(source, entry);
      entries.push(entry);
    }
    entry.locals.push(...locals);
  }
  for (const { bySource, unsourced } of byStatement.values()) {
    const [first] = bySource.values();
    if (first) first.locals.unshift(...unsourced.locals);
    else entries.push(unsourced); // malformed: the module is missing
  }
  const implicitLocal = language.spec.implicitImportLocal;
  return entries
    .map((entry) => ({
      source: entry.source,
      locals: [
        ...new Set(
          entry.locals.length === 0 && entry.source !== undefined && implicitLocal
            ? [implicitLocal(entry.source) ?? ''].filter(Boolean)
            : entry.locals,
        ),
      ],
      startIndex: entry.start,
      endIndex: entry.end,
    }))
    .sort((a, b) => a.startIndex - b.startIndex);
}

// A preprocessor directive (C's `#include`) takes its line break in: the statement ends before it.
function statementRange(node: Parser.SyntaxNode): { start: number; end: number } {
  return { start: node.startIndex, end: node.startIndex + node.text.trimEnd().length };
}
