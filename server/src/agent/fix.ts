import { buildUnitContext, labelFor, renderContext } from '../context/unit-context.js';
import type { CodeUnit } from '../syntax/code-units.js';
import type { GrammarRegistry } from '../syntax/grammar-registry.js';
import type { SyntaxDocument } from '../syntax/syntax-document.js';
import type { TextBlock } from '../syntax/text-block.js';
import type { TopLevelRegion } from '../syntax/top-level-region.js';
import { blockPromptValues } from './block-context.js';
import { earlierAttempt } from './debug/fix-attempts.js';
import { editBlockFromAnswer } from './edits/block-edit.js';
import type { LanguageCheckOptions } from './edits/language-check.js';
import { askForEdit, type ModelEditResult } from './edits/model-edit.js';
import { editRegionFromAnswer } from './edits/region-edit.js';
import { editUnitFromAnswer, type VerifiedEdit } from './edits/unit-edit.js';
import type { ExplainServices } from './explain.js';
import { loadPrompt, type PromptTemplate } from './prompt-templates.js';

/** A problem to fix, as a diagnostic describes it (from any language server). */
export interface Problem {
  readonly message: string;
  readonly source: string | undefined;
  /** Offset of the problem's start in the document. */
  readonly startIndex: number;
  /** The problem's line (1-based), for the prompt. */
  readonly line: number;
  /** How the last attempt at this fix failed (its tests' failure), when this is another attempt. */
  readonly earlierAttempt?: string | undefined;
}

export interface FixServices extends ExplainServices {
  readonly registry: GrammarRegistry;
  /** The document as it is now (it may have changed while the model was thinking). */
  readonly currentVersion: (uri: string) => number | undefined;
  /** Where the language's own checker looks for the workspace's tools, and whether it may load them. */
  readonly languageCheck: (document: SyntaxDocument) => LanguageCheckOptions;
}

// Lines of the file shown around a top-level region, each side.
const SURROUNDING_LINES = 10;

/**
 * The fix ability: asks the model for the complete corrected unit around a problem (or, outside every
 * unit, the corrected top-level region) and runs the answer through the edit pipeline. Fix answers are
 * not cached: a fix is wanted once, for this exact text. Throws only a `cancelled` ModelError.
 */
export class Fixer {
  readonly #prompt: PromptTemplate = loadPrompt('fix');
  readonly #statementPrompt: PromptTemplate = loadPrompt('fix-statement');
  readonly #blockPrompt: PromptTemplate = loadPrompt('fix-block');

  constructor(private readonly services: FixServices) {}

  async fix(
    document: SyntaxDocument,
    unit: CodeUnit,
    problem: Problem,
    signal: AbortSignal,
  ): Promise<ModelEditResult> {
    return this.#ask(
      document,
      this.#prompt,
      () => {
        const maxTokens = this.services.config().context.maxTokens;
        const context = buildUnitContext(document, unit, this.services.sources, maxTokens);
        return {
          kind: unit.kind,
          name: unit.name,
          file: context.fileLabel,
          problem: problemLine(problem),
          context: renderContext(context),
        };
      },
      (answer) =>
        editUnitFromAnswer(document, unit, answer, this.services.registry, { text: problem.message }),
      signal,
    );
  }

  /** Fixes a problem in top-level code (an import block, a stray statement): only that region changes. */
  fixRegion(
    document: SyntaxDocument,
    region: TopLevelRegion,
    problem: Problem,
    signal: AbortSignal,
  ): Promise<ModelEditResult> {
    return this.#ask(
      document,
      this.#statementPrompt,
      () => {
        const { textDocument } = document;
        const from = textDocument.positionAt(region.startIndex).line;
        const to = textDocument.positionAt(region.endIndex).line;
        const lines = document.text.split('\n');
        return {
          region: region.description,
          file: labelFor(document.uri, this.services.sources.workspaceRoot),
          problem: problemLine(problem),
          fence: document.language?.spec.fence ?? '',
          code: document.text.slice(region.startIndex, region.endIndex),
          surroundings: lines
            .slice(Math.max(0, from - SURROUNDING_LINES), to + 1 + SURROUNDING_LINES)
            .join('\n'),
        };
      },
      (answer) => editRegionFromAnswer(document, region, answer, this.services.registry),
      signal,
    );
  }

  /**
   * Fixes a problem in a file Lantern has no grammar for: the block around it (blockAt) is rewritten,
   * checked by everything but a parser (editBlockFromAnswer).
   */
  fixBlock(
    document: SyntaxDocument,
    block: TextBlock,
    problem: Problem,
    signal: AbortSignal,
  ): Promise<ModelEditResult> {
    return this.#ask(
      document,
      this.#blockPrompt,
      () => ({
        ...blockPromptValues(document, block, this.services.sources.workspaceRoot),
        problem: problemLine(problem),
      }),
      (answer) => editBlockFromAnswer(document, block, answer, { text: problem.message }),
      signal,
    );
  }

  #ask(
    document: SyntaxDocument,
    prompt: PromptTemplate,
    values: () => Record<string, string>,
    edit: (answer: string) => VerifiedEdit,
    signal: AbortSignal,
  ): Promise<ModelEditResult> {
    return askForEdit(this.services, document, { prompt, values, edit, what: 'the fix' }, signal);
  }
}

function problemLine(problem: Problem): string {
  const line = `line ${problem.line}: ${problem.message}${problem.source ? ` (${problem.source})` : ''}`;
  return `${line}${earlierAttempt(problem.earlierAttempt)}`;
}
