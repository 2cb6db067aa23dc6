import type { LanternConfig } from '../config.js';
import { buildUnitContext, type ContextSources, labelFor, renderContext } from '../context/unit-context.js';
import type { ProviderChoice } from '../llm/create-provider.js';
import { isModelError, ModelError } from '../llm/errors.js';
import type { ModelProvider } from '../llm/provider.js';
import { cacheKey, type ResponseCache } from '../store/response-cache.js';
import type { CodeUnit } from '../syntax/code-units.js';
import type { GrammarRegistry } from '../syntax/grammar-registry.js';
import type { SyntaxDocument } from '../syntax/syntax-document.js';
import { blockAt, type TextBlock } from '../syntax/text-block.js';
import type { ModelUsage } from '../telemetry/performance-monitor.js';
import type { AgentTool } from '../tools/agent-tool.js';
import { blockPromptValues, fenceOf } from './block-context.js';
import { SharedCalls } from './call-sharing.js';
import { PromptMeaning } from './prompt-meaning.js';
import { loadPrompt, type PromptTemplate, renderTemplate } from './prompt-templates.js';

/** The values of the explain prompt's template for a unit (exported for the context-recall bench). */
export function explainValues(
  document: SyntaxDocument,
  unit: CodeUnit,
  sources: ContextSources,
  maxTokens: number,
): Record<string, string> {
  const context = buildUnitContext(document, unit, sources, maxTokens);
  // The request line names the unit just above its code: a heading would say it again.
  const rendered = renderContext(context, { unitHeading: false });
  return { kind: unit.kind, name: unit.name, file: context.fileLabel, context: rendered };
}

/** Where an explanation's text came from. */
export type ExplanationSource = 'model' | 'cache' | 'offline' | 'not-cached' | 'unavailable';

export interface Explanation {
  /** The model's explanation (markdown), when there is one. */
  readonly text: string | undefined;
  readonly source: ExplanationSource;
  /** Why there is no text (offline, model unavailable), for the user. */
  readonly note: string | undefined;
  /** The model that wrote it. */
  readonly model: string | undefined;
}

/** What the explain ability needs, all replaceable as configuration changes. */
export interface ExplainServices {
  readonly provider: () => ProviderChoice;
  readonly cache: () => ResponseCache;
  readonly config: () => LanternConfig;
  readonly sources: ContextSources;
  /** Parses the prompt's code for the cache key (see PromptMeaning). */
  readonly registry: GrammarRegistry;
  readonly usage: ModelUsage;
  /** Told about model failures the user should hear of once (a wrong key, …). */
  readonly onModelError: (error: ModelError) => void;
  /** The model's tools for the current workspace (none without a workspace folder). */
  readonly tools: () => readonly AgentTool[];
  readonly onToolCall: (call: { name: string; input: unknown; error?: string }) => void;
}

export interface ExplainOptions {
  readonly signal: AbortSignal;
  readonly onText?: (delta: string) => void;
  /** Ask again and replace the cached answer ("Explain … again"). */
  readonly refresh?: boolean;
  /** Only return a cached answer; never call the model (hover.explain = cached). */
  readonly cacheOnly?: boolean;
  /**
   * Waits before a new model call (not before a cache hit, nor before joining a call under way) and
   * rejects when the request is cancelled meanwhile: a hover typed past costs no request.
   */
  readonly beforeModelCall?: (signal: AbortSignal) => Promise<void>;
}

/**
 * The explain ability: a model's explanation of a unit, built from its context, cached by content,
 * shared between concurrent askers. Front-agnostic: the hover, the code actions, the command and the
 * CLI all call this. Throws only a `cancelled` ModelError; every other failure becomes a note.
 */
export class Explainer {
  readonly #explain: PromptTemplate = loadPrompt('explain');
  readonly #explainError: PromptTemplate = loadPrompt('explain-error');
  readonly #explainBlock: PromptTemplate = loadPrompt('explain-block');
  readonly #calls = new SharedCalls<string>();
  readonly #meaning: PromptMeaning;

  constructor(private readonly services: ExplainServices) {
    this.#meaning = new PromptMeaning(services.registry);
  }

