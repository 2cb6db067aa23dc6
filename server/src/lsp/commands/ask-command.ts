import { ErrorCodes, ResponseError, type WorkspaceEdit } from 'vscode-languageserver';
import type { AskArgs } from '../protocol.js';
import { offsetOf } from '../ranges.js';
import type { CommandHandler } from './explain-command.js';
import { signalOf } from './explanation-markdown.js';
import { toWorkspaceEdit } from './fix-command.js';

/** What `lantern.ask` returns: the answer, how the question was routed, and any edit it proposes. */
export interface AskOutcome {
  readonly markdown: string;
  readonly intent: string;
  readonly sessionId: string;
  /** Proposed, never applied: the client shows it and applies it if the user wants. */
  readonly edit?: WorkspaceEdit;
}

/**
 * `lantern.ask {question, uri?, range?, sessionId?}`: routes a free question to explain, fix, generate
 * or a general answer; the session (new when none is given) remembers the conversation.
 */
export const askCommand: CommandHandler = async (args, feature, token): Promise<AskOutcome> => {
  const request = args[0] as Partial<AskArgs> | undefined;
  if (typeof request?.question !== 'string' || request.question.trim() === '') {
    throw new ResponseError(
      ErrorCodes.InvalidParams,
      'lantern.ask expects {question, uri?, range?, sessionId?}.',
    );
  }
  const document = request.uri ? feature.documents.get(request.uri) : undefined;
  const start = document && request.range ? offsetOf(document, request.range.start) : undefined;
  const end = document && request.range ? offsetOf(document, request.range.end) : undefined;
  const result = await feature.agent.asker.ask(
    {
      question: request.question,
      ...(request.sessionId ? { sessionId: request.sessionId } : {}),
      ...(document ? { document } : {}),
      ...(start !== undefined ? { range: { start, end: end ?? start } } : {}),
    },
    signalOf(token),
  );
  return {
    markdown: result.markdown,
    intent: result.intent,
    sessionId: result.sessionId,
    ...(result.edit ? { edit: toWorkspaceEdit(feature, result.edit.document, result.edit.edit) } : {}),
  };
};
