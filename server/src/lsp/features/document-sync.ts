import { TextDocumentSyncKind } from 'vscode-languageserver';
import { MessageType } from '../client-notifier.js';
import type { Feature } from '../feature.js';

/**
 * Incremental text sync: every open document is tracked; supported languages keep a tree-sitter tree
 * that each change edits and reparses incrementally.
 */
export const documentSync: Feature = {
  name: 'documentSync',
  capabilities: () => ({
    textDocumentSync: {
      openClose: true,
      change: TextDocumentSyncKind.Incremental,
      save: { includeText: false },
    },
  }),
  register({ connection, documents, notifier }) {
    connection.onDidOpenTextDocument(({ textDocument }) => {
      const document = documents.open(
        textDocument.uri,
        textDocument.languageId,
        textDocument.version,
        textDocument.text,
      );
      // Too large or binary: say so once, so an empty outline does not look like a bug.
      if (document.language && document.skipReason) {
        notifier.showMessage(
          MessageType.Warning,
          `Lantern: ${fileLabel(document.uri)}: ${document.skipReason}.`,
        );
      }
    });
    connection.onDidChangeTextDocument(({ textDocument, contentChanges }) => {
      const document = documents.change(textDocument.uri, textDocument.version, contentChanges);
      if (!document)
        notifier.log(MessageType.Warning, `didChange for a document that is not open: ${textDocument.uri}`);
    });
    connection.onDidCloseTextDocument(({ textDocument }) => {
      documents.close(textDocument.uri);
    });
    connection.onDidSaveTextDocument(() => {
      // Nothing to do yet: the text is already current through didChange.
    });
  },
};

function fileLabel(uri: string): string {
  return uri.slice(uri.lastIndexOf('/') + 1);
}
