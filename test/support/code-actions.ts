import type { CodeAction, ExecuteCommandParams, Range } from 'vscode-languageserver-protocol';
import type { Position } from './cursor.js';
import type { LspSession } from './lsp-session.js';

/** The code actions offered at a position or for a range (no diagnostics), in the order listed. */
export function codeActionsAt(
  session: LspSession,
  uri: string,
  at: Position | Range,
  only?: readonly string[],
): Promise<CodeAction[]> {
  const range = 'start' in at ? at : { start: at, end: at };
  return session.request<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri },
    range,
    context: { diagnostics: [], ...(only ? { only } : {}) },
  });
}

/** The code actions offered at a position (no diagnostics), by title; `only` filters by kind. */
export async function actionsAt(
  session: LspSession,
  uri: string,
  position: Position,
  only?: readonly string[],
): Promise<Map<string, CodeAction>> {
  const actions = await codeActionsAt(session, uri, position, only);
  return new Map(actions.map((action) => [action.title, action]));
}

/** Runs a listed action's command as an editor does; resolves with the command's result. */
export function runCommand<R = unknown>(session: LspSession, action: CodeAction | undefined): Promise<R> {
  if (!action?.command) throw new Error(`the action ${action?.title ?? '(missing)'} has no command`);
  const params: ExecuteCommandParams = {
    command: action.command.command,
    arguments: action.command.arguments ?? [],
  };
  return session.request<R>('workspace/executeCommand', params);
}
