import { ErrorCodes, ResponseError, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import type { DebugResult } from '../../agent/debug/debug-workflow.js';
import { isTrusted, trustAdvice } from '../../tools/trust.js';
import { MessageType } from '../client-notifier.js';
import type { FeatureContext } from '../feature.js';
import type { DebugArgs, DebugOutcome } from '../protocol.js';
import { rangeOf } from '../ranges.js';
import type { CommandHandler } from './explain-command.js';
import { signalOf } from './explanation-markdown.js';
import { applyIfSupported } from './fix-command.js';
import { unsavedBuffers } from './open-buffers.js';

/**
 * `lantern.debug {uri}`: runs the test file's tests (trusted workspaces only), and when a fix makes them
 * pass in a temporary copy, offers it — "verified: tests pass" — and applies it if the user agrees.
 * Progress is reported with window/workDoneProgress; cancelling it (or the request) stops the run.
 */
export const debugCommand: CommandHandler = async (args, feature, token): Promise<DebugOutcome> => {
  const { uri } = parseDebugArgs(args[0]);
  const document = feature.documents.get(uri);
  if (!document) throw new ResponseError(ErrorCodes.InvalidParams, `lantern.debug: ${uri} is not open.`);
  const root = feature.workspaceFolderOf(uri);
  const config = feature.config();
  if (!root || !isTrusted(root, feature.trustedWorkspaces())) {
    const where = root ?? 'this folder';
    return tell(feature, 'untrusted', `Lantern runs tests only in trusted workspaces. ${trustAdvice(where)}`);
  }
  if (config.tests.command.trim() === '') {
    return tell(
      feature,
      'not-configured',
      'Lantern needs the command that runs your tests: set "tests.command", e.g. "python3 -m pytest -x {file}" or "npx vitest run {file}".',
    );
  }
  const progress = await feature.notifier.progress(
    `Lantern: debugging ${uri.slice(uri.lastIndexOf('/') + 1)}`,
  );
  let result: DebugResult;
  try {
    const signal = AbortSignal.any([signalOf(token), progress.signal]);
    result = await feature.agent.debugger.run(
      { testDocument: document, workspaceRoot: root, unsaved: unsavedBuffers(feature) },
      signal,
      (message) => progress.report(message),
    );
  } finally {
    progress.done();
  }
  if (result.kind === 'passing') return tell(feature, 'passing', 'Lantern: the tests pass; nothing to fix.');
  if (result.kind === 'failed') return tell(feature, 'failed', result.reason);
  const title = `Fix ${result.unit.name} (verified: tests pass)`;
  const choice = await feature.notifier.ask(`Lantern: ${title}. Apply it?`, ['Apply', 'Discard']);
  if (choice !== 'Apply') return { status: 'fixed', message: title, applied: false };
  const applied = await applyIfSupported(feature, `Lantern: ${title}`, workspaceEditOf(feature, result));
  return { status: 'fixed', message: title, applied: applied.applied };
};

function tell(feature: FeatureContext, status: DebugOutcome['status'], message: string): DebugOutcome {
  feature.notifier.showMessage(status === 'passing' ? MessageType.Info : MessageType.Warning, message);
  return { status, message };
}

// The fix was computed against the editor's buffer when the file is open (versioned), else the file on disk.
function workspaceEditOf(
  feature: FeatureContext,
  result: Extract<DebugResult, { kind: 'fixed' }>,
): WorkspaceEdit {
  const edits: TextEdit[] = result.edit.edits.map((edit) => ({
    range: rangeOf(result.document, edit.startIndex, edit.endIndex),
    newText: edit.newText,
  }));
  const open = feature.documents.get(result.document.uri);
  if (feature.client().workspace?.workspaceEdit?.documentChanges) {
    return {
      documentChanges: [
        { textDocument: { uri: result.document.uri, version: open ? result.edit.version : null }, edits },
      ],
    };
  }
  return { changes: { [result.document.uri]: edits } };
}

function parseDebugArgs(raw: unknown): DebugArgs {
  const args = raw as Partial<DebugArgs> | undefined;
  if (typeof args?.uri !== 'string')
    throw new ResponseError(ErrorCodes.InvalidParams, 'lantern.debug expects {uri}.');
  return args as DebugArgs;
}
