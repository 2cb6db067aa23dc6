import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { CancellationTokenSource, type Message } from 'vscode-jsonrpc';
import { type CodeAction, LSPErrorCodes } from 'vscode-languageserver-protocol';
import { applyWorkspaceEdit, editsFor } from '../support/apply-edit-recorder.js';
import {
  answerWith,
  BUG,
  type DebugProject,
  type DebugSessionOptions,
  debugProjectSessions,
  fileAppears,
  type ProjectName,
  testCommandOf,
} from '../support/debug-projects.js';
import type { FakeModelServer } from '../support/fake-model-server.js';
import type { LspSession } from '../support/lsp-session.js';
import { freshDir, promptOf } from '../support/model-session.js';

const PROJECTS: readonly ProjectName[] = ['python-project', 'ts-project'];
const VERIFIED_TITLE = 'Fix total (verified: tests pass)';

type ProgressValue = { kind: 'begin' | 'report' | 'end'; title?: string; message?: string };
type ServerCall = { method: string; params?: unknown };

function isCall(msg: Message, method: string): msg is Message & ServerCall {
  return 'method' in msg && msg.method === method;
}

/** The $/progress values the server sent for the token it created, in order. */
// The debug workflow's progress, told apart by its title: the workspace index reports progress of its own
// (the crawl of the fixture project), which may come first.
const DEBUG_TITLE = 'Lantern: debugging ';

function progressCalls(session: LspSession): { token: string | number; value: ProgressValue }[] {
  // From `received`: vscode-jsonrpc hands $/progress to progress handlers, not to onNotification.
  return session.received
    .filter((msg) => isCall(msg, '$/progress'))
    .map((msg) => (msg as ServerCall).params as { token: string | number; value: ProgressValue });
}

function debugProgressToken(session: LspSession): string | number | undefined {
  return progressCalls(session).find(
    ({ value }) => value.kind === 'begin' && value.title?.startsWith(DEBUG_TITLE),
  )?.token;
}

function progressOf(session: LspSession): ProgressValue[] {
  const token = debugProgressToken(session);
  if (token === undefined) return [];
  return progressCalls(session)
    .filter((params) => params.token === token)
    .map((params) => params.value);
}

/** Where in the session a server message arrived (for "this before that"). */
function arrival(session: LspSession, method: string, kind?: string): number {
  return session.received.findIndex(
    (msg) =>
      isCall(msg, method) &&
      (kind === undefined || (msg.params as { value?: { kind?: string } }).value?.kind === kind),
  );
}

