import type { CancellationToken } from 'vscode-languageserver';
import type { Explanation } from '../../agent/explain.js';
import type { LanternConfig } from '../../config.js';
import { OFFLINE_HINT, OFFLINE_NOTE } from '../../llm/offline-hint.js';
import type { SyntaxDocument } from '../../syntax/syntax-document.js';
import type { TextBlock } from '../../syntax/text-block.js';

const OFFLINE_BLOCK_NOTE = `*Offline: without a model Lantern cannot explain code it has no grammar for. ${OFFLINE_HINT}*`;

/**
 * The hover / command markdown: the structural header, then the model's explanation with a footer
 * naming the model (and "cached"), or a short note saying why there is none.
 */
export function composeExplanation(header: string, explanation: Explanation, config: LanternConfig): string {
  if (explanation.text) {
    const cached = explanation.source === 'cache' ? ' · cached' : '';
    return `${header}\n\n---\n\n${explanation.text}\n\n*${explanation.model ?? 'model'}${cached}*`;
  }
  if (explanation.source === 'offline') {
    // Someone who chose offline knows; someone who simply has no key should learn how to get more.
    return config.provider === 'offline' ? header : `${header}\n\n---\n\n${OFFLINE_NOTE}`;
  }
  if (explanation.note) return `${header}\n\n---\n\n*${explanation.note}*`;
  return header;
}

/**
 * The hover / command header for a block of a file Lantern has no grammar for: its first line, where
 * it is, and plainly that there is no structure, naming the languageId the editor sent.
 */
export function blockHeader(document: SyntaxDocument, block: TextBlock): string {
  const first = block.firstLine.length > 80 ? `${block.firstLine.slice(0, 79)}…` : block.firstLine;
  const fence = first.includes('`') ? '``' : '`';
  const lines =
    block.startLine === block.endLine
      ? `line ${block.startLine + 1}`
      : `lines ${block.startLine + 1}–${block.endLine + 1}`;
  return `**${fence}${first}${fence}** — ${lines}\n\n*No grammar for languageId \`${document.languageId}\`: explanation of the surrounding ${block.how === 'selection' ? 'selection' : 'block'}.*`;
}

/**
 * A block's markdown: the header, then the model's explanation, or why there is none. Offline there is
 * nothing else to show for a block (no structure), so the note and the hint are shown even to someone
 * who chose offline.
 */
export function composeBlockExplanation(
  header: string,
  explanation: Explanation,
  config: LanternConfig,
): string {
  if (explanation.source === 'offline') return `${header}\n\n---\n\n${OFFLINE_BLOCK_NOTE}`;
  return composeExplanation(header, explanation, config);
}

/** An AbortSignal that fires when the LSP request is cancelled. */
export function signalOf(token: CancellationToken): AbortSignal {
  const controller = new AbortController();
  if (token.isCancellationRequested) controller.abort();
  else token.onCancellationRequested(() => controller.abort());
  return controller.signal;
}
