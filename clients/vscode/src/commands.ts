import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { ExecuteCommandRequest, type LanguageClient } from 'vscode-languageclient/node';
import {
  type AskArgs,
  Commands,
  type EditArgs,
  type ExplainCommandArgs,
  type FixArgs,
  type GenerateArgs,
  StatusRequest,
  type StatusResult,
} from '../../../server/src/lsp/protocol.js';
import type { AnswerView } from './answer-view.js';
import { statusMarkdown } from './status-markdown.js';

/** What the palette commands need: the running client (it is replaced on restart) and where answers go. */
export interface CommandContext {
  readonly client: () => LanguageClient | undefined;
  readonly answers: AnswerView;
  readonly serverCommand: () => string;
  readonly restart: () => Promise<void>;
}

/** The palette commands ("Lantern: …"), each a thin wrapper around one of the server's commands. */
export function registerCommands(context: CommandContext): vscode.Disposable[] {
  // One conversation per window, so "Lantern: Ask" follow-ups keep their history on the server.
  const askSession = randomUUID();
  const commands: Record<string, () => Promise<void>> = {
    'lantern.vscode.explain': () => explain(context),
    'lantern.vscode.fix': () => fix(context),
    'lantern.vscode.debug': async () => {
      const editor = activeEditor();
      // The server reports the outcome itself (and asks before applying a verified fix).
      if (editor) await execute(context, Commands.debug, { uri: uriOf(context, editor.document) });
    },
    'lantern.vscode.generate': () => generate(context),
    'lantern.vscode.edit': () => edit(context),
    'lantern.vscode.ask': () => ask(context, askSession),
    'lantern.vscode.status': async () => {
      const status = await running(context).sendRequest<StatusResult>(StatusRequest);
      await context.answers.show('Lantern status', statusMarkdown(status, context.serverCommand()));
    },
    'lantern.vscode.clearCache': async () => {
      await execute(context, Commands.clearCache);
    },
    'lantern.vscode.restart': () => context.restart(),
  };
  return Object.entries(commands).map(([id, run]) =>
    vscode.commands.registerCommand(id, () =>
      run().catch((error: unknown) => {
        void vscode.window.showErrorMessage(`Lantern: ${(error as Error).message}`);
      }),
    ),
  );
}

async function explain(context: CommandContext): Promise<void> {
  const editor = activeEditor();
  if (!editor) return;
  const { line, character } = editor.selection.active;
  const args: ExplainCommandArgs = { uri: uriOf(context, editor.document), position: { line, character } };
  const markdown = await withProgress('Lantern: explaining…', () => execute(context, Commands.explain, args));
  if (typeof markdown === 'string') await context.answers.show(titleAt(editor), markdown);
}

async function fix(context: CommandContext): Promise<void> {
  const editor = activeEditor();
  if (!editor) return;
  const cursor = editor.selection.active;
  const all = vscode.languages.getDiagnostics(editor.document.uri);
  const atCursor = all.filter((diagnostic) => diagnostic.range.contains(cursor));
  const candidates = atCursor.length > 0 ? atCursor : all.filter((d) => d.range.start.line === cursor.line);
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage('Lantern: no problem at the cursor to fix.');
    return;
  }
  const diagnostic =
    candidates.length === 1
      ? candidates[0]
      : (
          await vscode.window.showQuickPick(
            candidates.map((candidate) => ({
              label: candidate.message.split('\n')[0] ?? '',
              description: candidate.source ?? '',
              candidate,
            })),
            { placeHolder: 'Which problem should Lantern fix?' },
          )
        )?.candidate;
  if (!diagnostic) return;
  const { line, character } = diagnostic.range.start;
  const args: FixArgs = {
    uri: uriOf(context, editor.document),
    version: editor.document.version,
    diagnostic: {
      range: { start: { line, character } },
      message: diagnostic.message,
      ...(diagnostic.source ? { source: diagnostic.source } : {}),
    },
  };
  // The server sends the verified edit with workspace/applyEdit, or says why there is none.
  await withProgress('Lantern: writing a fix…', () => execute(context, Commands.fix, args));
}