describe.each(PROJECTS)('lantern.debug on the %s fixture', (name) => {
  const bug = BUG[name];
  const sessions = debugProjectSessions(name);
  // This test's fake model and project copy, by their short names.
  let fake: FakeModelServer;
  let project: DebugProject;
  beforeEach(() => {
    ({ fake, project } = sessions);
  });

  function start(options: Omit<DebugSessionOptions, 'traceName'>, traceName: string) {
    return sessions.start({ ...options, traceName: `debug-${traceName}` });
  }

  it('does not offer a fix that leaves the test failing; offers the next one as verified and applies it', async () => {
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    fake.script(
      { kind: 'gate', text: answerWith(project, bug.wrong), release: released },
      { kind: 'text', text: answerWith(project, bug.right) },
    );
    const before = project.snapshot();
    const original = project.read(project.sourceFile);
    const started = await start({ trusted: true, choice: 'Apply' }, `${name}-fixed`);
    expect(project.workspaceCopies()).toEqual([]);

    const outcome = started.debug();
    await fake.waitForRequests(1);
    // The tests ran in a temporary copy, which exists while the workflow runs; the user's files did not move.
    expect(project.workspaceCopies()).toHaveLength(1);
    expect(project.snapshot()).toEqual(before);
    release();

    expect(await outcome).toEqual({ status: 'fixed', message: VERIFIED_TITLE, applied: true });
    // Two rounds: the second prompt carries how the first fix failed in the copy.
    expect(fake.requests).toHaveLength(2);
    const [first, second] = fake.requests.map((request) => promptOf(request).user);
    expect(first).toContain(bug.before);
    expect(first).not.toContain(bug.after);
    expect(second).toContain(bug.after);
    // Only the verified fix was offered, and it says so.
    expect(started.questions).toEqual([
      {
        type: expect.any(Number),
        message: `Lantern: ${VERIFIED_TITLE}. Apply it?`,
        actions: [{ title: 'Apply' }, { title: 'Discard' }],
      },
    ]);
    expect(started.applyEdits.received).toHaveLength(1);
    const sent = await started.applyEdits.waitFor(1);
    expect(sent.label).toBe(`Lantern: ${VERIFIED_TITLE}`);
    const uri = project.uri(project.sourceFile);
    expect(editsFor(sent.edit, uri).version).toBeNull(); // the source file is not open: the file on disk
    expect(applyWorkspaceEdit(original, uri, sent.edit)).toBe(original.replace(bug.buggy, bug.right));
    // The server wrote none of the user's files (the client applies the edit), and left no copy behind.
    expect(project.snapshot()).toEqual(before);
    expect(project.workspaceCopies()).toEqual([]);

    // Progress: begin, the steps of both attempts, end — and the end before the question.
    const progress = progressOf(started.session);
    expect(progress.map((value) => value.kind)).toEqual([
      'begin',
      'report',
      'report',
      'report',
      'report',
      'report',
      'end',
    ]);
    expect(progress[0]?.title).toBe(`Lantern: debugging ${basename(project.testFile)}`);
    expect(progress.slice(1, -1).map((value) => value.message)).toEqual([
      'running the tests',
      'attempt 1: asking for a fix of total',
      'attempt 1: testing the fix in a copy of the workspace',
      'attempt 2: asking for a fix of total',
      'attempt 2: testing the fix in a copy of the workspace',
    ]);
    expect(arrival(started.session, '$/progress', 'end')).toBeLessThan(
      arrival(started.session, 'window/showMessageRequest'),
    );
  });

  it('sends no edit when the user discards the verified fix', async () => {
    fake.script({ kind: 'text', text: answerWith(project, bug.right) });
    const before = project.snapshot();
    const started = await start({ trusted: true, choice: 'Discard' }, `${name}-discard`);
    expect(await started.debug()).toEqual({ status: 'fixed', message: VERIFIED_TITLE, applied: false });
    expect(fake.requests).toHaveLength(1);
    expect(started.questions).toHaveLength(1);
    expect(started.applyEdits.received).toEqual([]);
    expect(project.snapshot()).toEqual(before);
    expect(project.workspaceCopies()).toEqual([]);
  });

  it('says there is nothing to fix when the tests pass, without asking the model', async () => {
    project.write(project.sourceFile, project.read(project.sourceFile).replace(bug.buggy, bug.right));
    // The marker shows the command really ran (the untrusted cases check that it does not).
    const marker = join(freshDir('lantern-marker-'), 'ran');
    const started = await start(
      { trusted: true, command: `touch '${marker}' && ${testCommandOf(project)}` },
      `${name}-passing`,
    );
    expect(await started.debug()).toEqual({
      status: 'passing',
      message: 'Lantern: the tests pass; nothing to fix.',
    });
    expect(existsSync(marker)).toBe(true);
    expect(fake.requests).toEqual([]);
    expect(started.questions).toEqual([]);
    expect(project.workspaceCopies()).toEqual([]);
  });

  describe('in an untrusted workspace, runs nothing and says how to trust it', () => {
    async function expectUntrusted(debug: () => Promise<unknown>, marker: string): Promise<void> {
      const outcome = (await debug()) as { status: string; message: string };
      expect(outcome.status).toBe('untrusted');
      expect(outcome.message).toContain('"tests.trustedWorkspaces"');
      expect(outcome.message).toContain(project.root);
      const shown = await sessions.session?.waitForNotification<{ message: string }>(
        'window/showMessage',
        (params) => params.message === outcome.message,
      );
      expect(shown?.message).toBe(outcome.message);
      expect(existsSync(marker)).toBe(false);
      expect(fake.requests).toEqual([]);
      expect(project.workspaceCopies()).toEqual([]);
    }

    it('when nothing trusts it', async () => {
      const marker = join(freshDir('lantern-marker-'), 'ran');
      const command = `touch '${marker}' && ${testCommandOf(project)}`;
      const started = await start({ trusted: false, command }, `${name}-untrusted`);
      await expectUntrusted(started.debug, marker);
    });

    it('when only its own workspace settings (workspace/configuration) try to trust it', async () => {
      const marker = join(freshDir('lantern-marker-'), 'ran');
      const command = `touch '${marker}' && ${testCommandOf(project)}`;
      const started = await start(
        {
          trusted: false,
          command,
          // A repository's settings trusting itself; the invalid maxAttempts proves they were applied.
          workspaceConfiguration: {
            tests: { trustedWorkspaces: [project.root, '*'], command },
            debug: { maxAttempts: 0 },
          },
        },
        `${name}-self-trusted`,
      );
      await started.session.waitForNotification<{ message: string }>('window/showMessage', (params) =>
        params.message.includes('debug.maxAttempts'),
      );
      await expectUntrusted(started.debug, marker);
    });
  });

  it('asks for a test command when none is configured', async () => {
    const started = await start({ trusted: true, command: '' }, `${name}-no-command`);
    const outcome = await started.debug();
    expect(outcome.status).toBe('not-configured');
    expect(outcome.message).toContain('"tests.command"');
    expect(fake.requests).toEqual([]);
  });

  it('lists "Debug failing test with Lantern" in the test file, not in the code under test', async () => {
    const started = await start({ trusted: true }, `${name}-action`);
    const actionsIn = async (file: string): Promise<CodeAction[]> => {
      await started.session.open(project.uri(file), project.languageId, project.read(file));
      const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
      return started.session.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri: project.uri(file) },
        range,
        context: { diagnostics: [] },
      });
    };
    const title = 'Debug failing test with Lantern';
    const inTest = (await actionsIn(project.testFile)).filter((action) => action.title === title);
    expect(inTest).toEqual([
      {
        title,
        kind: 'quickfix',
        command: { title, command: 'lantern.debug', arguments: [{ uri: project.uri(project.testFile) }] },
      },
    ]);
    const inSource = await actionsIn(project.sourceFile);
    expect(inSource.map((action) => action.title)).not.toContain(title);
    expect(fake.requests).toEqual([]);
  });
});

