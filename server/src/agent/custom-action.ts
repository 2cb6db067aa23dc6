import type { CustomAction } from '../config.js';
import { buildUnitContext, renderContext } from '../context/unit-context.js';
import { ModelError } from '../llm/errors.js';
import { needsModel } from '../llm/offline-hint.js';
import type { CodeUnit } from '../syntax/code-units.js';
import type { SyntaxDocument } from '../syntax/syntax-document.js';
import { askForEdit, type ModelEditResult, modelFailure } from './edits/model-edit.js';
import { editUnitFromAnswer } from './edits/unit-edit.js';
import { cleanAnswer } from './explain.js';
import type { FixServices } from './fix.js';
import { callModel } from './model-call.js';
import { loadPrompt, type PromptTemplate, promptRequest } from './prompt-templates.js';

/** The outcome of a custom action: a verified edit, an answer to show, or why there is neither. */
export type CustomActionResult = ModelEditResult | { readonly kind: 'message'; readonly text: string };

/** The unit's facts a custom action's title and prompt may name as `{{name}}`, `{{kind}}`, … */
export function unitPlaceholders(document: SyntaxDocument, unit: CodeUnit): Record<string, string> {
  return {
    name: unit.name,
    kind: unit.kind,
    language: document.language?.spec.name ?? document.languageId,
    file: document.uri.slice(document.uri.lastIndexOf('/') + 1),
  };
}

/**
 * Fills the placeholders Lantern knows in a user's text and leaves anything else as written: a prompt
 * about templates may well contain `{{…}}` of its own.
 */
export function fillPlaceholders(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(/\{\{(\w+)\}\}/g, (whole, key: string) => values[key] ?? whole);
}

/**
 * User-defined code actions (`customActions` in the settings): the user's instruction and the unit's
 * context go to the model; an `edit` answer goes through the same pipeline as a fix (one fenced block,
 * re-indented, diffed, verified), a `message` answer is returned to show. Not cached: like a fix, a
 * rewrite is wanted once, for this text. Throws only a `cancelled` ModelError.
 */
export class CustomActions {
  readonly #editPrompt: PromptTemplate = loadPrompt('custom-edit');
  readonly #messagePrompt: PromptTemplate = loadPrompt('custom-message');

  constructor(private readonly services: FixServices) {}

  async run(
    document: SyntaxDocument,
    unit: CodeUnit,
    action: CustomAction,
    signal: AbortSignal,
  ): Promise<CustomActionResult> {
    const title = fillPlaceholders(action.title, unitPlaceholders(document, unit));
    const values = () => {
      const config = this.services.config();
      const context = buildUnitContext(document, unit, this.services.sources, config.context.maxTokens);
      const facts = { ...unitPlaceholders(document, unit), file: context.fileLabel };
      return {
        ...facts,
        instruction: fillPlaceholders(action.prompt, facts),
        context: renderContext(context),
      };
    };
    if (action.answer === 'edit') {
      const edit = (answer: string) =>
        editUnitFromAnswer(document, unit, answer, this.services.registry, { text: action.prompt });
      const request = { prompt: this.#editPrompt, values, edit, what: `“${title}”` };
      return askForEdit(this.services, document, request, signal);
    }
    const choice = this.services.provider();
    if (choice.kind === 'offline')
      return { kind: 'rejected', reason: needsModel(`for “${title}”`, choice.reason) };
    const { maxOutputTokens } = this.services.config().request;
    const request = promptRequest(this.#messagePrompt, values(), maxOutputTokens);
    const reply = await callModel(this.services, choice.provider, request, { signal });
    if (reply instanceof ModelError) return modelFailure(reply);
    const text = cleanAnswer(reply.text);
    if (text === '') return { kind: 'rejected', reason: 'Lantern: the model returned an empty answer.' };
    return { kind: 'message', text };
  }
}
