import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OFFLINE_HINT } from '../../server/src/llm/offline-hint.js';
import {
  answerWith,
  BUG,
  type DebugSessionOptions,
  debugProjectSessions,
  testCommandOf,
} from '../support/debug-projects.js';
import { serverProgresses } from '../support/generate-fixtures.js';
import type { LspSession } from '../support/lsp-session.js';
import { freshDir, promptOf } from '../support/model-session.js';

const PROSE = 'Start the loop at the first price instead of the second one.';
const NO_BLOCK = 'the answer contains no fenced code block';

/** When the debug workflow gives up: no question, no edit, the user's files as they were, no copy left. */
describe('lantern.debug giving up', () => {
  const bug = BUG['python-project'];
  const sessions = debugProjectSessions('python-project');

  async function debugWith(options: Omit<DebugSessionOptions, 'traceName' | 'trusted'>, traceName: string) {
    const { project } = sessions;
    const before = project.snapshot();
    const started = await sessions.start({
      trusted: true,
      ...options,
      traceName: `debug-limits-${traceName}`,
    });
    const outcome = await started.debug();
    const shown = await started.session.waitForNotification<{ type: number; message: string }>(
      'window/showMessage',
      (params) => params.message === outcome.message,
    );
    expect(shown.type).toBe(2);
    expect(started.questions).toEqual([]);
    expect(started.applyEdits.received).toEqual([]);
    expect(project.snapshot()).toEqual(before);
    expect(project.workspaceCopies()).toEqual([]);
    return { outcome, started };
  }

  /** The progress messages of the one run (not the workspace index's crawl, which has a progress too). */
  function reports(current: LspSession): string[] {
    const debug = serverProgresses(current).find(({ values }) =>
      values.some(({ value }) => value.kind === 'begin' && value.title.startsWith('Lantern: debugging ')),
    );
    return (debug?.values ?? []).flatMap(({ value }) =>
      value.kind === 'report' && value.message ? [value.message] : [],
    );
  }

  it('with maxAttempts 1, one wrong fix: one model request, then "after 1 attempt"', async () => {
    sessions.fake.script({ kind: 'text', text: answerWith(sessions.project, bug.wrong) });
    const { outcome, started } = await debugWith({ maxAttempts: 1 }, 'one-attempt');
    expect(outcome).toEqual({
      status: 'failed',
      message: 'Lantern: no fix made the tests pass after 1 attempt.',
    });
    expect(sessions.fake.requests).toHaveLength(1);
    expect(reports(started.session)).toEqual([
      'running the tests',
      'attempt 1: asking for a fix of total',
      'attempt 1: testing the fix in a copy of the workspace',
    ]);
  });

  it('a prose answer is refused by the edit pipeline, never tested, and the reason is reported', async () => {
    sessions.fake.script({ kind: 'text', text: PROSE });
    const { outcome, started } = await debugWith({ maxAttempts: 1 }, 'prose');
    expect(outcome).toEqual({
      status: 'failed',
      message: `Lantern: no fix made the tests pass after 1 attempt. The last answer could not be applied: ${NO_BLOCK}.`,
    });
    expect(sessions.fake.requests).toHaveLength(1);
    expect(reports(started.session)).toEqual(['running the tests', 'attempt 1: asking for a fix of total']);
  });

  it('a prose answer, then a wrong fix: the second prompt says why the first was not applied; "after 2 attempts"', async () => {
    sessions.fake.script(
      { kind: 'text', text: PROSE },
      { kind: 'text', text: answerWith(sessions.project, bug.wrong) },
    );
    const { outcome } = await debugWith({ maxAttempts: 2 }, 'prose-then-wrong');
    // The last attempt was tested (and failed): no rejection to report.
    expect(outcome).toEqual({
      status: 'failed',
      message: 'Lantern: no fix made the tests pass after 2 attempts.',
    });
    expect(sessions.fake.requests).toHaveLength(2);
    expect(promptOf(await sessions.fake.waitForRequests(2)).user).toContain(
      `(the answer could not be applied: ${NO_BLOCK})`,
    );
  });

  it('offline: says a model is needed, runs no test and makes no copy', async () => {
    const { project, fake } = sessions;
    const marker = join(freshDir('lantern-marker-'), 'ran');
    const command = `touch '${marker}' && ${testCommandOf(project)}`;
    const before = project.snapshot();
    // No key in the environment: the server runs offline.
    const started = await sessions.start({
      trusted: true,
      command,
      offline: true,
      traceName: 'debug-limits-offline',
    });
    expect(await started.debug()).toEqual({
      status: 'failed',
      message: `Lantern needs a model to debug: no ANTHROPIC_API_KEY in the environment. ${OFFLINE_HINT}`,
    });
    expect(existsSync(marker)).toBe(false);
    expect(started.applyEdits.received).toEqual([]);
    expect(project.snapshot()).toEqual(before);
    expect(project.workspaceCopies()).toEqual([]);
    expect(fake.requests).toEqual([]);
  });
});
