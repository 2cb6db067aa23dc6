import type { CodeActionContext, Diagnostic, Position, Range } from 'vscode-languageserver';

// Past the end of any line: a position there means the end of its line (offsetOf, the spec).
const LINE_END = 2 ** 31 - 1;

/**
 * Where a code-action request looks for diagnostics to act on: a request within one line (a cursor,
 * or a selection on it) means the whole line, since a user on an erroneous line means its errors
 * wherever the cursor stands, and editors send only the diagnostics under the cursor (VS Code,
 * eglot) or the cursor's empty range with the line's diagnostics (Neovim).
 */
export function diagnosticsScope(range: Range): Range {
  if (range.start.line !== range.end.line) return range;
  const line = range.start.line;
  return { start: { line, character: 0 }, end: { line, character: LINE_END } };
}

/**
 * The request's context with the diagnostics a server knows of (its own, or for --beside the main
 * server's) added where they lie in the request's scope, each diagnostic once.
 */
export function withKnownDiagnostics(
  context: CodeActionContext,
  range: Range,
  known: readonly Diagnostic[],
): CodeActionContext {
  const scope = diagnosticsScope(range);
  const seen = new Set(context.diagnostics.map(keyOf));
  const added = known.filter((diagnostic) => {
    const key = keyOf(diagnostic);
    if (seen.has(key) || !overlaps(diagnostic.range, scope)) return false;
    seen.add(key);
    return true;
  });
  return added.length === 0 ? context : { ...context, diagnostics: [...context.diagnostics, ...added] };
}

/** Whether two ranges share a position (touching ends count: a cursor at a range's end is on it). */
export function overlaps(a: Range, b: Range): boolean {
  return !before(a.end, b.start) && !before(b.end, a.start);
}

function before(p: Position, q: Position): boolean {
  return p.line < q.line || (p.line === q.line && p.character < q.character);
}

function keyOf(diagnostic: Diagnostic): string {
  const { start, end } = diagnostic.range;
  const message = typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value;
  return `${diagnostic.source ?? ''}|${String(diagnostic.code ?? '')}|${message}|${start.line}:${start.character}-${end.line}:${end.character}`;
}
