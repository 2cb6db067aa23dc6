import { setTimeout as delay } from 'node:timers/promises';
import { type ClientCapabilities, type Hover, MarkupKind } from 'vscode-languageserver';
import type { ExplainOptions, Explanation } from '../../agent/explain.js';
import { structuralHeader } from '../../agent/structural-header.js';
import { symbolAt } from '../../syntax/symbol-at.js';
import type { SyntaxDocument } from '../../syntax/syntax-document.js';
import { blockAt } from '../../syntax/text-block.js';
import {
  blockHeader,
  composeBlockExplanation,
  composeExplanation,
  signalOf,
} from '../commands/explanation-markdown.js';
import type { Feature, FeatureContext } from '../feature.js';
import { markdownToPlain } from '../markdown-to-plain.js';
import { offsetOf } from '../ranges.js';

const STILL_WRITING = '*Lantern is still writing the explanation; hover again in a moment.*';

/** Hovers of one document waiting for the model, all asking about the same unit of the same version. */
interface WaitingHovers {
  readonly version: number;
  readonly startIndex: number;
  readonly endIndex: number;
  readonly controllers: Set<AbortController>;
}

/**
 * `textDocument/hover`: the structural header of the unit or identifier under the cursor at once
 * (in a language without a grammar, the block around the cursor and that there is no structure),
 * plus the model's explanation (`hover.explain`: always | cached | off). Past `hover.timeoutMs` the
 * header is returned alone and the explanation finishes into the cache.
 *
 * A hover still waiting for the model is superseded — and its model call never started, or aborted
 * unless another asker shares it — by `$/cancelRequest`, by an edit of its document (its question is
 * about text that is gone), or by a newer hover in the document on another unit (a newer hover on the
 * same unit asks the same question and shares the call). The model is asked only after
 * `hover.modelDelayMs`, so hovers superseded by typing that is already on its way never reach it.
 */
export const hover: Feature = {
  name: 'hover',
  capabilities: () => ({ hoverProvider: true }),
  register(feature) {
    const { connection, documents, client, guard } = feature;
    const waiting = new Map<string, WaitingHovers>();
    const supersede = (uri: string) => {
      for (const controller of waiting.get(uri)?.controllers ?? []) controller.abort();
      waiting.delete(uri);
    };
    documents.onEvent(({ kind, document }) => {
      if (kind !== 'opened') supersede(document.uri);
    });
    connection.onHover(
      guard('textDocument/hover', async ({ textDocument, position }, token) => {
        const document = documents.get(textDocument.uri);
        if (!document) return null;
        // Too large, binary, minified or too slow to parse: an empty hover would look like a bug.
        if (document.language && document.skipReason)
          return hoverOf(`Lantern has not analysed this file: ${document.skipReason}.`, client());
        const offset = offsetOf(document, position);
        if (offset === undefined) return null;
        const question = document.language
          ? structuralQuestion(feature, document, offset)
          : blockQuestion(feature, document, offset);
        if (!question) return null;
        let markdown = question.header;
        if (question.explain) {
          const { uri, version } = document;
          const { startIndex, endIndex } = question;
          let group = waiting.get(uri);
          const sameQuestion =
            group?.version === version && group.startIndex === startIndex && group.endIndex === endIndex;
          if (!group || !sameQuestion) {
            supersede(uri);
            group = { version, startIndex, endIndex, controllers: new Set() };
            waiting.set(uri, group);
          }
          const controller = new AbortController();
          group.controllers.add(controller);
          const signal = AbortSignal.any([signalOf(token), controller.signal]);
          try {
            markdown = await question.explain(signal);
          } finally {
            group.controllers.delete(controller);
            if (group.controllers.size === 0 && waiting.get(uri) === group) waiting.delete(uri);
          }
        }
        return hoverOf(markdown, client());
      }),
    );
  },
};

/** A hover of `markdown`, as plain text for a client that does not render Markdown. */
function hoverOf(markdown: string, client: ClientCapabilities): Hover {
  const formats = client.textDocument?.hover?.contentFormat;
  const plain = formats !== undefined && formats.length > 0 && !formats.includes(MarkupKind.Markdown);
  if (plain) return { contents: { kind: MarkupKind.PlainText, value: markdownToPlain(markdown) } };
  return { contents: { kind: MarkupKind.Markdown, value: markdown } };
}

/** What a hover shows at once, and — for code the model can explain — how to get the full answer. */
interface HoverQuestion {
  readonly header: string;
  /** The span asked about: hovers on the same span of the same version share one model call. */
  readonly startIndex: number;
  readonly endIndex: number;
  readonly explain?: (signal: AbortSignal) => Promise<string>;
}

// A language with a grammar: the symbol's structural header, and the explanation of its unit.
function structuralQuestion(
  feature: FeatureContext,
  document: SyntaxDocument,
  offset: number,
): HoverQuestion | undefined {
  const target = symbolAt(document, offset);
  if (!target) return undefined;
  const header = structuralHeader(document, target);
  if (target.kind !== 'unit') return { header, startIndex: offset, endIndex: offset };
  const { unit } = target;
  return {
    header,
    startIndex: unit.startIndex,
    endIndex: unit.endIndex,
    explain: (signal) =>
      withExplanation(
        feature,
        header,
        (options) => feature.agent.explainer.explain(document, unit, options),
        composeExplanation,
        signal,
      ),
  };
}

// No grammar: the block around the cursor, said plainly, and the model's explanation of it.
function blockQuestion(
  feature: FeatureContext,
  document: SyntaxDocument,
  offset: number,
): HoverQuestion | undefined {
  const block = blockAt(document.textDocument, offset);
  if (!block) return undefined;
  const header = blockHeader(document, block);
  return {
    header,
    startIndex: block.startIndex,
    endIndex: block.endIndex,
    explain: (signal) =>
      withExplanation(
        feature,
        header,
        (options) => feature.agent.explainer.explainBlock(document, block, options),
        composeBlockExplanation,
        signal,
      ),
  };
}

async function withExplanation(
  feature: FeatureContext,
  header: string,
  explain: (options: ExplainOptions) => Promise<Explanation>,
  compose: typeof composeExplanation,
  signal: AbortSignal,
): Promise<string> {
  const config = feature.config();
  if (config.hover.explain === 'off') return header;
  const pending = explain({
    signal,
    cacheOnly: config.hover.explain === 'cached',
    beforeModelCall: (waiting) => delay(config.hover.modelDelayMs, undefined, { signal: waiting }),
  });
  const explanation = await beforeTimeout(pending, config.hover.timeoutMs);
  if (explanation === 'timeout') return `${header}\n\n---\n\n${STILL_WRITING}`;
  return compose(header, explanation, config);
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
