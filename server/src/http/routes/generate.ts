import type { FastifyPluginAsync } from 'fastify';
import type { LanguageName } from '../../syntax/languages.js';
import { HttpError } from '../http-error.js';
import type { RouteContext } from '../route-context.js';
import { errorSchema, languageProperty, MAX_CODE_CHARS } from './shared-schemas.js';

interface GenerateBody {
  readonly requirement: string;
  readonly language: LanguageName;
  readonly context?: string;
}

/** What every generated insertion is checked for before it is offered. */
const SYNTAX_CHECK =
  'syntax: the code, inserted after the context, parses with no error or missing node (tree-sitter)';

const generateSchema = {
  summary: 'Code from a requirement: requirement → plan → code, checked like every generated insertion',
  body: {
    type: 'object',
    required: ['requirement', 'language'],
    additionalProperties: false,
    properties: {
      requirement: { type: 'string', minLength: 1, maxLength: 20_000, description: 'what the code must do' },
      language: languageProperty,
      context: {
        type: 'string',
        maxLength: MAX_CODE_CHARS,
        description: 'existing code the new code goes after (imports, types it may use)',
      },
    },
  },
  response: {
    200: {
      type: 'object',
      required: ['requirement', 'plan', 'code', 'validation'],
      properties: {
        requirement: { type: 'string' },
        plan: {
          type: ['string', 'null'],
          description: 'the requirement and plan the model wrote before its code',
        },
        code: {
          type: ['string', 'null'],
          description: 'the code, as inserted after the context; null when refused',
        },
        validation: {
          type: 'object',
          required: ['passed', 'checks', 'reason'],
          properties: {
            passed: { type: 'boolean' },
            checks: {
              type: 'array',
              items: { type: 'string' },
              description: 'what the code was checked for',
            },
            reason: {
              type: ['string', 'null'],
              description: 'why there is no code (offline, a refused answer)',
            },
          },
        },
      },
    },
    400: errorSchema,
    502: errorSchema,
  },
} as const;

/** POST /api/v1/generate: the generate ability, with the code appended to `context` (or alone). */
export function generateRoutes(context: RouteContext): FastifyPluginAsync {
  return async (app) => {
    app.post<{ Body: GenerateBody }>('/generate', { schema: generateSchema }, (request, reply) => {
      const { requirement, language } = request.body;
      // The code goes at the end of the context: a last line of its own, after a blank line.
      const existing = request.body.context ?? '';
      const text = existing === '' || existing.endsWith('\n') ? existing : `${existing}\n`;
      return context.documents.with(text, language, (document) =>
        context.respond(request, reply, async ({ signal, onText }) => {
          const result = await context.agent.generator.generate(
            { document, offset: document.text.length, instruction: requirement },
            signal,
            () => undefined,
            onText,
          );
          if (result.kind === 'rejected') {
            // The model failing is the service's problem (502, worth a retry); a refused answer is an answer.
            if (result.cause === 'model') throw new HttpError(502, result.reason);
            return {
              requirement,
              plan: null,
              code: null,
              validation: { passed: false, checks: [], reason: result.reason },
            };
          }
          const inserted = result.edit.edits.map((edit) => edit.newText).join('');
          return {
            requirement,
            plan: result.plan || null,
            code: trimBlankLines(inserted),
            validation: { passed: true, checks: [SYNTAX_CHECK], reason: null },
          };
        }),
      );
    });
  };
}

// The insertion carries blank lines to separate it from the context; the code alone has none around it.
function trimBlankLines(text: string): string {
  return `${text.replace(/^\s*\n/, '').trimEnd()}\n`;
}
