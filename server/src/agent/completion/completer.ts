import { setTimeout as delay } from 'node:timers/promises';
import type { LanternConfig } from '../../config.js';
import type { ContextSources } from '../../context/unit-context.js';
import type { ProviderChoice } from '../../llm/create-provider.js';
import { isModelError, ModelError } from '../../llm/errors.js';
import type { ModelAnswer } from '../../llm/provider.js';
import { cacheKey } from '../../store/response-cache.js';
import type { GrammarRegistry } from '../../syntax/grammar-registry.js';
import type { SyntaxDocument } from '../../syntax/syntax-document.js';
import type { ModelUsage } from '../../telemetry/performance-monitor.js';
import { SharedCalls } from '../call-sharing.js';
import { InsertionCheck } from '../edits/insertion-check.js';
import { callModel } from '../model-call.js';
import { CallBudget, RecentAnswers } from './call-budget.js';
import { buildCompletionContext, type CompletionContext, FileFactsCache } from './completion-context.js';
import { COMPLETE_PROMPT, completionRequest } from './completion-prompt.js';
import { shapeCompletion } from './shape-completion.js';

export interface CompletionServices {
  /** The completion backend (`completion.provider`), not necessarily the one that explains. */
  readonly provider: () => ProviderChoice;
  readonly config: () => LanternConfig;
  readonly sources: ContextSources;
  readonly registry: GrammarRegistry;
  readonly usage: ModelUsage;
  readonly onModelError: (error: ModelError) => void;
}

/** A completion checked for the document version it was asked for. */
export interface Completion {
  /** The text to insert at `offset` (possibly several lines). */
  readonly text: string;
  readonly offset: number;
  readonly version: number;
  /** `typeahead`: the rest of the last completion, which the user has been typing. */
  readonly source: 'model' | 'cache' | 'typeahead';
}

/** A completion, or why there is none (for the log; the user simply sees nothing). */
export type CompletionOutcome =
  | { readonly kind: 'completion'; readonly completion: Completion }
  | { readonly kind: 'none'; readonly reason: string; readonly superseded?: boolean };

/** The last completion given in a document: the user may be typing it. */
interface Given {
  readonly before: string;
  readonly after: string;
  readonly text: string;
}

const none = (reason: string): CompletionOutcome => ({ kind: 'none', reason });

/**
 * Completion as you type, front-agnostic. Every request for a document supersedes the one before it
 * (its wait ends, its model call is aborted unless the new request asks the same and joins it).
 * Answers come, cheapest first, from the rest of the last completion when the user is typing it, from
 * answers for the same structural context, or — after `completion.debounceMs` of quiet and within the
 * per-minute budget — from the model. An answer for a version of the document that is gone is
 * dropped. Whatever is shown has been shaped (shape-completion.ts) and parses: the longest part of it,
 * by whole lines, that adds no syntax error, or nothing.
 */
export class Completer {
  readonly #current = new Map<string, AbortController>();
  readonly #given = new Map<string, Given>();
  readonly #answers = new RecentAnswers();
  readonly #calls = new SharedCalls<ModelAnswer | ModelError>();
  readonly #budget = new CallBudget();
  readonly #facts = new FileFactsCache();

  constructor(private readonly services: CompletionServices) {}

