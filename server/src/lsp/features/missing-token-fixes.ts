import {
  type ClientCapabilities,
  type CodeAction,
  CodeActionKind,
  type Diagnostic,
  type Range,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import type { SyntaxDocument } from '../../syntax/syntax-document.js';
import { reportedSyntaxProblems } from '../../syntax/syntax-errors.js';
import type { CodeActionProvider } from '../code-action-provider.js';
import { diagnosticsScope } from '../diagnostics-scope.js';
import { DIAGNOSTIC_SOURCE } from '../protocol.js';
import { offsetOf, rangeOf } from '../ranges.js';

/**
 * For each MISSING token in the requested range (its whole line for a cursor: diagnosticsScope), a
 * quick fix that inserts it. Needs no model, so it works offline and in every editor.
 */
export const missingTokenFixes: CodeActionProvider = {
  name: 'missingTokenFixes',
  kinds: [CodeActionKind.QuickFix],
  provide: ({ document, range, context }, { client }) =>
    missingTokenActions(document, diagnosticsScope(range), context.diagnostics, client()),
};

/** Quick fixes inserting each missing token whose position lies in `range`. */
export function missingTokenActions(
  document: SyntaxDocument,
  range: Range,
  diagnostics: readonly Diagnostic[],
  client: ClientCapabilities,
): CodeAction[] {
  const tree = document.tree;
  if (!tree) return [];
  // A range that starts past the end of the file covers no text; one that ends past it runs to the end.
  const from = offsetOf(document, range.start);
  if (from === undefined) return [];
  const to = offsetOf(document, range.end) ?? document.text.length;
  const actions: CodeAction[] = [];
  for (const problem of reportedSyntaxProblems(document)) {
    const token = problem.missingToken;
    if (token === undefined || problem.startIndex < from || problem.startIndex > to) continue;
    const at = rangeOf(document, problem.startIndex, problem.startIndex);
    const fixes = diagnostics.filter(
      (diagnostic) =>
        diagnostic.source === DIAGNOSTIC_SOURCE &&
        diagnostic.message === problem.message &&
        samePosition(diagnostic.range.start, at.start),
    );
    actions.push({
      title: `Insert missing \`${token}\``,
      kind: CodeActionKind.QuickFix,
      isPreferred: true,
      ...(fixes.length > 0 ? { diagnostics: fixes } : {}),
      edit: insertEdit(document, at, token, client),
    });
  }
  return actions;
}

function insertEdit(
  document: SyntaxDocument,
  at: Range,
  text: string,
  client: ClientCapabilities,
): WorkspaceEdit {
  const edit = { range: at, newText: text };
  // A versioned edit lets the client refuse it if the document changed since we looked.
  if (client.workspace?.workspaceEdit?.documentChanges) {
    return {
      documentChanges: [{ textDocument: { uri: document.uri, version: document.version }, edits: [edit] }],
    };
  }
  return { changes: { [document.uri]: [edit] } };
}

function samePosition(a: Range['start'], b: Range['start']): boolean {
  return a.line === b.line && a.character === b.character;
}