async function generate(context: CommandContext): Promise<void> {
  const editor = activeEditor();
  if (!editor) return;
  const instruction = await vscode.window.showInputBox({
    prompt: 'What should Lantern write here? (empty: follow the selection or the comment at the cursor)',
  });
  if (instruction === undefined) return;
  const { selection } = editor;
  const args: GenerateArgs = {
    uri: uriOf(context, editor.document),
    ...(selection.isEmpty
      ? { position: { line: selection.active.line, character: selection.active.character } }
      : { range: rangeOf(selection) }),
    ...(instruction.trim() ? { instruction: instruction.trim() } : {}),
  };
  // The server shows its own progress and usually sends the edit itself; apply one it returns instead.
  const result = await execute(context, Commands.generate, args);
  const edit = (result as { edit?: unknown } | undefined)?.edit;
  if (edit && typeof edit === 'object') {
    const converted = await running(context).protocol2CodeConverter.asWorkspaceEdit(edit);
    await vscode.workspace.applyEdit(converted);
  }
}

/** "Lantern: Edit Selection": asks for the instruction; the server checks the edit and sends it itself. */
async function edit(context: CommandContext): Promise<void> {
  const editor = activeEditor();
  if (!editor) return;
  const instruction = await vscode.window.showInputBox({
    prompt: 'How should Lantern change the selection? (no selection: the function at the cursor)',
  });
  if (!instruction?.trim()) return;
  const args: EditArgs = {
    uri: uriOf(context, editor.document),
    range: rangeOf(editor.selection),
    instruction: instruction.trim(),
    // The version the selection was made in: the server refuses the edit if the document moved on.
    version: editor.document.version,
  };
  await withProgress('Lantern: editing…', () => execute(context, Commands.edit, args));
}

async function ask(context: CommandContext, sessionId: string): Promise<void> {
  const question = await vscode.window.showInputBox({ prompt: 'Ask Lantern' });
  if (!question?.trim()) return;
  const editor = vscode.window.activeTextEditor;
  const args: AskArgs = {
    question: question.trim(),
    sessionId,
    ...(editor ? { uri: uriOf(context, editor.document) } : {}),
    ...(editor && !editor.selection.isEmpty ? { range: rangeOf(editor.selection) } : {}),
  };
  const result = await withProgress('Lantern: thinking…', () => execute(context, Commands.ask, args));
  const markdown = (result as { markdown?: unknown } | undefined)?.markdown;
  if (typeof markdown === 'string') await context.answers.show(`Ask: ${question.slice(0, 40)}`, markdown);
}

function execute(context: CommandContext, command: string, ...args: unknown[]): Promise<unknown> {
  return running(context).sendRequest(ExecuteCommandRequest.type, { command, arguments: args });
}

function running(context: CommandContext): LanguageClient {
  const client = context.client();
  if (!client?.isRunning()) throw new Error('the server is not running (see the Lantern output).');
  return client;
}

function activeEditor(): vscode.TextEditor | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) void vscode.window.showInformationMessage('Lantern: open a file first.');
  return editor;
}

function uriOf(context: CommandContext, document: vscode.TextDocument): string {
  return running(context).code2ProtocolConverter.asUri(document.uri);
}

function rangeOf(selection: vscode.Selection): NonNullable<GenerateArgs['range']> {
  return {
    start: { line: selection.start.line, character: selection.start.character },
    end: { line: selection.end.line, character: selection.end.character },
  };
}

function titleAt(editor: vscode.TextEditor): string {
  const range = editor.document.getWordRangeAtPosition(editor.selection.active);
  return `Explain ${range ? editor.document.getText(range) : 'code'}`;
}

function withProgress<T>(title: string, task: () => Promise<T>): Promise<T> {
  return Promise.resolve(
    vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title }, task),
  );
}