describe('cancelling lantern.debug', () => {
  const sessions = debugProjectSessions('python-project');
  let fake: FakeModelServer;
  let project: DebugProject;
  beforeEach(() => {
    ({ fake, project } = sessions);
  });

  it('with $/cancelRequest while the model answers: closes the model request, offers nothing', async () => {
    fake.script({ kind: 'hang' });
    const before = project.snapshot();
    const started = await sessions.start({ trusted: true, traceName: 'debug-cancel-model' });
    const cancel = new CancellationTokenSource();
    const outcome = started.debug(cancel.token);
    const request = await fake.waitForRequests(1);
    cancel.cancel();
    await expect(outcome).rejects.toMatchObject({ code: LSPErrorCodes.RequestCancelled });
    await request.closed;
    expect(started.questions).toEqual([]);
    expect(started.applyEdits.received).toEqual([]);
    expect(project.snapshot()).toEqual(before);
    expect(project.workspaceCopies()).toEqual([]);
  });

  it("with the progress's cancel button while the tests run: stops them, asks no model", async () => {
    const marker = join(freshDir('lantern-marker-'), 'running');
    // The test command announces itself (by rename, so the file appears whole), then runs "forever":
    // the session only ends if the cancel kills it.
    const command = `touch '${marker}.tmp' && mv '${marker}.tmp' '${marker}' && sleep 300`;
    const started = await sessions.start({ trusted: true, command, traceName: 'debug-cancel-tests' });
    const outcome = started.debug();
    await fileAppears(marker);
    await started.session.waitForMessage(
      (msg) =>
        isCall(msg, '$/progress') &&
        (msg.params as { value?: ProgressValue }).value?.title?.startsWith(DEBUG_TITLE) === true,
    );
    const token = debugProgressToken(started.session);
    await started.session.connection.sendNotification('window/workDoneProgress/cancel', { token });
    await expect(outcome).rejects.toMatchObject({ code: LSPErrorCodes.RequestCancelled });
    expect(fake.requests).toEqual([]);
    expect(project.workspaceCopies()).toEqual([]);
    expect(progressOf(started.session).at(-1)?.kind).toBe('end');
  });
});
