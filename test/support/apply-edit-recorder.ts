import type {
  ApplyWorkspaceEditParams,
  ApplyWorkspaceEditResult,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { LspSession } from './lsp-session.js';

/**
 * Plays the editor's part of `workspace/applyEdit`: every request the server sends is recorded and
 * answered `{applied: true}`, as an editor that applied it would. Without a handler the client would
 * answer MethodNotFound and the server's command would fail for the wrong reason.
 */
export class ApplyEditRecorder {
  readonly received: ApplyWorkspaceEditParams[] = [];
  readonly #waiters: (() => void)[] = [];

  private constructor() {}

  /** Registers the handler on the session's connection; do it before anything can send an edit. */
  static attach(session: LspSession): ApplyEditRecorder {
    const recorder = new ApplyEditRecorder();
    session.connection.onRequest(
      'workspace/applyEdit',
      (params: ApplyWorkspaceEditParams): ApplyWorkspaceEditResult => {
        recorder.received.push(params);
        for (const wake of recorder.#waiters.splice(0)) wake();
        return { applied: true };
      },
    );
    return recorder;
  }

  /** Resolves with the `count`-th applyEdit request (1-based), received or still to come. */
  async waitFor(count = 1): Promise<ApplyWorkspaceEditParams> {
    while (this.received.length < count) await new Promise<void>((resolve) => this.#waiters.push(resolve));
    return this.received[count - 1] as ApplyWorkspaceEditParams;
  }
}

/** The edits a WorkspaceEdit makes to one document, and the version it is meant for (if versioned). */
export function editsFor(edit: WorkspaceEdit, uri: string): { version: number | null; edits: TextEdit[] } {
  if (edit.documentChanges) {
    const changes = edit.documentChanges.filter(
      (change) => 'textDocument' in change && change.textDocument.uri === uri,
    );
    if (changes.length !== 1) throw new Error(`expected one TextDocumentEdit for ${uri}`);
    const [change] = changes;
    if (!change || !('textDocument' in change)) throw new Error('unreachable');
    // Annotated edits carry the same range/newText; the tests only read those.
    return { version: change.textDocument.version, edits: change.edits as TextEdit[] };
  }
  const edits = edit.changes?.[uri];
  if (!edits) throw new Error(`the edit does not touch ${uri}`);
  return { version: null, edits };
}

/** The document's text once an editor has applied the WorkspaceEdit's edits for it. */
export function applyWorkspaceEdit(text: string, uri: string, edit: WorkspaceEdit): string {
  const document = TextDocument.create(uri, 'plaintext', 0, text);
  return TextDocument.applyEdits(document, editsFor(edit, uri).edits);
}