  /**
   * The completion at `offset`. Throws only a `cancelled` ModelError, when `signal` (the client's
   * cancellation) aborts; a request superseded by a newer one answers `none`.
   */
  async complete(document: SyntaxDocument, offset: number, signal: AbortSignal): Promise<CompletionOutcome> {
    const { uri } = document;
    this.#current.get(uri)?.abort();
    const own = new AbortController();
    this.#current.set(uri, own);
    try {
      return await this.#complete(document, offset, AbortSignal.any([signal, own.signal]));
    } catch (error) {
      if (!isModelError(error, 'cancelled') && !(error instanceof Error && error.name === 'AbortError'))
        throw error;
      if (signal.aborted) throw new ModelError('cancelled', 'The request was cancelled.');
      return { kind: 'none', reason: 'superseded by a newer request or an edit', superseded: true };
    } finally {
      if (this.#current.get(uri) === own) this.#current.delete(uri);
    }
  }

  /**
   * Ends the request under way for a document (its answer would be for text that is gone): called
   * on every change, so a model call the typing made useless stops at once.
   */
  supersede(uri: string): void {
    this.#current.get(uri)?.abort();
  }

  /** Forgets a closed document's last completion. */
  forget(uri: string): void {
    this.supersede(uri);
    this.#given.delete(uri);
    this.#facts.forget(uri);
  }

  async #complete(document: SyntaxDocument, offset: number, signal: AbortSignal): Promise<CompletionOutcome> {
    const config = this.services.config().completion;
    const off = whyOff(document, config);
    if (off) return none(off);
    const choice = this.services.provider();
    if (choice.kind === 'offline') return none(`no model (${choice.reason})`);
    const { version } = document;
    const context = buildCompletionContext(document, offset, this.services.sources, config, this.#facts);
    const check = new InsertionCheck(document, offset, this.services.registry);
    const typedOn = this.#typeahead(document, offset, check);
    if (typedOn) return typedOn;

    const provider = choice.provider;
    const key = cacheKey({
      provider: provider.name,
      model: provider.model,
      promptVersion: `${COMPLETE_PROMPT.version}:${config.fim}`,
      ability: 'complete',
      context: context.structure,
    });
    const cached = this.#answers.get(key);
    if (cached !== undefined) return this.#checked(document, context, check, cached, version, 'cache');
    // A call for the same context under way (asked again at the same place) is joined at once.
    if (!this.#calls.has(key)) {
      await delay(config.debounceMs, undefined, { signal });
      if (!this.#calls.has(key) && !this.#budget.take(config.maxCallsPerMinute))
        return none(`the budget of ${config.maxCallsPerMinute} completion calls a minute is spent`);
    }
    const request = completionRequest(document, context, config.maxOutputTokens);
    const answer = await this.#calls.run(key, signal, (shared) =>
      callModel(this.services, provider, request, { signal: shared }),
    );
    if (answer instanceof ModelError) return none(`the model failed: ${answer.message}`);
    this.#answers.set(key, answer.text);
    if (document.version !== version) return none('the document changed while the model was writing');
    return this.#checked(document, context, check, answer.text, version, 'model');
  }

  #checked(
    document: SyntaxDocument,
    context: CompletionContext,
    check: InsertionCheck,
    answer: string,
    version: number,
    source: Completion['source'],
  ): CompletionOutcome {
    const candidates = shapeCompletion(answer, context, this.services.config().completion.maxLines);
    if (candidates.length === 0) return none('the answer had nothing to insert');
    const text = longestParsingPart(candidates, check);
    if (text === '') return none('every part of the answer would break the syntax');
    const before = document.text.slice(0, context.offset);
    this.#given.set(document.uri, { before, after: document.text.slice(context.offset), text });
    return { kind: 'completion', completion: { text, offset: context.offset, version, source } };
  }

  /** The rest of the last completion, when the text typed since is its start (and nothing else moved). */
  #typeahead(document: SyntaxDocument, offset: number, check: InsertionCheck): CompletionOutcome | undefined {
    const given = this.#given.get(document.uri);
    if (!given) return undefined;
    const text = document.text;
    if (text.length - offset !== given.after.length || !text.endsWith(given.after)) return undefined;
    const before = text.slice(0, offset);
    if (!before.startsWith(given.before)) return undefined;
    const typed = before.slice(given.before.length);
    if (typed === '' || !given.text.startsWith(typed) || typed.length >= given.text.length) return undefined;
    const rest = given.text.slice(typed.length);
    if (!check.keepsSyntax(rest)) return undefined;
    this.#given.set(document.uri, { before, after: given.after, text: rest });
    const completion = { text: rest, offset, version: document.version, source: 'typeahead' as const };
    return { kind: 'completion', completion };
  }
}

/** Why completion is off for a document, if it is. */
function whyOff(document: SyntaxDocument, config: LanternConfig['completion']): string | undefined {
  if (!config.enabled) return 'completion.enabled is off';
  const names = [document.languageId, document.language?.spec.name].map((name) => name?.toLowerCase());
  if (config.disabledLanguages.some((language) => names.includes(language.toLowerCase())))
    return `completion is off for ${document.languageId}`;
  // Without a tree nothing could be checked before it is shown.
  if (!document.tree) return document.skipReason ?? 'the document has no syntax tree';
  return undefined;
}

/**
 * The first candidate that adds no syntax error, else the longest start of whole lines of one that
 * adds none; '' when no part of any does.
 */
function longestParsingPart(candidates: readonly string[], check: InsertionCheck): string {
  const whole = candidates.find((candidate) => check.keepsSyntax(candidate));
  if (whole !== undefined) return whole;
  let best = '';
  for (const candidate of candidates) {
    const lines = candidate.split('\n');
    for (let count = lines.length - 1; count > 0; count--) {
      const part = lines.slice(0, count).join('\n').replace(/\s+$/, '');
      if (part.length <= best.length) break;
      if (part.trim() !== '' && check.keepsSyntax(part)) {
        best = part;
        break;
      }
    }
  }
  return best;
}
