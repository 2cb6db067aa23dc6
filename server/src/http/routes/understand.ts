import type { FastifyPluginAsync } from 'fastify';
import { describeUnit, unitFacts } from '../../agent/structural-header.js';
import type { CodeUnit } from '../../syntax/code-units.js';
import { unitAt } from '../../syntax/code-units.js';
import type { LanguageName } from '../../syntax/languages.js';
import type { SyntaxDocument } from '../../syntax/syntax-document.js';
import { HttpError } from '../http-error.js';
import { offsetOfLine } from '../request-documents.js';
import type { RouteContext } from '../route-context.js';
import { codeProperty, errorSchema, languageProperty, lineProperty, unitSchema } from './shared-schemas.js';

interface UnderstandBody {
  readonly code: string;
  readonly language: LanguageName;
  readonly line?: number;
}

const understandSchema = {
  summary: 'What a hover shows for the unit at `line` (or the whole snippet), and the model’s explanation',
  body: {
    type: 'object',
    required: ['code', 'language'],
    additionalProperties: false,
    properties: { code: codeProperty, language: languageProperty, line: lineProperty },
  },
  response: {
    200: {
      type: 'object',
      required: ['structure', 'explanation', 'cached'],
      properties: {
        structure: {
          type: 'object',
          required: ['header', 'units'],
          properties: {
            header: { type: 'string', description: 'markdown: what a hover shows, from tree-sitter alone' },
            units: {
              type: 'array',
              items: unitSchema,
              description: 'the unit at `line`, else the top-level ones (the explanation is of the first)',
            },
          },
        },
        explanation: { type: ['string', 'null'], description: 'the model’s explanation; null offline' },
        cached: { type: 'boolean' },
        note: { type: ['string', 'null'], description: 'why there is no explanation, when there is none' },
      },
    },
    400: errorSchema,
    422: errorSchema,
  },
} as const;

/** POST /api/v1/understand: the explain ability (a hover's header, then the model's explanation). */
export function understandRoutes(context: RouteContext): FastifyPluginAsync {
  return async (app) => {
    app.post<{ Body: UnderstandBody }>('/understand', { schema: understandSchema }, (request, reply) => {
      const { code, language, line } = request.body;
      return context.documents.with(code, language, (document) => {
        const units = targetUnits(document, line);
        const header = units.map((unit) => describeUnit(document, unit, false)).join('\n\n---\n\n');
        const structure = { header, units: units.map((unit) => unitJson(document, unit)) };
        // One unit: its explanation. Several (no line): the first one's, the others are in the structure.
        const target = units[0];
        return context.respond(request, reply, async ({ signal, onText }) => {
          const explanation = target
            ? await context.agent.explainer.explain(document, target, {
                signal,
                ...(onText ? { onText } : {}),
              })
            : undefined;
          return {
            structure,
            explanation: explanation?.text ?? null,
            cached: explanation?.source === 'cache',
            note: explanation?.note ?? null,
          };
        });
      });
    });
  };
}

// The innermost unit at `line`, else every top-level unit.
function targetUnits(document: SyntaxDocument, line: number | undefined): CodeUnit[] {
  if (line === undefined) {
    const topLevel = document.units().filter((unit) => unit.parentIndex === undefined);
    if (topLevel.length === 0) throw new HttpError(422, 'code: no function, method or class found');
    return topLevel;
  }
  const unit = unitAt(document.units(), offsetOfLine(document, line));
  if (!unit) throw new HttpError(422, `line ${line}: no function, method or class here`);
  return [unit];
}

function unitJson(document: SyntaxDocument, unit: CodeUnit) {
  return { ...unitFacts(document, unit), docstring: unit.docstring ?? null };
}