  /** Explains a unit: what it does, how, inputs/outputs, pitfalls. */
  explain(document: SyntaxDocument, unit: CodeUnit, options: ExplainOptions): Promise<Explanation> {
    return this.#answer(this.#explain, options, () =>
      explainValues(document, unit, this.services.sources, this.services.config().context.maxTokens),
    );
  }

  /** Explains a block of a file in a language Lantern has no grammar for (see blockAt). */
  explainBlock(document: SyntaxDocument, block: TextBlock, options: ExplainOptions): Promise<Explanation> {
    return this.#answer(this.#explainBlock, options, () =>
      blockPromptValues(document, block, this.services.sources.workspaceRoot),
    );
  }

  /** Explains a diagnostic (from any server) in the light of the unit it is in, if any. */
  explainError(
    document: SyntaxDocument,
    unit: CodeUnit | undefined,
    problem: { message: string; source: string | undefined; line: number },
    options: ExplainOptions,
  ): Promise<Explanation> {
    return this.#answer(this.#explainError, options, () => {
      const maxTokens = this.services.config().context.maxTokens;
      const context = unit ? buildUnitContext(document, unit, this.services.sources, maxTokens) : undefined;
      const lines = document.text.split('\n');
      // Without a grammar, the block the problem is in (as a fix would rewrite it); else the lines around.
      const block = document.language
        ? undefined
        : blockAt(
            document.textDocument,
            document.textDocument.offsetAt({ line: problem.line - 1, character: 0 }),
          );
      const around = block
        ? lines.slice(block.startLine, block.endLine + 1).join('\n')
        : lines.slice(Math.max(0, problem.line - 6), problem.line + 5).join('\n');
      return {
        source: problem.source ? ` (from ${problem.source})` : '',
        line: String(problem.line),
        file: context?.fileLabel ?? labelFor(document.uri, this.services.sources.workspaceRoot),
        problem: problem.message,
        context: context ? renderContext(context) : `\`\`\`${fenceOf(document)}\n${around}\n\`\`\``,
      };
    });
  }

  // Offline check, cache, one shared call per key, failures turned into notes.
  async #answer(
    prompt: PromptTemplate,
    options: ExplainOptions,
    values: () => Record<string, string>,
  ): Promise<Explanation> {
    const choice = this.services.provider();
    if (choice.kind === 'offline') {
      return { text: undefined, source: 'offline', note: `Offline: ${choice.reason}.`, model: undefined };
    }
    const { provider } = choice;
    const config = this.services.config();
    const user = renderTemplate(prompt.user, values());
    const key = cacheKey({
      provider: provider.name,
      model: provider.model,
      promptVersion: prompt.version,
      ability: prompt.name,
      context: this.#meaning.of(user),
    });
    const cache = this.services.cache();
    // A call already writing this answer is joined rather than raced by a cache read.
    if (!options.refresh && !this.#calls.has(key)) {
      const cached = await cache.get(key);
      if (cached) return { text: cached.text, source: 'cache', note: undefined, model: cached.model };
    }
    if (options.cacheOnly)
      return { text: undefined, source: 'not-cached', note: undefined, model: provider.model };
    try {
      if (options.beforeModelCall && !this.#calls.has(key)) await options.beforeModelCall(options.signal);
      const text = await this.#calls.run(key, options.signal, (signal) =>
        this.#ask(provider, prompt.system, user, config, signal, options.onText).then(async (answer) => {
          await cache.set(key, { text: answer, model: provider.model, createdAt: Date.now() });
          return answer;
        }),
      );
      return { text, source: 'model', note: undefined, model: provider.model };
    } catch (error) {
      if (isModelError(error, 'cancelled') || options.signal.aborted) {
        throw new ModelError('cancelled', 'The request was cancelled.');
      }
      const failure = isModelError(error) ? error : new ModelError('bad-answer', (error as Error).message);
      this.services.onModelError(failure);
      return { text: undefined, source: 'unavailable', note: failure.message, model: provider.model };
    }
  }

  async #ask(
    provider: ModelProvider,
    system: string,
    user: string,
    config: LanternConfig,
    signal: AbortSignal,
    onText: ((delta: string) => void) | undefined,
  ): Promise<string> {
    try {
      const answer = await provider.complete(
        {
          system,
          messages: [{ role: 'user', content: user }],
          maxOutputTokens: config.request.maxOutputTokens,
        },
        { signal, ...(onText ? { onText } : {}) },
      );
      this.services.usage.recordModelCall(answer.usage);
      const text = cleanAnswer(answer.text);
      if (text === '') throw new ModelError('bad-answer', 'The model returned an empty explanation.');
      return text;
    } catch (error) {
      if (!isModelError(error, 'cancelled')) this.services.usage.recordModelCall('failed');
      throw error;
    }
  }
}

/** Trims, and unwraps an answer the model put entirely inside one markdown fence. */
export function cleanAnswer(text: string): string {
  const trimmed = text.trim();
  const wrapped = /^```(?:markdown|md)?\n([\s\S]*)\n```$/.exec(trimmed);
  return (wrapped?.[1] ?? trimmed).trim();
}
