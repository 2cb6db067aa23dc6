import { type CodeAction, CodeActionKind } from 'vscode-languageserver';
import { commentInstruction } from '../../agent/generate/placement.js';
import { writesTestsFor } from '../../agent/generate/test-layout.js';
import { unitAt } from '../../syntax/code-units.js';
import { type CodeActionProvider, offerModelOnly } from '../code-action-provider.js';
import { Commands, type GenerateArgs, type UnitArgs } from '../protocol.js';
import { offsetOf, rangeOf } from '../ranges.js';

/**
 * Generate abilities as code actions, for editors with no command palette (Helix): "Implement from
 * comment" on a comment line (model-only: offline, greyed out or not listed); in a unit "Add docstring
 * to <name>" and "Generate tests for <name>" (skeletons when offline).
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
    if (commentInstruction(document, offset)) {
      const args: GenerateArgs = { uri: document.uri, position: range.start };
      const implement = offerModelOnly(
        command('Implement from comment with Lantern', Commands.generate, args),
        agent.provider(),
        client().textDocument?.codeAction,
      );
      if (implement) actions.push(implement);
    }
    const unit = unitAt(document.units(), offset);
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
