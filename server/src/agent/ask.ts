import { randomUUID } from 'node:crypto';
import { ModelError } from '../llm/errors.js';
import { needsModel } from '../llm/offline-hint.js';
import type { ChatMessage, ModelProvider } from '../llm/provider.js';
import type { SessionStore } from '../store/sessions.js';
import { unitAt } from '../syntax/code-units.js';
import type { SyntaxDocument } from '../syntax/syntax-document.js';
import type { AgentTool } from '../tools/agent-tool.js';
import type { VerifiedEdit } from './edits/unit-edit.js';
import type { Explainer } from './explain.js';
import type { Fixer, FixServices } from './fix.js';
import type { Generator } from './generate/generator.js';
import { callModel } from './model-call.js';
import { loadPrompt, type PromptTemplate, renderTemplate } from './prompt-templates.js';
import { describeUnit } from './structural-header.js';

export type Intent = 'explain' | 'fix' | 'generate' | 'general';
const INTENTS: readonly Intent[] = ['explain', 'fix', 'generate', 'general'];

export interface AskRequest {
  readonly question: string;
  readonly sessionId?: string;
  readonly document?: SyntaxDocument;
  /** The selection or cursor, as offsets into the document. */
  readonly range?: { readonly start: number; readonly end: number };
}

export interface AskOptions {
  /**
   * Called with a general answer's text as it streams in (a terminal prints it at once). Answers
   * routed to explain, fix or generate arrive whole, in `AskResult.markdown`.
   */
  readonly onText?: (delta: string) => void;
}

export interface AskResult {
  readonly intent: Intent;
  readonly markdown: string;
  /** Edits the answer proposes (fix, generate), for the editor to apply — never applied here. */
  readonly edit?: { readonly document: SyntaxDocument; readonly edit: VerifiedEdit };
  readonly sessionId: string;
}

export interface AskServices extends FixServices {
  readonly explainer: Explainer;
  readonly fixer: Fixer;
  readonly generator: Generator;
  readonly sessions: () => SessionStore;
}

/**
 * The ask ability: a free question, classified by the model (explain, fix, generate, general) and routed
 * to that ability; a general question is answered with the session's earlier turns as history. Every
 * turn is remembered in its session. Throws only `cancelled`.
 */
export class Asker {
  readonly #classify: PromptTemplate = loadPrompt('ask-classify');
  readonly #answer: PromptTemplate = loadPrompt('ask');

  constructor(private readonly services: AskServices) {}

  async ask(request: AskRequest, signal: AbortSignal, options: AskOptions = {}): Promise<AskResult> {
    const sessionId = request.sessionId || randomUUID();
    const choice = this.services.provider();
    const unit =
      request.document && request.range ? unitAt(request.document.units(), request.range.start) : undefined;
    if (choice.kind === 'offline') {
      const header =
        request.document && unit ? `${describeUnit(request.document, unit, false)}\n\n---\n\n` : '';
      return {
        intent: 'general',
        markdown: `${header}*Offline: ${needsModel('to answer questions', choice.reason)}*`,
        sessionId,
      };
    }
    const intent = await this.#intentOf(choice.provider, request.question, signal);
    const result = await this.#route(intent, request, unit, choice.provider, sessionId, signal, options);
    await this.services
      .sessions()
      .append(sessionId, { question: request.question, answer: result.markdown, at: Date.now() });
    return result;
  }

  async #route(
    intent: Intent,
    request: AskRequest,
    unit: ReturnType<typeof unitAt>,
    provider: ModelProvider,
    sessionId: string,
    signal: AbortSignal,
    options: AskOptions,
  ): Promise<AskResult> {
    const { document } = request;
    if (intent === 'explain' && document && unit) {
      const explanation = await this.services.explainer.explain(document, unit, { signal });
      const header = describeUnit(document, unit, false);
      return {
        intent,
        markdown: explanation.text
          ? `${header}\n\n---\n\n${explanation.text}`
          : `${header}\n\n*${explanation.note ?? ''}*`,
        sessionId,
      };
    }
    if (intent === 'fix' && document && unit && request.range) {
      const line = document.textDocument.positionAt(request.range.start).line + 1;
      const fix = await this.services.fixer.fix(
        document,
        unit,
        { message: request.question, source: undefined, startIndex: request.range.start, line },
        signal,
      );
      if (fix.kind === 'rejected') return { intent, markdown: fix.reason, sessionId };
      return {
        intent,
        markdown: `**Proposed fix for \`${unit.name}\`.** ${fix.summary}`,
        edit: { document, edit: fix.edit },
        sessionId,
      };
    }
    if (intent === 'generate' && document) {
      const offset = request.range?.end ?? document.text.length;
      const generated = await this.services.generator.generate(
        { document, offset, instruction: request.question },
        signal,
        () => undefined,
      );
      if (generated.kind === 'rejected') return { intent, markdown: generated.reason, sessionId };
      return {
        intent,
        markdown: `**Proposed code.** ${generated.plan}`,
        edit: { document, edit: generated.edit },
        sessionId,
      };
    }
    const markdown = await this.#general(provider, request, unit, sessionId, signal, options.onText);
    return { intent, markdown, sessionId };
  }

  async #intentOf(provider: ModelProvider, question: string, signal: AbortSignal): Promise<Intent> {
    const text = await this.#complete(
      provider,
      this.#classify.system,
      [{ role: 'user', content: renderTemplate(this.#classify.user, { question }) }],
      16,
      signal,
    );
    const word = text
      .trim()
      .toLowerCase()
      .match(/[a-z]+/)?.[0];
    return INTENTS.find((intent) => intent === word) ?? 'general';
  }

  async #general(
    provider: ModelProvider,
    request: AskRequest,
    unit: ReturnType<typeof unitAt>,
    sessionId: string,
    signal: AbortSignal,
    onText: AskOptions['onText'],
  ): Promise<string> {
    const history = await this.services.sessions().history(sessionId);
    const messages: ChatMessage[] = history.flatMap((turn) => [
      { role: 'user' as const, content: turn.question },
      { role: 'assistant' as const, content: turn.answer },
    ]);
    const { document } = request;
    const code =
      document && unit
        ? `The code in question (\`${unit.name}\`):\n\n\`\`\`${document.language?.spec.fence ?? ''}\n${document.text.slice(unit.startIndex, unit.endIndex)}\n\`\`\``
        : '';
    messages.push({
      role: 'user',
      content: renderTemplate(this.#answer.user, { question: request.question, context: code }),
    });
    // A general question may need more of the workspace than the cursor shows: the tools let the model look.
    return this.#complete(
      provider,
      this.#answer.system,
      messages,
      this.services.config().request.maxOutputTokens,
      signal,
      this.services.tools(),
      onText,
    );
  }

  async #complete(
    provider: ModelProvider,
    system: string,
    messages: ChatMessage[],
    maxOutputTokens: number,
    signal: AbortSignal,
    tools: readonly AgentTool[] = [],
    onText?: (delta: string) => void,
  ): Promise<string> {
    const reply = await callModel(
      this.services,
      provider,
      { system, messages, maxOutputTokens, ...(tools.length > 0 ? { tools } : {}) },
      { signal, onToolCall: this.services.onToolCall, ...(onText ? { onText } : {}) },
    );
    // An unanswerable question fails the request with the reason (the LSP front makes it a ResponseError).
    if (reply instanceof ModelError) throw reply;
    return reply.text.trim();
  }
}
