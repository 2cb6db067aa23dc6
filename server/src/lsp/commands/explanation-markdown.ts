import type { CancellationToken } from 'vscode-languageserver';
import type { Explanation } from '../../agent/explain.js';
import type { LanternConfig } from '../../config.js';
import { OFFLINE_NOTE } from '../../llm/offline-hint.js';

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

/** An AbortSignal that fires when the LSP request is cancelled. */
export function signalOf(token: CancellationToken): AbortSignal {
  const controller = new AbortController();
  if (token.isCancellationRequested) controller.abort();
  else token.onCancellationRequested(() => controller.abort());
  return controller.signal;
}
