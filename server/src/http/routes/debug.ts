import type { FastifyPluginAsync } from 'fastify';
import type { LanguageCheck } from '../../agent/edits/language-check.js';
import { unifiedDiff } from '../../agent/edits/unified-diff.js';
import { applyOffsetEdits, type OffsetEdit } from '../../agent/edits/unit-edit.js';
import type { Problem } from '../../agent/fix.js';
import { needsModel } from '../../llm/offline-hint.js';
import { unitAt } from '../../syntax/code-units.js';
import type { LanguageName } from '../../syntax/languages.js';
import type { SyntaxDocument } from '../../syntax/syntax-document.js';
import { reportedSyntaxProblems, type SyntaxProblem } from '../../syntax/syntax-errors.js';
import { topLevelRegionAt } from '../../syntax/top-level-region.js';
import { HttpError } from '../http-error.js';
import { offsetOfLine, snippetName } from '../request-documents.js';
import type { RouteContext } from '../route-context.js';
import { codeProperty, errorSchema, languageProperty, lineProperty } from './shared-schemas.js';

interface DebugBody {
  readonly code: string;
  readonly language: LanguageName;
  readonly error: string;
  readonly line?: number;
}

const checkSchema = {
  type: 'object',
  required: ['kind', 'checker'],
  properties: {
    kind: { type: 'string', enum: ['passed', 'refused', 'skipped'] },
    checker: { type: 'string' },
    reason: { type: 'string' },
  },
} as const;

const debugSchema = {
  summary: 'A verified fix for an error: the editor’s “Fix with Lantern”, with every one of its checks',
  body: {
    type: 'object',
    required: ['code', 'language', 'error'],
    additionalProperties: false,
    properties: {
      code: codeProperty,
      language: languageProperty,
      error: {
        type: 'string',
        minLength: 1,
        maxLength: 10_000,
        description: 'the error message (compiler, linter, test)',
      },
      line: {
        ...lineProperty,
        description: '1-based line the error is about; default: the first syntax error',
      },
    },
  },
  response: {
    200: {
      type: 'object',
      required: ['fixed', 'diff', 'explanation', 'verified'],
      properties: {
        fixed: { type: ['string', 'null'], description: 'the whole code with the fix; null when refused' },
        diff: { type: ['string', 'null'], description: 'unified diff of the fix' },
        explanation: { type: 'string', description: 'what the fix changed, or why there is none' },
        verified: {
          type: ['object', 'null'],
          required: ['syntax', 'insideTarget', 'languageCheck', 'tests'],
          properties: {
            syntax: {
              type: 'boolean',
              description: 'the fixed code parses with no new error or missing node',
            },
            insideTarget: {
              type: 'string',
              description: 'what the fix was allowed to change, and did not leave',
            },
            languageCheck: checkSchema,
            tests: {
              type: 'object',
              required: ['ran', 'reason'],
              properties: { ran: { type: 'boolean' }, reason: { type: 'string' } },
            },
          },
        },
      },
    },
    400: errorSchema,
    422: errorSchema,
    502: errorSchema,
  },
} as const;

// Code from a request is data, never a program: nothing here runs it, whatever it asks for.
const NOT_RUN =
  'code sent in a request is never run; tests run only in the folder trusted at start (lantern serve --trusted-root), through ask';

/** What the answer says about a check. */
type CheckJson = { kind: LanguageCheck['kind']; checker: string; reason?: string };

/**
 * POST /api/v1/debug: the fix pipeline of "Fix with Lantern" — the unit (or top-level statement) at the
 * error rewritten by the model, re-indented, verified to parse with no new error, to stay inside what
 * it may change, and by the language's own checker — or, offline, the parser's fix-it for a missing
 * token. The request's code is never run: tests run only in the folder trusted at start.
 */
