import { ModelError } from '../../llm/errors.js';
import { needsModel } from '../../llm/offline-hint.js';
import type { ModelProvider } from '../../llm/provider.js';
import type { SyntaxDocument } from '../../syntax/syntax-document.js';
import type { FixServices } from '../fix.js';
import { callModel, codeAnswerTokens } from '../model-call.js';
import { type PromptTemplate, promptRequest } from '../prompt-templates.js';
import { AnswerRejected } from './code-block.js';
import type { LanguageCheck } from './language-check.js';
import { checkEdit, refusalOf } from './second-gate.js';
import type { VerifiedEdit } from './unit-edit.js';

/** A model-made edit that passed its checks, or why there is none (said to the user as is). */
export type ModelEditResult =
  | {
      readonly kind: 'edit';
      readonly edit: VerifiedEdit;
      readonly summary: string;
      /** The language's own checker on the edited file: passed, or skipped and why. */
      readonly check: LanguageCheck;
    }
  | Refusal;

/**
 * Why an ability has no answer, said to the user as is. `cause: 'model'` when the model call itself
 * failed (down, wrong key, circuit open) rather than its answer being refused: the monitor counts that
 * request as an error.
 */
export interface Refusal {
  readonly kind: 'rejected';
  readonly reason: string;
  readonly cause?: 'model';
}

/** The refusal for a failed model call. */
export function modelFailure(error: ModelError): Refusal {
  return { kind: 'rejected', reason: error.message, cause: 'model' };
}

export interface ModelEditRequest {
  readonly prompt: PromptTemplate;
  /** The prompt's values, built only once a model is known to be there. */
  readonly values: () => Record<string, string>;
  /** The answer through an edit pipeline (unit, region): throws AnswerRejected with the reason. */
  readonly edit: (answer: string) => VerifiedEdit;
  /** What the user asked for, in messages: "the fix", "“Simplify total”". */
  readonly what: string;
}

/**
 * One model-made edit: the offline check, one model call, then — if the document is still at the
 * version the request saw — the answer through the given pipeline. Nothing is applied here; the
 * caller sends the verified edit. Throws only a `cancelled` ModelError.
 */
export async function askForEdit(
  services: FixServices,
  document: SyntaxDocument,
  request: ModelEditRequest,
  signal: AbortSignal,
): Promise<ModelEditResult> {
  const choice = services.provider();
  if (choice.kind === 'offline')
    return { kind: 'rejected', reason: needsModel(`for ${request.what}`, choice.reason) };
  // The document object is live (edited in place on didChange): remember the version asked about.
  const version = document.version;
  const reply = await callEditModel(services, choice.provider, request, signal);
  if (reply instanceof ModelError) return modelFailure(reply);
  if (services.currentVersion(document.uri) !== version || document.version !== version) {
    return {
      kind: 'rejected',
      reason: `Lantern did not apply ${request.what}: the document changed while the model was writing; ask again.`,
    };
  }
  let edit: VerifiedEdit;
  try {
    edit = request.edit(reply.text);
  } catch (error) {
    if (error instanceof AnswerRejected)
      return { kind: 'rejected', reason: `Lantern did not apply ${request.what}: ${error.reason}.` };
    throw error;
  }
  // The second gate: what tree-sitter accepts, the language itself may not (bounded in time).
  const check = await checkEdit(document, edit.edits, services.languageCheck(document));
  if (check.kind === 'refused') {
    const language = document.language?.spec.name ?? document.languageId;
    return {
      kind: 'rejected',
      reason: `Lantern did not apply ${request.what}: ${refusalOf(check, language)}.`,
    };
  }
  if (services.currentVersion(document.uri) !== version || document.version !== version) {
    return {
      kind: 'rejected',
      reason: `Lantern did not apply ${request.what}: the document changed while the model was writing; ask again.`,
    };
  }
  return { kind: 'edit', edit, summary: summaryOf(reply.text), check };
}

function callEditModel(
  services: FixServices,
  provider: ModelProvider,
  request: ModelEditRequest,
  signal: AbortSignal,
) {
  const tokens = codeAnswerTokens(services.config());
  return callModel(services, provider, promptRequest(request.prompt, request.values(), tokens), { signal });
}

// The model's one or two sentences before the code block, for the action's description.
function summaryOf(answer: string): string {
  const before = answer.split(/^(```|~~~)/m)[0]?.trim() ?? '';
  return before.split('\n')[0]?.slice(0, 200) ?? '';
}
