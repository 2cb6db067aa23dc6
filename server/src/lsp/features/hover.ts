import { MarkupKind } from 'vscode-languageserver';
import { structuralHeader } from '../../agent/structural-header.js';
import { symbolAt } from '../../syntax/symbol-at.js';
import type { Feature } from '../feature.js';
import { offsetOf } from '../ranges.js';

/**
 * `textDocument/hover`: the structural summary of the unit or identifier under the cursor; on a call,
 * the summary of the callee when it is defined in the same file.
 */
export const hover: Feature = {
  name: 'hover',
  capabilities: () => ({ hoverProvider: true }),
  register({ connection, documents, client, guard }) {
    connection.onHover(
      guard('textDocument/hover', ({ textDocument, position }) => {
        const document = documents.get(textDocument.uri);
        if (!document) return null;
        const offset = offsetOf(document, position);
        if (offset === undefined) return null;
        const target = symbolAt(document, offset);
        if (!target) return null;
        const markdown = structuralHeader(document, target);
        const formats = client().textDocument?.hover?.contentFormat;
        const plain = formats !== undefined && formats.length > 0 && !formats.includes(MarkupKind.Markdown);
        return { contents: { kind: plain ? MarkupKind.PlainText : MarkupKind.Markdown, value: markdown } };
      }),
    );
  },
};
