import { fileURLToPath } from 'node:url';
import { buildUnitContext, renderContext } from '../../context/unit-context.js';
import { ModelError } from '../../llm/errors.js';
import { needsModel } from '../../llm/offline-hint.js';
import type { CodeUnit } from '../../syntax/code-units.js';
import type { SyntaxDocument } from '../../syntax/syntax-document.js';
import { runTests, type TestRun, testCommandFor } from '../../tools/run-tests.js';
import { WorkspaceCopy } from '../../tools/workspace-copy.js';
import { AnswerRejected } from '../edits/code-block.js';
import { applyOffsetEdits, editUnitFromAnswer, type VerifiedEdit } from '../edits/unit-edit.js';
import type { FixServices } from '../fix.js';
import { callModel, codeAnswerTokens } from '../model-call.js';
import { loadPrompt, type PromptTemplate, promptRequest } from '../prompt-templates.js';
import { codeUnderTest, testRegion } from './code-under-test.js';
import { attemptFixes, earlierAttempt, noFixAfter } from './fix-attempts.js';
import { parseTestFailure } from './test-failure.js';

export interface DebugRequest {
  readonly testDocument: SyntaxDocument;
  readonly workspaceRoot: string;
  /** Editor buffers with unsaved changes, by path: the copy gets these, not the files on disk. */
  readonly unsaved: ReadonlyMap<string, string>;
}

export type DebugResult =
  | { readonly kind: 'passing' }
  | {
      readonly kind: 'fixed';
      readonly document: SyntaxDocument;
      readonly unit: CodeUnit;
      readonly edit: VerifiedEdit;
      readonly attempts: number;
      readonly testName: string | undefined;
    }
  /** `reason` is a sentence for the user, as it is shown; `cause: 'model'` when the model call failed. */
  | { readonly kind: 'failed'; readonly reason: string; readonly attempts: number; readonly cause?: 'model' };

/**
 * The test-driven debug workflow: run the test file's tests in a temporary copy of the workspace →
 * read the failure → find the code under test → ask for a fix → apply it in the copy → re-run there.
 * A fix is returned only when the tests pass with it; up to `debug.maxAttempts` rounds, each told why
 * the previous one failed. The user's files are never written; the copy is always removed.
 */
export class DebugWorkflow {
  readonly #prompt: PromptTemplate = loadPrompt('debug');

  constructor(private readonly services: FixServices) {}

  async run(
    request: DebugRequest,
    signal: AbortSignal,
    report: (message: string) => void,
  ): Promise<DebugResult> {
    const config = this.services.config();
    const choice = this.services.provider();
    if (choice.kind === 'offline') return failed(needsModel('to debug', choice.reason), 0);
    const testPath = fileURLToPath(request.testDocument.uri);
    const copy = await WorkspaceCopy.create(request.workspaceRoot, request.unsaved, signal).catch((error) => {
      throw signal.aborted ? new ModelError('cancelled', 'The debug run was cancelled.') : error;
    });
    try {
      const run = (): Promise<TestRun> =>
        runTests({
          command: testCommandFor(config.tests.command, copy.pathOf(testPath)),
          cwd: copy.root,
          timeoutMs: config.tests.timeoutMs,
          maxOutputChars: config.tests.maxOutputChars,
          signal,
        });
      report('running the tests');
      const first = await run();
      if (signal.aborted) throw new ModelError('cancelled', 'The debug run was cancelled.');
      if (first.passed) return { kind: 'passing' };
      const failure = parseTestFailure(first.output);
      const region = testRegion(request.testDocument, failure.testName);
      const target = codeUnderTest(
        request.testDocument,
        region,
        this.services.sources.files,
        request.workspaceRoot,
      );
      if (!target)
        return failed(
          `Lantern could not tell which code the failing test exercises (${failure.message}).`,
          0,
        );
      const targetPath = fileURLToPath(target.document.uri);
      const outcome = await attemptFixes<DebugResult, DebugResult>(
        config.debug.maxAttempts,
        async (attempt, previous) => {
          report(`attempt ${attempt}: asking for a fix of ${target.unit.name}`);
          const values = {
            test: failure.testName ?? 'in this file',
            failure: previous ?? failure.excerpt,
            testCode: fenced(request.testDocument, request.testDocument.text.slice(region.start, region.end)),
            kind: target.unit.kind,
            name: target.unit.name,
            file: targetPath,
            context: renderContext(
              buildUnitContext(target.document, target.unit, this.services.sources, config.context.maxTokens),
            ),
            previous: earlierAttempt(previous),
          };
          const reply = await callModel(
            this.services,
            choice.provider,
            promptRequest(this.#prompt, values, codeAnswerTokens(config)),
            { signal },
          );
          if (reply instanceof ModelError)
            return { kind: 'stop', stop: failed(`Lantern: ${sentence(reply.message)}`, attempt, 'model') };
          let edit: VerifiedEdit;
          try {
            edit = editUnitFromAnswer(target.document, target.unit, reply.text, this.services.registry);
          } catch (error) {
            if (!(error instanceof AnswerRejected)) throw error;
            return { kind: 'rejected', reason: error.reason };
          }
          report(`attempt ${attempt}: testing the fix in a copy of the workspace`);
          copy.write(targetPath, applyOffsetEdits(target.document.text, edit.edits));
          const rerun = await run();
          if (signal.aborted) throw new ModelError('cancelled', 'The debug run was cancelled.');
          if (rerun.passed)
            return {
              kind: 'passed',
              fixed: {
                kind: 'fixed',
                document: target.document,
                unit: target.unit,
                edit,
                attempts: attempt,
                testName: failure.testName,
              },
            };
          copy.write(targetPath, target.document.text);
          return { kind: 'failed', failure: parseTestFailure(rerun.output).excerpt };
        },
      );
      if (outcome.kind === 'passed') return outcome.fixed;
      if (outcome.kind === 'stop') return outcome.stop;
      const why = outcome.lastRejection
        ? ` The last answer could not be applied: ${sentence(outcome.lastRejection)}`
        : '';
      return failed(`${noFixAfter(outcome.attempts)}.${why}`, outcome.attempts);
    } finally {
      copy.dispose();
    }
  }
}

function failed(reason: string, attempts: number, cause?: 'model'): DebugResult {
  return { kind: 'failed', reason, attempts, ...(cause ? { cause } : {}) };
}

// Reasons from elsewhere (the edit pipeline, a model error) end with or without a full stop.
function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

function fenced(document: SyntaxDocument, code: string): string {
  return `\`\`\`${document.language?.spec.fence ?? ''}\n${code}\n\`\`\``;
}