export function debugRoutes(context: RouteContext): FastifyPluginAsync {
  return async (app) => {
    app.post<{ Body: DebugBody }>('/debug', { schema: debugSchema }, (request, reply) => {
      const { code, language, error, line } = request.body;
      return context.documents.with(code, language, (document) =>
        context.respond(request, reply, async ({ signal }) => {
          const { problem, syntax } = locate(document, error.trim(), line);
          const fix = await fixAt(context, document, problem, syntax, signal);
          if ('refused' in fix) {
            if (fix.model) throw new HttpError(502, fix.refused);
            return { fixed: null, diff: null, explanation: fix.refused, verified: null };
          }
          const fixed = applyOffsetEdits(document.text, fix.edits);
          return {
            fixed,
            diff: unifiedDiff(snippetName(document), document.text, fixed),
            explanation: fix.summary,
            verified: {
              syntax: true,
              insideTarget: fix.target,
              languageCheck: fix.check,
              tests: { ran: false, reason: NOT_RUN },
            },
          };
        }),
      );
    });
  };
}

type Fix =
  | { edits: readonly OffsetEdit[]; summary: string; target: string; check: CheckJson }
  | { refused: string; model: boolean };

async function fixAt(
  context: RouteContext,
  document: SyntaxDocument,
  problem: Problem,
  syntax: SyntaxProblem | undefined,
  signal: AbortSignal,
): Promise<Fix> {
  const unit = unitAt(document.units(), problem.startIndex);
  const choice = context.agent.provider();
  if (syntax?.missingToken !== undefined && (choice.kind === 'offline' || !unit)) {
    // The structural fix-it needs no model: the parser knows exactly which token is missing.
    return {
      edits: [{ startIndex: syntax.startIndex, endIndex: syntax.startIndex, newText: syntax.missingToken }],
      summary: `Inserted the missing \`${syntax.missingToken}\`.`,
      target: `the missing token at line ${problem.line}`,
      check: { kind: 'skipped', checker: 'none', reason: 'a token the parser asked for, inserted as is' },
    };
  }
  if (choice.kind === 'offline') return { refused: needsModel('to fix this', choice.reason), model: false };
  const region = unit ? undefined : topLevelRegionAt(document, problem.startIndex);
  if (!unit && !region)
    throw new HttpError(
      422,
      `line ${problem.line}: in no function, class or top-level statement Lantern can rewrite`,
    );
  const result = unit
    ? await context.agent.fixer.fix(document, unit, problem, signal)
    : await context.agent.fixer.fixRegion(document, region as NonNullable<typeof region>, problem, signal);
  if (result.kind === 'rejected') return { refused: result.reason, model: result.cause === 'model' };
  return {
    edits: result.edit.edits,
    summary: result.summary,
    target: unit ? `${unit.kind} \`${unit.name}\`` : (region?.description ?? ''),
    check: checkJson(result.check),
  };
}

function checkJson(check: LanguageCheck): CheckJson {
  if (check.kind === 'passed') return { kind: 'passed', checker: check.checker };
  if (check.kind === 'skipped') return { kind: 'skipped', checker: check.checker, reason: check.reason };
  return { kind: 'refused', checker: check.checker, reason: `${check.message} (line ${check.line})` };
}

// The problem: at `line` when given, else at the code's first syntax error.
function locate(
  document: SyntaxDocument,
  message: string,
  line: number | undefined,
): { problem: Problem; syntax: SyntaxProblem | undefined } {
  const problems = reportedSyntaxProblems(document);
  const lineOf = (offset: number) => document.textDocument.positionAt(offset).line + 1;
  if (line !== undefined) {
    const startIndex = offsetOfLine(document, line);
    const syntax = problems.find((candidate) => lineOf(candidate.startIndex) === line);
    return { problem: { message, source: undefined, startIndex, line }, syntax };
  }
  const syntax = problems[0];
  if (!syntax)
    throw new HttpError(
      400,
      'body/line is required: the code has no syntax error to say where the problem is',
    );
  return {
    problem: { message, source: undefined, startIndex: syntax.startIndex, line: lineOf(syntax.startIndex) },
    syntax,
  };
}
