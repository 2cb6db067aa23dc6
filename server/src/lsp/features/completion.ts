import {
  type CancellationToken,
  type ClientCapabilities,
  type CompletionItem,
  CompletionItemKind,
  type CompletionList,
  InlineCompletionTriggerKind,
  InsertTextFormat,
  MarkupKind,
  type Position,
  type ServerCapabilities,
} from 'vscode-languageserver';
import type { Completion } from '../../agent/completion/completer.js';
import { MessageType } from '../client-notifier.js';
import { signalOf } from '../commands/explanation-markdown.js';
import type { Feature, FeatureContext } from '../feature.js';
import { offsetOf } from '../ranges.js';

const LABEL_CHARS = 60;

/**
 * Completion as you type: `textDocument/inlineCompletion` (ghost text) for clients that declare it,
 * else one `textDocument/completion` item — never both, so an editor that has both does not show the
 * same completion twice. The item replaces the word before the cursor with that word and the
 * completion (clients filter items by that word), and the list is incomplete, so the client asks again
 * as the user types instead of filtering an answer that was for another place.
 */
export const completion: Feature = {
  name: 'completion',
  capabilities: (client) => completionCapabilities(client),
  register(feature) {
    const { connection, documents, guard } = feature;
    documents.onEvent(({ kind, document }) => {
      if (kind === 'changed') feature.agent.completer.supersede(document.uri);
      if (kind === 'closed') feature.agent.completer.forget(document.uri);
    });
    connection.languages.inlineCompletion.on(
      guard('textDocument/inlineCompletion', async ({ textDocument, position, context }, token) => {
        // An item chosen in the completion menu: ghost text would have to continue it; not ours to guess.
        if (context.selectedCompletionInfo && context.triggerKind === InlineCompletionTriggerKind.Automatic)
          return { items: [] };
        const found = await completeAt(feature, textDocument.uri, position, token);
        if (!found) return { items: [] };
        const at = found.position;
        return { items: [{ insertText: found.completion.text, range: { start: at, end: at } }] };
      }),
    );
    connection.onCompletion(
      guard('textDocument/completion', async ({ textDocument, position }, token): Promise<CompletionList> => {
        const found = await completeAt(feature, textDocument.uri, position, token);
        if (!found) return { isIncomplete: true, items: [] };
        return { isIncomplete: true, items: [completionItem(found.completion.text, found.word, position)] };
      }),
    );
  },
};

/** Inline completion where the client shows it; completion items otherwise. */
export function completionCapabilities(client: ClientCapabilities): ServerCapabilities {
  if (client.textDocument?.inlineCompletion) return { inlineCompletionProvider: true };
  return { completionProvider: { resolveProvider: false } };
}

interface Found {
  readonly completion: Completion;
  readonly position: Position;
  /** The identifier characters just before the cursor (the start of the word being typed). */
  readonly word: string;
}

async function completeAt(
  feature: FeatureContext,
  uri: string,
  position: Position,
  token: CancellationToken,
): Promise<Found | undefined> {
  const document = feature.documents.get(uri);
  if (!document) return undefined;
  const offset = offsetOf(document, position);
  if (offset === undefined) return undefined;
  const outcome = await feature.agent.completer.complete(document, offset, signalOf(token));
  if (outcome.kind === 'none') {
    // Why nothing was shown, for the log; superseded requests are every keystroke's and say nothing.
    if (!outcome.superseded)
      feature.notifier.log(
        MessageType.Log,
        `Lantern completion: none at ${position.line + 1}:${position.character + 1}: ${outcome.reason}`,
      );
    return undefined;
  }
  const lineStart = document.text.lastIndexOf('\n', offset - 1) + 1;
  const word = /[\p{L}\p{N}_$]*$/u.exec(document.text.slice(lineStart, offset))?.[0] ?? '';
  return { completion: outcome.completion, position: document.textDocument.positionAt(offset), word };
}

function completionItem(text: string, word: string, position: Position): CompletionItem {
  const [first = '', ...rest] = text.split('\n');
  const shown = (word + first).trim();
  const label = shown.length > LABEL_CHARS ? `${shown.slice(0, LABEL_CHARS)}…` : shown;
  return {
    label: rest.length > 0 ? `${label} …` : label,
    kind: CompletionItemKind.Snippet,
    detail: rest.length > 0 ? `Lantern (${rest.length + 1} lines)` : 'Lantern',
    documentation: { kind: MarkupKind.Markdown, value: `\`\`\`\n${word}${text}\n\`\`\`` },
    filterText: word + first,
    // Listed first: the one completion written for this place, against the language server's names.
    sortText: '0',
    preselect: true,
    insertTextFormat: InsertTextFormat.PlainText,
    textEdit: {
      range: { start: { line: position.line, character: position.character - word.length }, end: position },
      newText: word + text,
    },
  };
}
