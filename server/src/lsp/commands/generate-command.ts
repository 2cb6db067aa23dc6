import { ErrorCodes, ResponseError } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { GenerateRequest, GenerateStage } from '../../agent/generate/generator.js';
import { writesTestsFor } from '../../agent/generate/test-layout.js';
import { unitAt } from '../../syntax/code-units.js';
import { symbolAt } from '../../syntax/symbol-at.js';
import type { SyntaxDocument } from '../../syntax/syntax-document.js';
import { isTrusted, trustAdvice } from '../../tools/trust.js';
import { MessageType } from '../client-notifier.js';
import type { FeatureContext } from '../feature.js';
import type { GenerateArgs, UnitArgs } from '../protocol.js';
import { offsetOf } from '../ranges.js';
import type { CommandHandler } from './explain-command.js';
import { signalOf } from './explanation-markdown.js';
import { applyIfSupported, toWorkspaceEdit } from './fix-command.js';
import { unsavedBuffers } from './open-buffers.js';

const PROGRESS_INTERVAL_MS = 150;

/**
 * `lantern.generate {uri, position | range, instruction?}`: writes code there (instruction from the
 * argument, the selection or the comment at the cursor), with progress reporting the stage and how much
 * has streamed; cancelling the request or the progress stops the model. The verified insertion is sent
 * with workspace/applyEdit.
 */
export const generateCommand: CommandHandler = async (args, feature, token) => {
  const request = args[0] as Partial<GenerateArgs> | undefined;
  if (typeof request?.uri !== 'string' || (!request.position && !request.range)) {
    throw new ResponseError(
      ErrorCodes.InvalidParams,
      'lantern.generate expects {uri, position | range, instruction?}.',
    );
  }
  const document = feature.documents.get(request.uri);
  if (!document)
    throw new ResponseError(ErrorCodes.InvalidParams, `lantern.generate: ${request.uri} is not open.`);
  const start = offsetOf(document, request.range?.start ?? request.position ?? { line: 0, character: 0 });
  const end = request.range ? offsetOf(document, request.range.end) : undefined;
  if (start === undefined)
    throw new ResponseError(
      ErrorCodes.InvalidParams,
      'lantern.generate: the position is outside the document.',
    );
  const { typecheck, skipped } = typecheckOf(feature, document);
  const progress = await feature.notifier.progress('Lantern: generating');
  let last = 0;
  let lastStage: GenerateStage | undefined;
  const report = (stage: GenerateStage, detail: string) => {
    const now = Date.now();
    if (stage === lastStage && now - last < PROGRESS_INTERVAL_MS) return;
    last = now;
    lastStage = stage;
    progress.report(detail ? `${stage} (${detail})` : stage);
  };
  let result: Awaited<ReturnType<typeof feature.agent.generator.generate>>;
  try {
    result = await feature.agent.generator.generate(
      {
        document,
        offset: start,
        ...(end !== undefined ? { selection: { start, end } } : {}),
        ...(request.instruction ? { instruction: request.instruction } : {}),
        ...(typecheck ? { typecheck } : {}),
      },
      AbortSignal.any([signalOf(token), progress.signal]),
      report,
    );
  } finally {
    progress.done();
  }
  if (result.kind === 'rejected') {
    feature.notifier.showMessage(MessageType.Warning, result.reason);
    return { applied: false, reason: result.reason };
  }
  const applied = await applyIfSupported(
    feature,
    `Lantern: ${result.instruction.slice(0, 60)}`,
    toWorkspaceEdit(feature, document, result.edit),
  );
  if (skipped) feature.notifier.showMessage(MessageType.Warning, skipped);
  // Without a grammar nothing checked the code's syntax: the result says so.
  const note =
    skipped ??
    (document.language
      ? undefined
      : `not checked for syntax: Lantern has no grammar for languageId \`${document.languageId}\``);
  return {
    ...applied,
    instruction: result.instruction,
    plan: result.plan,
    ...(note ? { note } : {}),
  };
};

