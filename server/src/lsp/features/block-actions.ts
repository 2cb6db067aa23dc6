import { type CodeAction, CodeActionKind } from 'vscode-languageserver';
import { type CodeActionProvider, offerModelOnly } from '../code-action-provider.js';
import { Commands, type ExplainCommandArgs } from '../protocol.js';

/**
 * In a language Lantern has no grammar for: "Explain this block", the block around the cursor (or the
 * selection), run by `lantern.explain`, which shows the answer. Model-only: without structure, offline
 * has nothing to say (greyed out with the hint, or not listed).
 */
export const blockActions: CodeActionProvider = {
  name: 'blockActions',
  kinds: [CodeActionKind.Empty],
  provide({ document, range }, { agent, client }) {
    const selected = range.start.line !== range.end.line || range.start.character !== range.end.character;
    const args: ExplainCommandArgs = {
      uri: document.uri,
      position: range.start,
      present: true,
      ...(selected ? { range } : {}),
    };
    const title = 'Explain this block';
    const action: CodeAction = {
      title,
      kind: CodeActionKind.Empty,
      command: { title, command: Commands.explain, arguments: [args] },
    };
    const listed = offerModelOnly(action, agent.provider(), client().textDocument?.codeAction);
    return listed ? [listed] : [];
  },
};
