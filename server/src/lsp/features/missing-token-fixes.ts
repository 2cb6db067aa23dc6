import {
  type ClientCapabilities,
  type CodeAction,
  CodeActionKind,
  type Diagnostic,
  type Range,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import type { SyntaxDocument } from '../../syntax/syntax-document.js';
import { findSyntaxProblems } from '../../syntax/syntax-errors.js';
import type { Feature } from '../feature.js';
import { DIAGNOSTIC_SOURCE } from '../protocol.js';
import { offsetOf, rangeOf } from '../ranges.js';

/**
 * `textDocument/codeAction`: for each MISSING token in the requested range, a quick fix that inserts
 * it. Needs no model, so it works offline and in every editor.
 */
export const missingTokenFixes: Feature = {
  name: 'missingTokenFixes',
  capabilities: (client) => ({
    codeActionProvider: client.textDocument?.codeAction?.codeActionLiteralSupport
      ? { codeActionKinds: [CodeActionKind.QuickFix] }
      : true,
  }),
  register({ connection, documents, client, guard }) {
    connection.onCodeAction(
      guard('textDocument/codeAction', ({ textDocument, range, context }) => {
        const document = documents.get(textDocument.uri);
        if (!document?.tree) return [];
        if (context.only && !context.only.some((kind) => CodeActionKind.QuickFix.startsWith(kind))) return [];
        return missingTokenActions(document, range, context.diagnostics, client());
      }),
    );
  },
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
  const from = offsetOf(document, range.start) ?? 0;
  const to = offsetOf(document, range.end) ?? document.text.length;
  const actions: CodeAction[] = [];
  for (const problem of findSyntaxProblems(tree)) {
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