/** `lantern.generateDocstring {uri, position}`: documents the unit there (offline: a skeleton). */
export const generateDocstringCommand: CommandHandler = async (args, feature, token) => {
  const request = args[0] as Partial<UnitArgs> | undefined;
  if (typeof request?.uri !== 'string' || !request.position) {
    throw new ResponseError(ErrorCodes.InvalidParams, 'lantern.generateDocstring expects {uri, position}.');
  }
  const document = feature.documents.get(request.uri);
  const offset = document ? offsetOf(document, request.position) : undefined;
  if (!document || offset === undefined)
    throw new ResponseError(
      ErrorCodes.InvalidParams,
      'lantern.generateDocstring: no such document or position.',
    );
  const target = symbolAt(document, offset);
  const unit =
    target?.kind === 'unit' && target.via === 'declaration' ? target.unit : unitAt(document.units(), offset);
  if (!unit) {
    const reason = 'Lantern: put the cursor in a function, method or class to document it.';
    feature.notifier.showMessage(MessageType.Warning, reason);
    return { applied: false, reason };
  }
  const result = await feature.agent.docstrings.write(document, unit, signalOf(token));
  if (result.kind === 'rejected') {
    feature.notifier.showMessage(MessageType.Warning, result.reason);
    return { applied: false, reason: result.reason };
  }
  const label = `Lantern: ${result.skeleton ? 'docstring skeleton' : 'docstring'} for ${unit.name}`;
  return {
    ...(await applyIfSupported(feature, label, toWorkspaceEdit(feature, document, result.edit))),
    skeleton: result.skeleton,
  };
};

/**
 * `lantern.generateTests {uri, position}`: tests for the unit there, in the project's framework and
 * layout — a new test file (CreateFile + its text) or additions to the existing one.
 */
export const generateTestsCommand: CommandHandler = async (args, feature, token) => {
  const request = args[0] as Partial<UnitArgs> | undefined;
  if (typeof request?.uri !== 'string' || !request.position) {
    throw new ResponseError(ErrorCodes.InvalidParams, 'lantern.generateTests expects {uri, position}.');
  }
  const document = feature.documents.get(request.uri);
  const offset = document ? offsetOf(document, request.position) : undefined;
  if (!document || offset === undefined)
    throw new ResponseError(ErrorCodes.InvalidParams, 'lantern.generateTests: no such document or position.');
  const unit = unitAt(document.units(), offset);
  const refuse = (reason: string) => {
    feature.notifier.showMessage(MessageType.Warning, reason);
    return { applied: false, reason };
  };
  if (!unit) return refuse('Lantern: put the cursor in a function, method or class to test it.');
  const spec = document.language?.spec;
  if (!writesTestsFor(spec?.name))
    return refuse(
      `Lantern writes tests for TypeScript, JavaScript and Python only, not for ${spec?.displayName ?? 'this language'} yet.`,
    );
  const root = feature.workspaceFolderOf(document.uri);
  const result = await feature.agent.tests.write(document, unit, root, signalOf(token));
  if (result.kind === 'rejected') return refuse(result.reason);
  const workspaceEdit = feature.client().workspace?.workspaceEdit;
  if (
    !workspaceEdit?.documentChanges ||
    (result.create && !workspaceEdit.resourceOperations?.includes('create'))
  ) {
    return refuse(
      'Lantern: this editor cannot create files through the language server (workspace edits with CreateFile).',
    );
  }
  const base = TextDocument.create(result.testUri, '', 0, result.base);
  const edits = result.edits.map((edit) => ({
    range: { start: base.positionAt(edit.startIndex), end: base.positionAt(edit.endIndex) },
    newText: edit.newText,
  }));
  const change = { textDocument: { uri: result.testUri, version: result.version }, edits };
  const edit = {
    documentChanges: result.create
      ? [{ kind: 'create' as const, uri: result.testUri, options: { ignoreIfExists: true } }, change]
      : [change],
  };
  const label = `Lantern: ${result.skeleton ? 'test skeleton' : 'tests'} for ${unit.name} (${result.framework})`;
  return {
    ...(await applyIfSupported(feature, label, edit)),
    testUri: result.testUri,
    framework: result.framework,
    skeleton: result.skeleton,
  };
};

/**
 * The project's type check for TS/JS, when configured. It runs a command, so only in a trusted
 * workspace; elsewhere the code is checked for syntax only, and `skipped` says why (the setting may
 * come from the repository itself, which must not be able to run commands by cloning).
 */
function typecheckOf(
  feature: FeatureContext,
  document: SyntaxDocument,
): { typecheck?: NonNullable<GenerateRequest['typecheck']>; skipped?: string } {
  const command = feature.config().generate.typecheckCommand.trim();
  const language = document.language?.spec.name;
  if (!command || !(language === 'typescript' || language === 'tsx' || language === 'javascript')) return {};
  const root = feature.workspaceFolderOf(document.uri);
  const notRun = 'Lantern checked the generated code for syntax only: "generate.typecheckCommand"';
  if (!root) return { skipped: `${notRun} needs a workspace folder to run in.` };
  if (!isTrusted(root, feature.trustedWorkspaces()))
    return { skipped: `${notRun} runs only in trusted workspaces. ${trustAdvice(root)}` };
  return { typecheck: { command, root, unsaved: unsavedBuffers(feature) } };
}
