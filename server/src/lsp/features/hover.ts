import { MarkupKind } from 'vscode-languageserver';
import type { Explanation } from '../../agent/explain.js';
import { structuralHeader } from '../../agent/structural-header.js';
import type { CodeUnit } from '../../syntax/code-units.js';
import { symbolAt } from '../../syntax/symbol-at.js';
import type { SyntaxDocument } from '../../syntax/syntax-document.js';
import { composeExplanation, signalOf } from '../commands/explanation-markdown.js';
import type { Feature, FeatureContext } from '../feature.js';
import { markdownToPlain } from '../markdown-to-plain.js';
import { offsetOf } from '../ranges.js';

const STILL_WRITING = '*Lantern is still writing the explanation; hover again in a moment.*';

/**
 * `textDocument/hover`: the structural header of the unit or identifier under the cursor at once,
 * plus the model's explanation (`hover.explain`: always | cached | off). Past `hover.timeoutMs` the
 * header is returned alone and the explanation finishes into the cache; `$/cancelRequest`, or a newer
 * hover in the same document while this one still waits, aborts it.
 */
export const hover: Feature = {
  name: 'hover',
  capabilities: () => ({ hoverProvider: true }),
  register(feature) {
    const { connection, documents, client, guard } = feature;
    // The hover still waiting for the model, per document: a newer hover there supersedes it.
    const pending = new Map<string, AbortController>();
    connection.onHover(
      guard('textDocument/hover', async ({ textDocument, position }, token) => {
        const document = documents.get(textDocument.uri);
        if (!document) return null;
        const offset = offsetOf(document, position);
        if (offset === undefined) return null;
        const target = symbolAt(document, offset);
        if (!target) return null;
        const header = structuralHeader(document, target);
        let markdown = header;
        if (target.kind === 'unit') {
          pending.get(document.uri)?.abort();
          const controller = new AbortController();
          pending.set(document.uri, controller);
          const signal = AbortSignal.any([signalOf(token), controller.signal]);
          try {
            markdown = await withExplanation(feature, document, target.unit, header, signal);
          } finally {
            if (pending.get(document.uri) === controller) pending.delete(document.uri);
          }
        }
        const formats = client().textDocument?.hover?.contentFormat;
        const plain = formats !== undefined && formats.length > 0 && !formats.includes(MarkupKind.Markdown);
        if (plain) return { contents: { kind: MarkupKind.PlainText, value: markdownToPlain(markdown) } };
        return { contents: { kind: MarkupKind.Markdown, value: markdown } };
      }),
    );
  },
};

async function withExplanation(
  feature: FeatureContext,
  document: SyntaxDocument,
  unit: CodeUnit,
  header: string,
  signal: AbortSignal,
): Promise<string> {
  const config = feature.config();
  if (config.hover.explain === 'off') return header;
  const pending = feature.agent.explainer.explain(document, unit, {
    signal,
    cacheOnly: config.hover.explain === 'cached',
  });
  const explanation = await beforeTimeout(pending, config.hover.timeoutMs);
  if (explanation === 'timeout') return `${header}\n\n---\n\n${STILL_WRITING}`;
  return composeExplanation(header, explanation, config);
}

/** The explanation, or 'timeout' if it takes longer; the explanation keeps running either way. */
function beforeTimeout(pending: Promise<Explanation>, ms: number): Promise<Explanation | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(resolve, ms, 'timeout');
  });
  // A late failure (cancelled after we answered) has nobody left to tell.
  pending.catch(() => undefined);
  return Promise.race([pending, timeout]).finally(() => clearTimeout(timer));
}
