import { buildUnitContext, renderContext } from '../context/unit-context.js';
import { ModelError } from '../llm/errors.js';
import type { CodeUnit } from '../syntax/code-units.js';
import type { GrammarRegistry } from '../syntax/grammar-registry.js';
import type { SyntaxDocument } from '../syntax/syntax-document.js';
import { AnswerRejected } from './edits/code-block.js';
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

export interface FixServices extends ExplainServices {
  readonly registry: GrammarRegistry;
  /** The document as it is now (it may have changed while the model was thinking). */
  readonly currentVersion: (uri: string) => number | undefined;
}

/**
 * The fix ability: asks the model for the complete corrected unit around a problem and runs the answer
 * through the edit pipeline. Fix answers are not cached: a fix is wanted once, for this exact text.
 * Throws only a `cancelled` ModelError.
 */
export class Fixer {
  readonly #prompt: PromptTemplate = loadPrompt('fix');

  constructor(private readonly services: FixServices) {}

  async fix(
    document: SyntaxDocument,
    unit: CodeUnit,
    problem: Problem,
    signal: AbortSignal,
  ): Promise<FixResult> {
    const choice = this.services.provider();
    if (choice.kind === 'offline')
      return { kind: 'rejected', reason: `Lantern needs a model to fix this (${choice.reason}).` };
    // The document object is live (edited in place on didChange): remember the version asked about.
    const version = document.version;
    const config = this.services.config();
    const context = buildUnitContext(document, unit, this.services.sources, config.context.maxTokens);
    const source = problem.source ? ` (${problem.source})` : '';
    const values = {
      kind: unit.kind,
      name: unit.name,
      file: context.fileLabel,
      problem: `line ${problem.line}: ${problem.message}${source}`,
      context: renderContext(context),
    };
    const reply = await callModel(
      this.services,
      choice.provider,
      promptRequest(this.#prompt, values, codeAnswerTokens(config)),
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
      const edit = editUnitFromAnswer(document, unit, answer, this.services.registry);
      return { kind: 'edit', edit, unit, summary: summaryOf(answer) };
    } catch (error) {
      if (error instanceof AnswerRejected)
        return { kind: 'rejected', reason: `Lantern did not apply the fix: ${error.reason}.` };
      throw error;
    }
  }
}

// The model's one or two sentences before the code block, for the action's description.
function summaryOf(answer: string): string {
  const before = answer.split(/^(```|~~~)/m)[0]?.trim() ?? '';
  return before.split('\n')[0]?.slice(0, 200) ?? '';
}
