import { buildUnitContext, renderContext } from '../../context/unit-context.js';
import { ModelError } from '../../llm/errors.js';
import type { CodeUnit } from '../../syntax/code-units.js';
import type { SyntaxDocument } from '../../syntax/syntax-document.js';
import { AnswerRejected, extractCodeBlock } from '../edits/code-block.js';
import { modelFailure, type Refusal } from '../edits/model-edit.js';
import { type VerifiedEdit, verifySyntax } from '../edits/unit-edit.js';
import type { FixServices } from '../fix.js';
import { callModel } from '../model-call.js';
import { loadPrompt, type PromptTemplate, promptRequest } from '../prompt-templates.js';
import { COMMENT_SHAPES, COMMENT_STYLE_NAMES, withoutMarkers } from './doc-conventions.js';
import { docstringEdit, prevailingStyle, skeletonDoc } from './docstring-format.js';

export type DocstringResult =
  | { readonly kind: 'edit'; readonly edit: VerifiedEdit; readonly skeleton: boolean }
  | Refusal;

const STYLE_NAMES = {
  google: 'Google-style Python docstring',
  rest: 'reStructuredText Python docstring',
  numpy: 'NumPy-style Python docstring',
  jsdoc: 'JSDoc with @param and @returns',
  ...COMMENT_STYLE_NAMES,
};

/**
 * `lantern.generateDocstring`: the model documents a unit in the file's style; offline, an honest
 * skeleton from the signature. Either way the edit is verified to parse. Throws only `cancelled`.
 */
export class DocstringWriter {
  readonly #prompt: PromptTemplate = loadPrompt('docstring');

  constructor(private readonly services: FixServices) {}

  async write(document: SyntaxDocument, unit: CodeUnit, signal: AbortSignal): Promise<DocstringResult> {
    const style = prevailingStyle(document);
    const choice = this.services.provider();
    let doc = skeletonDoc(unit, style);
    const skeleton = choice.kind === 'offline';
    if (choice.kind === 'model') {
      const context = buildUnitContext(
        document,
        unit,
        this.services.sources,
        this.services.config().context.maxTokens,
      );
      const values = {
        kind: unit.kind,
        name: unit.name,
        file: context.fileLabel,
        style: STYLE_NAMES[style],
        context: renderContext(context),
      };
      const reply = await callModel(
        this.services,
        choice.provider,
        promptRequest(this.#prompt, values, this.services.config().request.maxOutputTokens),
        { signal },
      );
      if (reply instanceof ModelError) return modelFailure(reply);
      try {
        // The model was asked for the text alone; strip comment markers or quotes it added anyway.
        const shape = COMMENT_SHAPES[style as keyof typeof COMMENT_SHAPES];
        doc = withoutMarkers(extractCodeBlock(reply.text), shape && !shape.block ? shape.prefix : undefined);
      } catch (error) {
        if (!(error instanceof AnswerRejected)) throw error;
        return { kind: 'rejected', reason: `Lantern did not add the docstring: ${error.reason}.` };
      }
    }
    try {
      const edit = docstringEdit(document, unit, doc);
      verifySyntax(document, [edit], this.services.registry);
      return { kind: 'edit', edit: { version: document.version, edits: [edit] }, skeleton };
    } catch (error) {
      const reason = error instanceof AnswerRejected ? error.reason : (error as Error).message;
      return { kind: 'rejected', reason: `Lantern did not add the docstring: ${reason}.` };
    }
  }
}
