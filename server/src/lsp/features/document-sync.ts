import { TextDocumentSyncKind } from 'vscode-languageserver';
import type { SyntaxDocument } from '../../syntax/syntax-document.js';
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
    // Documents of a supported language that are not analysed (too large, binary, minified, too slow
    // to parse): the user is told once when one becomes so, so an empty outline does not look like a bug.
    const unanalysed = new Set<string>();
    const sayIfUnanalysed = (document: SyntaxDocument) => {
      // A document whose language is switched off (disabledLanguages) is none of Lantern's business.
      if (!document.language || !document.skipReason || !documents.get(document.uri)) {
        unanalysed.delete(document.uri);
        return;
      }
      if (unanalysed.has(document.uri)) return;
      unanalysed.add(document.uri);
      notifier.showMessage(
        MessageType.Warning,
        `Lantern: ${fileLabel(document.uri)}: ${document.skipReason}.`,
      );
    };
    connection.onDidOpenTextDocument(({ textDocument }) => {
      unanalysed.delete(textDocument.uri);
      sayIfUnanalysed(
        documents.open(textDocument.uri, textDocument.languageId, textDocument.version, textDocument.text),
      );
    });
    connection.onDidChangeTextDocument(({ textDocument, contentChanges }) => {
      const document = documents.change(textDocument.uri, textDocument.version, contentChanges);
      if (document) sayIfUnanalysed(document);
      else
        notifier.log(MessageType.Warning, `didChange for a document that is not open: ${textDocument.uri}`);
    });
    connection.onDidCloseTextDocument(({ textDocument }) => {
      documents.close(textDocument.uri);
      unanalysed.delete(textDocument.uri);
    });
    connection.onDidSaveTextDocument(() => {
      // Nothing to do yet: the text is already current through didChange.
    });
  },
};

function fileLabel(uri: string): string {
  return uri.slice(uri.lastIndexOf('/') + 1);
}
