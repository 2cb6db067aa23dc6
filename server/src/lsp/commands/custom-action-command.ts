import { type CancellationToken, ErrorCodes, ResponseError } from 'vscode-languageserver';
import { fillPlaceholders, unitPlaceholders } from '../../agent/custom-action.js';
import { skippedNote } from '../../agent/edits/second-gate.js';
import { unitAt } from '../../syntax/code-units.js';
import { MessageType } from '../client-notifier.js';
import type { FeatureContext } from '../feature.js';
import type { CustomActionArgs } from '../protocol.js';
import { offsetOf } from '../ranges.js';
import type { CommandHandler } from './explain-command.js';
import { signalOf } from './explanation-markdown.js';
import { applyIfSupported, type ComputedFix, documentAsOffered, toWorkspaceEdit } from './fix-command.js';

/** What a custom action produced: an edit to apply, a text to show, or why neither. */
export type ComputedAction = ComputedFix | { readonly message: string };

/**
 * Runs one of the user's custom actions on the unit it was listed for. The document must still be at
 * the listed version and the action must still be in the settings under the same title. Shared by
 * `codeAction/resolve` and `lantern.runAction`.
 */
export async function computeCustomAction(
  feature: FeatureContext,
  args: CustomActionArgs,
  token: CancellationToken,
): Promise<ComputedAction> {
  const document = documentAsOffered(feature, args, `“${args.title}”`);
  if ('reason' in document) return document;
  const offset = offsetOf(document, args.position);
  const unit = offset === undefined ? undefined : unitAt(document.units(), offset);
  if (!unit)
    return { reason: `Lantern: there is no function, method or class for “${args.title}” here any more.` };
  const action = feature.config().customActions[args.index];
  if (!action || fillPlaceholders(action.title, unitPlaceholders(document, unit)) !== args.title) {
    return { reason: `Lantern: “${args.title}” is no longer in your customActions settings.` };
  }
  const result = await feature.agent.customActions.run(document, unit, action, signalOf(token));
  if (result.kind === 'rejected') return { reason: result.reason };
  if (result.kind === 'message') return { message: result.text };
  const note = skippedNote(result.check);
  if (note) feature.notifier.log(MessageType.Info, `Lantern: ${args.title}: ${note}.`);
  return { edit: toWorkspaceEdit(feature, document, result.edit), label: `Lantern: ${args.title}` };
}

/** `lantern.runAction {uri, version, position, index, title}`: applies the edit or shows the answer. */
export const customActionCommand: CommandHandler = async (args, feature, token) => {
  const outcome = await computeCustomAction(feature, parseCustomActionArgs(args[0]), token);
  if ('reason' in outcome) {
    feature.notifier.showMessage(MessageType.Warning, outcome.reason);
    return { applied: false, reason: outcome.reason };
  }
  if ('message' in outcome) {
    feature.notifier.showMessage(MessageType.Info, outcome.message);
    return { message: outcome.message };
  }
  return applyIfSupported(feature, outcome.label, outcome.edit);
};

/** Validates the arguments of lantern.runAction (they come from the client as JSON). */
export function parseCustomActionArgs(raw: unknown): CustomActionArgs {
  const args = raw as Partial<CustomActionArgs> | undefined;
  if (
    typeof args?.uri !== 'string' ||
    typeof args.version !== 'number' ||
    typeof args.index !== 'number' ||
    typeof args.title !== 'string' ||
    typeof args.position?.line !== 'number' ||
    typeof args.position.character !== 'number'
  ) {
    throw new ResponseError(
      ErrorCodes.InvalidParams,
      'lantern.runAction expects {uri, version, position, index, title}.',
    );
  }
  return args as CustomActionArgs;
}
