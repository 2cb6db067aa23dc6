import { lstatSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FastifyPluginAsync } from 'fastify';
import { attemptFixes, noFixAfter } from '../../agent/debug/fix-attempts.js';
import { testsWithText } from '../../agent/debug/tests-with-text.js';
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
import { ToolError } from '../../tools/agent-tool.js';
import { insideWorkspace, isInside, resolveFolders } from '../../tools/workspace-path.js';
import { kindOf } from '../../workspace/regular-file.js';
import { HttpError } from '../http-error.js';
import { offsetOfLine, snippetName } from '../request-documents.js';
import type { RouteContext } from '../route-context.js';
import { codeProperty, errorSchema, languageProperty, lineProperty } from './shared-schemas.js';

interface DebugBody {
  readonly code: string;
  readonly language: LanguageName;
  readonly error: string;
  readonly line?: number;
  readonly path?: string;
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
      path: {
        type: 'string',
        minLength: 1,
        maxLength: 4096,
        description:
          'the file `code` is, relative to the folder trusted at start (lantern serve --trusted-root): the fix is then verified by that folder’s own tests (tests.command) in a temporary copy where this file holds the fixed code; ignored without a trusted root',
      },
    },
  },
  response: {
    200: {
      type: 'object',
      required: ['fixed', 'diff', 'explanation', 'verified', 'attempts'],
      properties: {
        attempts: {
          type: 'integer',
          description:
            'fixes tried: up to debug.maxAttempts when the trusted root’s tests verify them (each told why the last failed), else 1',
        },
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
              properties: {
                ran: { type: 'boolean' },
                passed: {
                  type: 'boolean',
                  description: 'present when they ran; a fix they fail is never offered',
                },
                command: {
                  type: 'string',
                  description: 'the test command that ran, in a copy of the trusted root',
                },
                reason: { type: 'string' },
              },
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

// Code from a request is data, never a program: it runs only as a file of the folder the operator
// trusted at start, under the test command of the operator's configuration.
const NOT_RUN =
  'code sent in a request is never run on its own; tests run only for a `path` in the folder trusted at start (lantern serve --trusted-root)';
const NO_COMMAND = 'tests.command is not set in the service’s configuration';

/** What the answer says about a check. */
type CheckJson = { kind: LanguageCheck['kind']; checker: string; reason?: string };

/**
 * POST /api/v1/debug: the fix pipeline of "Fix with Lantern" — the unit (or top-level statement) at the
 * error rewritten by the model, re-indented, verified to parse with no new error, to stay inside what
 * it may change, and by the language's own checker — or, offline, the parser's fix-it for a missing
 * token. With a `path` in the folder trusted at start (lantern serve --trusted-root), that folder's own
 * tests then run in a temporary copy holding the fixed file, and a fix they fail is not offered; the
 * request's code is never run otherwise, and the command is always the operator's (tests.command).
 */
export function debugRoutes(context: RouteContext): FastifyPluginAsync {
  return async (app) => {
    app.post<{ Body: DebugBody }>('/debug', { schema: debugSchema }, (request, reply) => {
      const { code, language, error, line, path } = request.body;
      // Checked before any work: a bad path is the client's mistake, not worth a model call.
      const file =
        context.trustedRoot && path !== undefined ? fileInRoot(context.trustedRoot, path) : undefined;
      return context.documents.with(code, language, (document) =>
        context.respond(request, reply, ({ signal }) =>
          debugAt(context, document, locate(document, error.trim(), line), file, signal),
        ),
      );
    });
  };
}

/** A fix found, with what verified it. */
interface Verified {
  readonly fix: FoundFix;
  readonly fixed: string;
  readonly tests: TestsJson;
}

/**
 * The fix, verified as the editor's "Fix with Lantern" verifies it; when the trusted root's tests run,
 * tried again as the editor's debug workflow does — up to debug.maxAttempts, each attempt told how the
 * last one failed (attemptFixes, shared with it). With no tests to tell a fix wrong, one attempt.
 */
async function debugAt(
  context: RouteContext,
  document: SyntaxDocument,
  { problem, syntax }: { problem: Problem; syntax: SyntaxProblem | undefined },
  file: string | undefined,
  signal: AbortSignal,
) {
  const testsRun = testsWillRun(context, file);
  let lastCommand = '';
  const outcome = await attemptFixes<Verified, Verified | string>(
    testsRun ? context.agent.config.debug.maxAttempts : 1,
    async (_attempt, previous) => {
      const fix = await fixAt(context, document, { ...problem, earlierAttempt: previous }, syntax, signal);
      if ('refused' in fix) {
        if (fix.why === 'model') throw new HttpError(502, fix.refused);
        return fix.why === 'offline'
          ? { kind: 'stop', stop: fix.refused }
          : { kind: 'rejected', reason: fix.refused };
      }
      const fixed = applyOffsetEdits(document.text, fix.edits);
      const tests = await testsOf(context, file, fixed, signal);
      lastCommand = tests.command ?? '';
      if (tests.passed !== false) return { kind: 'passed', fixed: { fix, fixed, tests } };
      // The parser's fix-it is the same every time: another attempt would only run the tests again.
      return fix.structural
        ? { kind: 'stop', stop: { fix, fixed, tests } }
        : { kind: 'failed', failure: tests.reason };
    },
  );
  const { attempts } = outcome;
  const refused = (explanation: string) => ({
    fixed: null,
    diff: null,
    explanation,
    verified: null,
    attempts,
  });
  if (outcome.kind === 'exhausted') {
    const rejection = outcome.lastRejection;
    if (!testsRun && rejection) return refused(rejection);
    if (rejection)
      return refused(`${noFixAfter(attempts)}. The last answer could not be applied: ${rejection}`);
    return refused(`${noFixAfter(attempts)} (${lastCommand}): ${outcome.lastFailure}`);
  }
  if (outcome.kind === 'stop') {
    if (typeof outcome.stop === 'string') return refused(outcome.stop);
    const { tests } = outcome.stop;
    return refused(`Lantern's fix did not make the tests pass (${tests.command}): ${tests.reason}`);
  }
  const { fix, fixed, tests } = outcome.fixed;
  return {
    fixed,
    diff: unifiedDiff(snippetName(document), document.text, fixed),
    explanation: fix.summary,
    verified: { syntax: true, insideTarget: fix.target, languageCheck: fix.check, tests },
    attempts,
  };
}

type TestsJson = { ran: boolean; passed?: boolean; command?: string; reason: string };

// The trusted root's own tests on the fixed file, when the request named one and a command is set.
async function testsOf(
  context: RouteContext,
  file: string | undefined,
  fixed: string,
  signal: AbortSignal,
): Promise<TestsJson> {
  const { tests } = context.agent.config;
  if (!context.trustedRoot || file === undefined) return { ran: false, reason: NOT_RUN };
  if (!testsWillRun(context, file)) return { ran: false, reason: NO_COMMAND };
  const run = await testsWithText(context.trustedRoot, file, fixed, tests, signal);
  return { ran: true, passed: run.passed, command: run.command, reason: run.summary };
}

// Whether a fix of `file` is verified by the trusted root's tests: a root, a path and a test command.
function testsWillRun(context: RouteContext, file: string | undefined): file is string {
  return (
    Boolean(context.trustedRoot) && file !== undefined && context.agent.config.tests.command.trim() !== ''
  );
}

// `path` as a regular file inside the trusted root (its real path), or a 400 that names the field.
function fileInRoot(root: string, path: string): string {
  if (!isInside(root, resolve(root, path)))
    throw new HttpError(400, `body/path: ${path} is outside the trusted root`);
  let real: string;
  // Then on the real path: a folder inside may be a link to elsewhere.
  try {
    real = insideWorkspace(resolveFolders([root]), path).path;
  } catch (error) {
    if (error instanceof ToolError) throw new HttpError(400, `body/path: ${error.message}`);
    throw error;
  }
  // A link is refused even when it points inside: the copy would hold a link, not the file sent.
  const stats = lstatSync(resolve(root, path));
  if (stats.isSymbolicLink()) throw new HttpError(400, `body/path: ${path} is a symbolic link, not a file`);
  if (!stats.isFile())
    throw new HttpError(400, `body/path: ${path} is a ${kindOf(stats)}, not a regular file`);
  return real;
}

/** A fix and what it was checked by; `structural` when the parser made it (the same every time). */
interface FoundFix {
  readonly edits: readonly OffsetEdit[];
  readonly summary: string;
  readonly target: string;
  readonly check: CheckJson;
  readonly structural: boolean;
}

/** Why there is no fix: the model failed, there is none (offline), or its answer was refused. */
type Fix = FoundFix | { refused: string; why: 'model' | 'offline' | 'answer' };

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
      structural: true,
    };
  }
  if (choice.kind === 'offline') return { refused: needsModel('to fix this', choice.reason), why: 'offline' };
  const region = unit ? undefined : topLevelRegionAt(document, problem.startIndex);
  if (!unit && !region)
    throw new HttpError(
      422,
      `line ${problem.line}: in no function, class or top-level statement Lantern can rewrite`,
    );
  const result = unit
    ? await context.agent.fixer.fix(document, unit, problem, signal)
    : await context.agent.fixer.fixRegion(document, region as NonNullable<typeof region>, problem, signal);
  if (result.kind === 'rejected')
    return { refused: result.reason, why: result.cause === 'model' ? 'model' : 'answer' };
  return {
    edits: result.edit.edits,
    summary: result.summary,
    target: unit ? `${unit.kind} \`${unit.name}\`` : (region?.description ?? ''),
    check: checkJson(result.check),
    structural: false,
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
