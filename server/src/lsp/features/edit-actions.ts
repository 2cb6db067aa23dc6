import { type CodeAction, CodeActionKind } from 'vscode-languageserver';
import { type CodeActionProvider, offerModelOnly } from '../code-action-provider.js';
import { Commands, type EditArgs } from '../protocol.js';

/**
 * Whether the client asks the user for an edit's instruction itself: LSP has no request for free text,
 * so a plugin that can prompt (Neovim's, through `vim.lsp.commands`) says so in its capabilities with
 * `experimental.lantern.editPrompt`, and runs `lantern.edit` with the answer added.
 */
export function promptsForEdits(experimental: unknown): boolean {
  const lantern = (experimental as { lantern?: { editPrompt?: unknown } } | undefined)?.lantern;
  return lantern?.editPrompt === true;
}

/**
 * "Edit selection with Lantern…" on a selection, for clients that prompt for the instruction (above):
 * its command is `lantern.edit` without an instruction, which the client fills in before sending.
 * Elsewhere (Helix) it is not listed: run without an instruction, it could only be refused.
 */
export const editActions: CodeActionProvider = {
  name: 'edit',
  kinds: [CodeActionKind.RefactorRewrite],
  provide({ document, range }, { agent, client }) {
    const capabilities = client();
    const empty = range.start.line === range.end.line && range.start.character === range.end.character;
    if (empty || !promptsForEdits(capabilities.experimental)) return [];
    const title = 'Edit selection with Lantern…';
    const args: EditArgs = { uri: document.uri, range, version: document.version };
    const action: CodeAction = {
      title,
      kind: CodeActionKind.RefactorRewrite,
      command: { title, command: Commands.edit, arguments: [args] },
    };
    const offered = offerModelOnly(action, agent.provider(), capabilities.textDocument?.codeAction);
    return offered ? [offered] : [];
  },
};
