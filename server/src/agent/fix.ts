import { buildUnitContext, renderContext } from '../context/unit-context.js';
import { ModelError } from '../llm/errors.js';
import type { CodeUnit } from '../syntax/code-units.js';
import type { GrammarRegistry } from '../syntax/grammar-registry.js';
import type { SyntaxDocument } from '../syntax/syntax-document.js';
import type { TopLevelRegion } from '../syntax/top-level-region.js';
import { AnswerRejected } from './edits/code-block.js';
import { editRegionFromAnswer } from './edits/region-edit.js';
import { editUnitFromAnswer, type VerifiedEdit } from './edits/unit-edit.js';
import type { ExplainServices } from './explain.js';
import { callModel, codeAnswerTokens } from './model-call.js';
import { loadPrompt, type PromptTemplate, promptRequest } from './prompt-templates.js';

/** A problem to fix, as a diagnostic describes it (from any language server). */
export interface Problem {
  readonly message: string;
  readonly source: string | undefined;
  /** Offset of the problem's start in the document. */
  readonly startIndex: number;
  /** The problem's line (1-based), for the prompt. */
  readonly line: number;
}

/** The outcome of a fix request: a verified edit, or why there is none. */
export type FixResult =
  | { readonly kind: 'edit'; readonly edit: VerifiedEdit; readonly unit: CodeUnit; readonly summary: string }
  | { readonly kind: 'rejected'; readonly reason: string };

/** The outcome of a fix outside every unit: an edit of the region, or why there is none. */
export type RegionFixResult =
  | { readonly kind: 'edit'; readonly edit: VerifiedEdit; readonly summary: string }
  | { readonly kind: 'rejected'; readonly reason: string };

export interface FixServices extends ExplainServices {
  readonly registry: GrammarRegistry;
  /** The document as it is now (it may have changed while the model was thinking). */
  readonly currentVersion: (uri: string) => number | undefined;
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

  constructor(private readonly services: FixServices) {}

  async fix(
    document: SyntaxDocument,
    unit: CodeUnit,
    problem: Problem,
    signal: AbortSignal,
  ): Promise<FixResult> {
    const result = await this.#ask(
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
      (answer) => editUnitFromAnswer(document, unit, answer, this.services.registry),
      signal,
    );
    return result.kind === 'edit' ? { ...result, unit } : result;
  }

  /** Fixes a problem in top-level code (an import block, a stray statement): only that region changes. */
  fixRegion(
    document: SyntaxDocument,
    region: TopLevelRegion,
    problem: Problem,
    signal: AbortSignal,
  ): Promise<RegionFixResult> {
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
          file: document.uri.slice(document.uri.lastIndexOf('/') + 1),
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

  // Offline check, one model call, the version check, then the answer through the given pipeline.
  async #ask(
    document: SyntaxDocument,
    prompt: PromptTemplate,
    values: () => Record<string, string>,
    edit: (answer: string) => VerifiedEdit,
    signal: AbortSignal,
  ): Promise<RegionFixResult> {
    const choice = this.services.provider();
    if (choice.kind === 'offline')
      return { kind: 'rejected', reason: `Lantern needs a model to fix this (${choice.reason}).` };
    // The document object is live (edited in place on didChange): remember the version asked about.
    const version = document.version;
    const config = this.services.config();
    const reply = await callModel(
      this.services,
      choice.provider,
      promptRequest(prompt, values(), codeAnswerTokens(config)),
      { signal },
    );
    if (reply instanceof ModelError) return { kind: 'rejected', reason: reply.message };
    const answer = reply.text;
    if (this.services.currentVersion(document.uri) !== version || document.version !== version) {
      return {
        kind: 'rejected',
        reason:
          'Lantern did not apply the fix: the document changed while the fix was being written; ask again.',
      };
    }
    try {
      return { kind: 'edit', edit: edit(answer), summary: summaryOf(answer) };
    } catch (error) {
      if (error instanceof AnswerRejected)
        return { kind: 'rejected', reason: `Lantern did not apply the fix: ${error.reason}.` };
      throw error;
    }
  }
}

function problemLine(problem: Problem): string {
  return `line ${problem.line}: ${problem.message}${problem.source ? ` (${problem.source})` : ''}`;
}

// The model's one or two sentences before the code block, for the action's description.
function summaryOf(answer: string): string {
  const before = answer.split(/^(```|~~~)/m)[0]?.trim() ?? '';
  return before.split('\n')[0]?.slice(0, 200) ?? '';
}
