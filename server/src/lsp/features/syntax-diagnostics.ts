import { type Diagnostic, DiagnosticSeverity } from 'vscode-languageserver';
import type { SyntaxDocument } from '../../syntax/syntax-document.js';
import { reportedSyntaxProblems } from '../../syntax/syntax-errors.js';
import type { Feature } from '../feature.js';
import { DIAGNOSTIC_SOURCE, DiagnosticCodes } from '../protocol.js';
import { rangeOf } from '../ranges.js';

/** Syntax errors (ERROR and MISSING nodes) as diagnostics, published after typing pauses. */
export const syntaxDiagnostics: Feature = {
  name: 'syntaxDiagnostics',
  // Pushed with textDocument/publishDiagnostics: no capability to declare.
  capabilities: () => ({}),
  register({ documents, notifier, config }) {
    const pending = new Map<string, NodeJS.Timeout>();
    const publish = (document: SyntaxDocument) => {
      pending.delete(document.uri);
      // A document closed or replaced meanwhile is not ours to report on any more.
      if (documents.get(document.uri) !== document) return;
      notifier.publishDiagnostics(document.uri, document.version, syntaxDiagnosticsOf(document));
    };
    documents.onEvent(({ kind, document }) => {
      clearTimeout(pending.get(document.uri));
      if (kind === 'closed') {
        pending.delete(document.uri);
        notifier.publishDiagnostics(document.uri, undefined, []);
        return;
      }
      if (!document.tree) {
        if (kind === 'changed') notifier.publishDiagnostics(document.uri, document.version, []);
        return;
      }
      const delay = kind === 'opened' ? 0 : config().diagnostics.debounceMs;
      pending.set(document.uri, setTimeout(publish, delay, document));
    });
  },
};

/** The syntax diagnostics of a document's current tree (none where its errors may be macros). */
export function syntaxDiagnosticsOf(document: SyntaxDocument): Diagnostic[] {
  return reportedSyntaxProblems(document).map((problem) => ({
    range: rangeOf(document, problem.startIndex, problem.endIndex),
    severity: DiagnosticSeverity.Error,
    source: DIAGNOSTIC_SOURCE,
    code: problem.missingToken === undefined ? DiagnosticCodes.unexpected : DiagnosticCodes.missingToken,
    message: problem.message,
  }));
}
