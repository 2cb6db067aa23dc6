import { ErrorCodes, ResponseError } from 'vscode-languageserver';
import { selectionTarget } from '../../agent/edit-selection.js';
import { skippedNote } from '../../agent/edits/second-gate.js';
import { MessageType } from '../client-notifier.js';
import type { EditArgs } from '../protocol.js';
import { offsetOf } from '../ranges.js';
import type { CommandHandler } from './explain-command.js';
import { signalOf } from './explanation-markdown.js';
import { applyIfSupported, documentAsOffered, toWorkspaceEdit } from './fix-command.js';

/**
 * `lantern.edit {uri, range, instruction, version?}`: rewrites the selected lines per the instruction
 * (an empty range: the unit at the cursor) and sends the verified, versioned edit with
 * workspace/applyEdit. With `version`, a document that has moved on since is refused before the model
 * is asked; either way, one that changes while the model writes is.
 */
export const editCommand: CommandHandler = async (args, feature, token) => {
  const request = parseEditArgs(args[0]);
  const refuse = (reason: string) => {
    feature.notifier.showMessage(MessageType.Warning, reason);
    return { applied: false, reason };
  };
  const open = feature.documents.get(request.uri);
  if (!open) return refuse(`Lantern: ${request.uri} is not open.`);
  const document =
    request.version === undefined
      ? open
      : documentAsOffered(feature, { uri: request.uri, version: request.version }, 'the selection');
  if ('reason' in document) return refuse(document.reason);
  const instruction = request.instruction?.trim();
  if (!instruction) return refuse('Lantern needs an instruction: say how to change the selected code.');
  const start = offsetOf(document, request.range.start);
  const end = offsetOf(document, request.range.end);
  if (start === undefined || end === undefined || end < start)
    throw new ResponseError(ErrorCodes.InvalidParams, 'lantern.edit: the range is outside the document.');
  const target = selectionTarget(document, start, end);
  if ('reason' in target) return refuse(target.reason);
  const result = await feature.agent.selectionEditor.edit(document, target, instruction, signalOf(token));
  if (result.kind === 'rejected') return refuse(result.reason);
  const label = `Lantern: ${instruction.slice(0, 60)}`;
  // Without a grammar nothing checked the syntax: said in the result and the log, as for fixes.
  const note = document.language
    ? skippedNote(result.check)
    : `not checked for syntax: Lantern has no grammar for languageId \`${document.languageId}\``;
  if (note) feature.notifier.log(MessageType.Info, `${label}: ${note}.`);
  const applied = await applyIfSupported(feature, label, toWorkspaceEdit(feature, document, result.edit));
  return { ...applied, summary: result.summary, ...(note ? { note } : {}) };
};

/** Validates the arguments of lantern.edit (they come from the client as JSON). */
function parseEditArgs(raw: unknown): EditArgs {
  const args = raw as Partial<EditArgs> | undefined;
  const { start, end } = args?.range ?? {};
  const isPosition = (p: unknown) =>
    typeof (p as { line?: unknown })?.line === 'number' &&
    typeof (p as { character?: unknown })?.character === 'number';
  if (
    typeof args?.uri !== 'string' ||
    !isPosition(start) ||
    !isPosition(end) ||
    (args.instruction !== undefined && typeof args.instruction !== 'string') ||
    (args.version !== undefined && typeof args.version !== 'number')
  ) {
    throw new ResponseError(
      ErrorCodes.InvalidParams,
      'lantern.edit expects {uri, range: {start, end}, instruction, version?}.',
    );
  }
  return args as EditArgs;
}
