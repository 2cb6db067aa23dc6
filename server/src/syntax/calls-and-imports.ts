import type Parser from 'tree-sitter';
import type { LoadedLanguage } from './grammar-registry.js';

/** A call in the code: the called name and where the call is. */
export interface CallSite {
  readonly callee: string;
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
  const calls: CallSite[] = [];
  for (const match of language.query('calls').matches(node)) {
    const call = match.captures.find((capture) => capture.name === 'call');
    const callee = match.captures.find((capture) => capture.name === 'callee');
    if (!call || !callee) continue;
    calls.push({
      callee: callee.node.text,
      calleeStartIndex: callee.node.startIndex,
      calleeEndIndex: callee.node.endIndex,
      startIndex: call.node.startIndex,
      endIndex: call.node.endIndex,
    });
  }
  return calls.sort((a, b) => a.startIndex - b.startIndex);
}

/** The import statements of a tree, in document order, one entry per statement. */
export function extractImports(tree: Parser.Tree, language: LoadedLanguage): ImportStatement[] {
  const byStatement = new Map<number, { source?: string; locals: string[]; start: number; end: number }>();
  for (const match of language.query('imports').matches(tree.rootNode)) {
    const statement = match.captures.find((capture) => capture.name === 'import');
    if (!statement) continue;
    let entry = byStatement.get(statement.node.id);
    if (!entry) {
      entry = { locals: [], start: statement.node.startIndex, end: statement.node.endIndex };
      byStatement.set(statement.node.id, entry);
    }
    for (const capture of match.captures) {
      if (capture.name === 'source') entry.source = capture.node.text;
      if (capture.name === 'local' && !entry.locals.includes(capture.node.text))
        entry.locals.push(capture.node.text);
    }
  }
  return [...byStatement.values()]
    .map((entry) => ({
      source: entry.source,
      locals: entry.locals,
      startIndex: entry.start,
      endIndex: entry.end,
    }))
    .sort((a, b) => a.startIndex - b.startIndex);
}
