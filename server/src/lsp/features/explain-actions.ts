import { type CodeAction, CodeActionKind } from 'vscode-languageserver';
import { unitAt } from '../../syntax/code-units.js';
import type { CodeActionProvider } from '../code-action-provider.js';
import { Commands, type ExplainCommandArgs } from '../protocol.js';
import { offsetOf, rangeOf } from '../ranges.js';

/**
 * "Explain <unit>" on the innermost unit at the cursor, and "Explain <unit> again" (bypasses and
 * replaces the cached answer) when a model is configured. Both run `lantern.explain`, which shows the
 * answer: this is how editors without a command palette (Helix) reach explanations.
 */
export const explainActions: CodeActionProvider = {
  name: 'explainActions',
  kinds: [CodeActionKind.Empty],
  provide({ document, range }, { agent }) {
    const offset = offsetOf(document, range.start);
    if (offset === undefined) return [];
    const unit = unitAt(document.units(), offset);
    if (!unit) return [];
    const position = rangeOf(document, unit.nameStartIndex, unit.nameStartIndex).start;
    const action = (title: string, refresh: boolean): CodeAction => {
      const args: ExplainCommandArgs = { uri: document.uri, position, refresh, present: true };
      return {
        title,
        kind: CodeActionKind.Empty,
        command: { title, command: Commands.explain, arguments: [args] },
      };
    };
    const actions = [action(`Explain ${unit.name}`, false)];
    if (agent.provider().kind === 'model') actions.push(action(`Explain ${unit.name} again`, true));
    return actions;
  },
};
