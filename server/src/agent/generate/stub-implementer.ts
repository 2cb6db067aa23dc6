import { buildUnitContext, renderContext } from '../../context/unit-context.js';
import type { CodeUnit } from '../../syntax/code-units.js';
import { SyntaxDocument } from '../../syntax/syntax-document.js';
import { AnswerRejected } from '../edits/code-block.js';
import { askForEdit, type ModelEditResult } from '../edits/model-edit.js';
import { applyOffsetEdits, editUnitFromAnswer, type VerifiedEdit } from '../edits/unit-edit.js';
import type { FixServices } from '../fix.js';
import { loadPrompt, type PromptTemplate } from '../prompt-templates.js';
import { stubShape } from './stub-body.js';

/**
 * "Implement with Lantern": the model writes the body of a stub (stubShape) from its signature, its
 * docstring and the unit's context; the answer goes through the unit edit pipeline like a fix (one
 * block, complete unit, re-indented, minimal diff, parse check, the language's checker, the version
 * asked about), and is refused if what it leaves is still a stub. Throws only a `cancelled` ModelError.
 */
export class StubImplementer {
  readonly #prompt: PromptTemplate = loadPrompt('implement');

  constructor(private readonly services: FixServices) {}

  async implement(
    document: SyntaxDocument,
    unit: CodeUnit,
    signal: AbortSignal,
    /** More the user said (a comment in the stub): passed on as a hint. */
    hint?: string,
  ): Promise<ModelEditResult> {
    const stub = stubShape(unit) ?? 'empty';
    const values = () => {
      const maxTokens = this.services.config().context.maxTokens;
      const context = buildUnitContext(document, unit, this.services.sources, maxTokens);
      return {
        kind: unit.kind,
        name: unit.name,
        file: context.fileLabel,
        language: document.language?.spec.displayName ?? document.languageId,
        stub,
        // A JSDoc sits before the unit, outside the code the context shows: said here in full.
        doc: unit.docstring
          ? `\n\nIts documentation:\n\n${unit.docstring
              .split('\n')
              .map((line) => `> ${line}`)
              .join('\n')}`
          : '',
        hint: hint ? `\n\nThe user's note in it: ${hint}` : '',
        context: renderContext(context),
      };
    };
    const edit = (answer: string): VerifiedEdit => {
      const verified = editUnitFromAnswer(document, unit, answer, this.services.registry);
      const left = stubLeft(document, unit, verified, this.services.registry);
      if (left)
        throw new AnswerRejected(`the answer leaves \`${unit.name}\` unimplemented (its body is ${left})`);
      return verified;
    };
    const what = `the implementation of \`${unit.name}\``;
    return askForEdit(this.services, document, { prompt: this.#prompt, values, edit, what }, signal);
  }
}

// The unit as the edit leaves it, if it is still a stub: how.
function stubLeft(
  document: SyntaxDocument,
  unit: CodeUnit,
  verified: VerifiedEdit,
  registry: FixServices['registry'],
): string | undefined {
  const text = applyOffsetEdits(document.text, verified.edits);
  const edited = new SyntaxDocument(document.uri, document.languageId, document.version, text, registry);
  // Imports added above move the unit down: take the unit of that name nearest its old place.
  const candidates = edited.units().filter((one) => one.name === unit.name && one.kind === unit.kind);
  const after = candidates.sort(
    (a, b) => Math.abs(a.startIndex - unit.startIndex) - Math.abs(b.startIndex - unit.startIndex),
  )[0];
  return after ? stubShape(after) : undefined;
}
