import { unitAt } from '../syntax/code-units.js';
import type { SyntaxDocument } from '../syntax/syntax-document.js';
import { blockAt, MAX_SELECTION_LINES, type TextBlock } from '../syntax/text-block.js';
import { blockPromptValues } from './block-context.js';
import { editBlockFromAnswer } from './edits/block-edit.js';
import { askForEdit, type ModelEditResult } from './edits/model-edit.js';
import { type VerifiedEdit, verifySyntax } from './edits/unit-edit.js';
import type { FixServices } from './fix.js';
import { loadPrompt, type PromptTemplate } from './prompt-templates.js';

/**
 * The lines an edit of the selection rewrites: the selection's whole lines; with no selection, the
 * unit at the cursor (a grammar's) or the block around it (blockAt). A reason instead when there is
 * nothing there, or the selection is longer than a model can be trusted to rewrite line for line.
 */
export function selectionTarget(
  document: SyntaxDocument,
  start: number,
  end: number,
): TextBlock | { readonly reason: string } {
  const text = document.textDocument;
  if (end > start) {
    const first = text.positionAt(start).line;
    const last = text.positionAt(end);
    // A selection that ends at the start of a line ends with the line before (blockAt's reading).
    const lines = (last.character === 0 && last.line > first ? last.line - 1 : last.line) - first + 1;
    if (lines > MAX_SELECTION_LINES)
      return { reason: `Lantern edits at most ${MAX_SELECTION_LINES} lines at a time; select fewer.` };
    return blockAt(text, start, { start, end }) ?? { reason: 'Lantern: the selection is empty.' };
  }
  const unit = document.language ? unitAt(document.units(), start) : undefined;
  const lineStart = unit ? text.offsetAt({ line: text.positionAt(unit.startIndex).line, character: 0 }) : 0;
  const block = unit
    ? blockAt(text, start, { start: lineStart, end: unit.endIndex })
    : document.language
      ? undefined
      : blockAt(text, start);
  return block ?? { reason: 'Lantern: select the code to edit (or put the cursor in a function).' };
}

/**
 * `lantern.edit`, `lantern edit`: the selected lines rewritten per the user's instruction, through
 * the edit pipeline fixes use (agent/edits/): the one clear code block of the answer → no line
 * repeated from outside the selection → no body emptied unless the instruction asks for removal →
 * re-indented to the selection's place → minimal line edits → with a grammar, no new syntax error →
 * the language's own checker → for the version the request saw. Not cached: an edit is wanted once.
 * Throws only a `cancelled` ModelError.
 */
export class SelectionEditor {
  readonly #prompt: PromptTemplate = loadPrompt('edit-selection');

  constructor(private readonly services: FixServices) {}

  async edit(
    document: SyntaxDocument,
    target: TextBlock,
    instruction: string,
    signal: AbortSignal,
  ): Promise<ModelEditResult> {
    const values = () => ({
      ...blockPromptValues(document, target, this.services.sources.workspaceRoot),
      instruction,
      language:
        document.language?.spec.displayName ?? `the editor calls its language \`${document.languageId}\``,
    });
    const edit = (answer: string): VerifiedEdit => {
      const verified = editBlockFromAnswer(document, target, answer, { text: instruction });
      verifySyntax(document, verified.edits, this.services.registry);
      return verified;
    };
    return askForEdit(
      this.services,
      document,
      { prompt: this.#prompt, values, edit, what: 'the edit' },
      signal,
    );
  }
}
