import { type CancellationToken, ErrorCodes, ResponseError } from 'vscode-languageserver';
import { structuralHeader } from '../../agent/structural-header.js';
import { unitAt } from '../../syntax/code-units.js';
import { symbolAt } from '../../syntax/symbol-at.js';
import type { SyntaxDocument } from '../../syntax/syntax-document.js';
import { blockAt } from '../../syntax/text-block.js';
import { MessageType } from '../client-notifier.js';
import type { FeatureContext } from '../feature.js';
import type { ExplainCommandArgs } from '../protocol.js';
import { offsetOf } from '../ranges.js';
import {
  blockHeader,
  composeBlockExplanation,
  composeExplanation,
  signalOf,
} from './explanation-markdown.js';

/** A command: its arguments as sent, the server's context, the request's cancellation. */
export type CommandHandler = (
  args: unknown[],
  feature: FeatureContext,
  token: CancellationToken,
) => Promise<unknown>;

/**
 * `lantern.explain {uri, position, refresh?, present?, cacheOnly?}` → markdown: the structural header
 * and the model's explanation of the symbol (or innermost unit) at the position. `present` also shows
 * it with window/showMessage, for editors that run code-action commands and drop their results;
 * `cacheOnly` never asks the model (an editor's eldoc shows a cached explanation's gist with it).
 */
export const explainCommand: CommandHandler = async (args, feature, token) => {
  const { uri, position, refresh, present, diagnostic, cacheOnly, range } = parseArgs(args[0]);
  const document = feature.documents.get(uri);
  if (!document) throw new ResponseError(ErrorCodes.InvalidParams, `lantern.explain: ${uri} is not open.`);
  const offset = offsetOf(document, position);
  if (offset === undefined)
    throw new ResponseError(
      ErrorCodes.InvalidParams,
      'lantern.explain: the position is outside the document.',
    );
  if (diagnostic)
    return explainDiagnostic(feature, document, offset, position.line, diagnostic, present === true, token);
  if (!document.language) {
    const end = range ? offsetOf(document, range.end) : undefined;
    const start = range ? offsetOf(document, range.start) : undefined;
    const selection = start !== undefined && end !== undefined ? { start, end } : undefined;
    return explainBlock(feature, document, offset, selection, { refresh, present, cacheOnly }, token);
  }
  const symbol = symbolAt(document, offset);
  const unit = symbol?.kind === 'unit' ? symbol.unit : unitAt(document.units(), offset);
  if (!unit) {
    if (symbol) return structuralHeader(document, symbol);
    throw new ResponseError(
      ErrorCodes.InvalidParams,
      'lantern.explain: there is no function, method or class at that position.',
    );
  }
  // On a name Lantern cannot resolve (a local variable, a parameter), the unit around it is explained.
  const target = symbol ?? { kind: 'unit', unit, via: 'declaration' };
  const explanation = await feature.agent.explainer.explain(document, unit, {
    signal: signalOf(token),
    refresh: refresh === true,
    cacheOnly: cacheOnly === true,
  });
  const header = structuralHeader(document, target);
  // Asked for the cache alone, no note on why there is nothing (offline, not cached): just nothing.
  if (cacheOnly === true && !explanation.text) return header;
  const markdown = composeExplanation(header, explanation, feature.config());
  if (present === true) feature.notifier.showMessage(MessageType.Info, markdown);
  return markdown;
};

function parseArgs(raw: unknown): ExplainCommandArgs {
  const args = raw as Partial<ExplainCommandArgs> | undefined;
  const position = args?.position;
  if (
    typeof args?.uri !== 'string' ||
    typeof position?.line !== 'number' ||
    typeof position.character !== 'number'
  ) {
    throw new ResponseError(
      ErrorCodes.InvalidParams,
      'lantern.explain expects {uri, position: {line, character}}.',
    );
  }
  return args as ExplainCommandArgs;
}

// A language without a grammar: the block around the position (or the selection), honestly labelled.
async function explainBlock(
  feature: FeatureContext,
  document: SyntaxDocument,
  offset: number,
  selection: { start: number; end: number } | undefined,
  flags: Pick<ExplainCommandArgs, 'refresh' | 'present' | 'cacheOnly'>,
  token: CancellationToken,
): Promise<string> {
  const block = blockAt(document.textDocument, offset, selection);
  if (!block)
    throw new ResponseError(ErrorCodes.InvalidParams, 'lantern.explain: there is no code at that position.');
  const explanation = await feature.agent.explainer.explainBlock(document, block, {
    signal: signalOf(token),
    refresh: flags.refresh === true,
    cacheOnly: flags.cacheOnly === true,
  });
  const header = blockHeader(document, block);
  if (flags.cacheOnly === true && !explanation.text) return header;
  const markdown = composeBlockExplanation(header, explanation, feature.config());
  if (flags.present === true) feature.notifier.showMessage(MessageType.Info, markdown);
  return markdown;
}

// "Explain this error": the diagnostic's meaning, cause and fix, in the light of the unit it is in.
async function explainDiagnostic(
  feature: FeatureContext,
  document: SyntaxDocument,
  offset: number,
  line: number,
  diagnostic: { message: string; source?: string },
  present: boolean,
  token: CancellationToken,
): Promise<string> {
  const unit = unitAt(document.units(), offset);
  const problem = { message: diagnostic.message, source: diagnostic.source, line: line + 1 };
  const explanation = await feature.agent.explainer.explainError(document, unit, problem, {
    signal: signalOf(token),
  });
  const header = `**${diagnostic.source ? `${diagnostic.source}: ` : ''}${diagnostic.message}** — line ${line + 1}`;
  const markdown = composeExplanation(header, explanation, feature.config());
  if (present) feature.notifier.showMessage(MessageType.Info, markdown);
  return markdown;
}
