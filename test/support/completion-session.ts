import type {
  ClientCapabilities,
  CompletionItem,
  CompletionList,
  InlineCompletionList,
} from 'vscode-languageserver-protocol';
import { type Position, positionAt } from './cursor.js';
import { FULL_CAPABILITIES, type LspSession } from './lsp-session.js';

/** A client that shows ghost text (VS Code, Neovim 0.12+). */
export const INLINE_CLIENT: ClientCapabilities = {
  ...FULL_CAPABILITIES,
  textDocument: { ...FULL_CAPABILITIES.textDocument, inlineCompletion: {} },
};

/** A client with completion menus only (Neovim ≤ 0.11, Emacs, Helix). */
export const ITEMS_CLIENT: ClientCapabilities = {
  ...FULL_CAPABILITIES,
  textDocument: {
    ...FULL_CAPABILITIES.textDocument,
    completion: { completionItem: { snippetSupport: false }, contextSupport: true },
  },
};

/** The ghost text offered at a position ('' for none), checked to be an insertion at the cursor. */
export async function inlineCompletion(
  session: LspSession,
  uri: string,
  position: Position,
): Promise<string> {
  const result = await session.request<InlineCompletionList | null>('textDocument/inlineCompletion', {
    textDocument: { uri },
    position,
    context: { triggerKind: 2 },
  });
  const [item, ...more] = result?.items ?? [];
  if (more.length > 0) throw new Error('more than one inline completion');
  if (!item) return '';
  if (item.range && JSON.stringify(item.range) !== JSON.stringify({ start: position, end: position }))
    throw new Error(`the inline completion does not insert at the cursor: ${JSON.stringify(item.range)}`);
  return typeof item.insertText === 'string' ? item.insertText : item.insertText.value;
}

/** The completion items at a position. */
export async function completionItems(
  session: LspSession,
  uri: string,
  position: Position,
): Promise<CompletionItem[]> {
  const result = await session.request<CompletionList | CompletionItem[] | null>('textDocument/completion', {
    textDocument: { uri },
    position,
  });
  return Array.isArray(result) ? result : (result?.items ?? []);
}

/** `text` with an item's text edit applied: what the buffer holds once the user accepts it. */
export function accepted(text: string, item: CompletionItem): string {
  const edit = item.textEdit;
  if (!edit || !('range' in edit)) throw new Error('the item has no text edit with a range');
  const offsetOf = (position: Position) => {
    let offset = 0;
    for (let line = 0; line < position.line; line++) offset = text.indexOf('\n', offset) + 1;
    return offset + position.character;
  };
  const start = offsetOf(edit.range.start);
  const end = offsetOf(edit.range.end);
  if (JSON.stringify(positionAt(text, end)) !== JSON.stringify(edit.range.end))
    throw new Error('the edit range is outside the text');
  return text.slice(0, start) + edit.newText + text.slice(end);
}

/** `text` with `inserted` at a position. */
export function insertedAt(text: string, position: Position, inserted: string): string {
  let offset = 0;
  for (let line = 0; line < position.line; line++) offset = text.indexOf('\n', offset) + 1;
  offset += position.character;
  return text.slice(0, offset) + inserted + text.slice(offset);
}
