import type { FastifyPluginAsync } from 'fastify';
import { unifiedDiff } from '../../agent/edits/unified-diff.js';
import { applyOffsetEdits } from '../../agent/edits/unit-edit.js';
import type { LanguageName } from '../../syntax/languages.js';
import type { SyntaxDocument } from '../../syntax/syntax-document.js';
import { offsetOfLine, snippetName } from '../request-documents.js';
import type { RouteWork } from '../respond.js';
import type { RouteContext } from '../route-context.js';
import { codeProperty, errorSchema, languageProperty, lineProperty } from './shared-schemas.js';

interface AskBody {
  readonly question: string;
  readonly sessionId?: string;
  readonly code?: string;
  readonly language?: LanguageName;
  readonly line?: number;
}

const askSchema = {
  summary: 'A free question, routed by intent (explain, fix, generate, general), remembered in its session',
  body: {
    type: 'object',
    required: ['question'],
    additionalProperties: false,
    // Code means nothing without its language.
    dependencies: { code: ['language'] },
    properties: {
      question: { type: 'string', minLength: 1, maxLength: 20_000 },
      sessionId: {
        type: 'string',
        pattern: '^[A-Za-z0-9_.:-]{1,128}$',
        description: 'continue this conversation (as returned by an earlier answer); omit to start one',
      },
      code: codeProperty,
      language: languageProperty,
      line: {
        ...lineProperty,
        description: '1-based line of `code` the question is about (default: its first unit)',
      },
    },
  },
  response: {
    200: {
      type: 'object',
      required: ['intent', 'answer', 'sessionId'],
      properties: {
        intent: { type: 'string', enum: ['explain', 'fix', 'generate', 'general'] },
        answer: { type: 'string', description: 'markdown' },
        sessionId: { type: 'string' },
        diff: {
          type: ['string', 'null'],
          description:
            'a fix or generated code the answer proposes, as a unified diff of `code` (never applied)',
        },
      },
    },
    400: errorSchema,
  },
} as const;

/** POST /api/v1/ask: lantern.ask — intent routing and session memory, as in the editors. */
export function askRoutes(context: RouteContext): FastifyPluginAsync {
  return async (app) => {
    app.post<{ Body: AskBody }>('/ask', { schema: askSchema }, (request, reply) => {
      const { code, language } = request.body;
      if (code === undefined || language === undefined)
        return context.respond(request, reply, (run) => ask(context, request.body, undefined, run));
      return context.documents.with(code, language, (document) =>
        context.respond(request, reply, (run) => ask(context, request.body, document, run)),
      );
    });
  };
}

async function ask(
  context: RouteContext,
  body: AskBody,
  document: SyntaxDocument | undefined,
  { signal, onText }: RouteWork,
) {
  const at = document ? cursorOf(document, body.line) : undefined;
  const result = await context.agent.asker.ask(
    {
      question: body.question,
      ...(body.sessionId ? { sessionId: body.sessionId } : {}),
      ...(document && at !== undefined ? { document, range: { start: at, end: at } } : {}),
    },
    signal,
    onText ? { onText } : {},
  );
  const edited = result.edit
    ? applyOffsetEdits(result.edit.document.text, result.edit.edit.edits)
    : undefined;
  return {
    intent: result.intent,
    answer: result.markdown,
    sessionId: result.sessionId,
    diff: edited !== undefined && document ? unifiedDiff(snippetName(document), document.text, edited) : null,
  };
}

// Where the question points: the given line, else the first unit (what "this function" means in a snippet).
function cursorOf(document: SyntaxDocument, line: number | undefined): number {
  if (line !== undefined) return offsetOfLine(document, line);
  return document.units()[0]?.startIndex ?? 0;
}
