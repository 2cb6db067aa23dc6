import { type CodeAction, CodeActionKind } from 'vscode-languageserver';
import { commentInstruction } from '../../agent/generate/placement.js';
import { stubShape } from '../../agent/generate/stub-body.js';
import { writesTestsFor } from '../../agent/generate/test-layout.js';
import { unitAt } from '../../syntax/code-units.js';
import { type CodeActionProvider, offerModelOnly } from '../code-action-provider.js';
import { Commands, type GenerateArgs, type UnitArgs } from '../protocol.js';
import { offsetOf, rangeOf } from '../ranges.js';

/**
 * Generate abilities as code actions, for editors with no command palette (Helix): "Implement <name>"
 * in a stub, else "Implement from comment" on a comment line or the blank line under it (model-only:
 * offline, greyed out or not listed); in a unit "Add docstring to <name>" and "Generate tests for
 * <name>" (skeletons when offline).
 */
export const generateActions: CodeActionProvider = {
  name: 'generate',
  kinds: [CodeActionKind.RefactorRewrite],
  provide({ document, range }, { agent, client }) {
    const offset = offsetOf(document, range.start);
    if (offset === undefined) return [];
    const actions: CodeAction[] = [];
    const command = (title: string, id: string, args: unknown): CodeAction => ({
      title,
      kind: CodeActionKind.RefactorRewrite,
      command: { title, command: id, arguments: [args] },
    });
    const unit = unitAt(document.units(), offset);
    const modelOnly = (title: string, args: GenerateArgs) => {
      const action = offerModelOnly(
        command(title, Commands.generate, args),
        agent.provider(),
        client().textDocument?.codeAction,
      );
      if (action) actions.push(action);
    };
    // In a stub, lantern.generate writes its body (a comment in it is only a hint): one action, not two.
    if (unit && stubShape(unit)) {
      const position = rangeOf(document, unit.nameStartIndex, unit.nameStartIndex).start;
      modelOnly(`Implement ${unit.name} with Lantern`, { uri: document.uri, position });
    } else if (commentInstruction(document, offset)) {
      modelOnly('Implement from comment with Lantern', { uri: document.uri, position: range.start });
    }
    if (unit && unit.kind !== 'type' && unit.kind !== 'namespace') {
      const args: UnitArgs = {
        uri: document.uri,
        position: rangeOf(document, unit.nameStartIndex, unit.nameStartIndex).start,
      };
      const verb = unit.docstring ? 'Rewrite docstring of' : 'Add docstring to';
      actions.push(command(`${verb} ${unit.name}`, Commands.generateDocstring, args));
      const testable = unit.kind === 'function' || unit.kind === 'method' || unit.kind === 'class';
      if (testable && writesTestsFor(document.language?.spec.name)) {
        actions.push(command(`Generate tests for ${unit.name}`, Commands.generateTests, args));
      }
    }
    return actions;
  },
};
