import type { CodeAction } from 'vscode-languageserver';
import { fillPlaceholders, unitPlaceholders } from '../../agent/custom-action.js';
import { CUSTOM_ACTION_KINDS } from '../../config.js';
import { unitAt } from '../../syntax/code-units.js';
import { MessageType } from '../client-notifier.js';
import { type ActionData, type CodeActionProvider, routeModelAction } from '../code-action-provider.js';
import { computeCustomAction, parseCustomActionArgs } from '../commands/custom-action-command.js';
import { Commands, type CustomActionArgs } from '../protocol.js';
import { offsetOf, rangeOf } from '../ranges.js';

/**
 * The user's own code actions (`customActions` in the settings), on the innermost unit at the cursor,
 * in the languages each names: the plugin mechanism. Listing reads only the settings; the model runs
 * in `codeAction/resolve` (edits, for clients that resolve them) or in `lantern.runAction`.
 */
export const customActions: CodeActionProvider = {
  name: 'custom',
  kinds: CUSTOM_ACTION_KINDS,
  provide({ document, range }, { agent, client, config }) {
    const configured = config().customActions;
    const offset = offsetOf(document, range.start);
    if (configured.length === 0 || offset === undefined) return [];
    const unit = unitAt(document.units(), offset);
    const language = document.language?.spec.name;
    if (!unit || !language) return [];
    const capabilities = client().textDocument?.codeAction;
    const choice = agent.provider();
    const position = rangeOf(document, unit.nameStartIndex, unit.nameStartIndex).start;
    const facts = unitPlaceholders(document, unit);
    const actions: CodeAction[] = [];
    configured.forEach((custom, index) => {
      if (custom.languages.length > 0 && !custom.languages.includes(language)) return;
      const title = fillPlaceholders(custom.title, facts);
      const args: CustomActionArgs = { uri: document.uri, version: document.version, position, index, title };
      const route = {
        provider: 'custom',
        args,
        command: Commands.runAction,
        resolvesToEdit: custom.answer === 'edit',
      };
      const listed = routeModelAction({ title, kind: custom.kind }, route, choice, capabilities);
      if (listed) actions.push(listed);
    });
    return actions;
  },
  async resolve(action, feature, token) {
    const args = parseCustomActionArgs((action.data as CustomActionData).args);
    const outcome = await computeCustomAction(feature, args, token);
    if ('edit' in outcome) return { ...action, edit: outcome.edit };
    // Only edit actions are resolved; with no edit to give, say why (the action applies nothing).
    feature.notifier.showMessage(
      'reason' in outcome ? MessageType.Warning : MessageType.Info,
      'reason' in outcome ? outcome.reason : outcome.message,
    );
    return action;
  },
};

interface CustomActionData extends ActionData {
  readonly args: CustomActionArgs;
}
