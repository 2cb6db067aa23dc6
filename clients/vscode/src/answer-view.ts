import * as vscode from 'vscode';

const SCHEME = 'lantern-answer';

/**
 * Shows Lantern's markdown answers (explanations, status, ask) rendered beside the editor. They live in
 * a read-only virtual document, so closing one never asks to save it.
 */
export class AnswerView implements vscode.TextDocumentContentProvider, vscode.Disposable {
  readonly #answers = new Map<string, string>();
  readonly #registration: vscode.Disposable;
  #count = 0;

  constructor() {
    this.#registration = vscode.workspace.registerTextDocumentContentProvider(SCHEME, this);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.#answers.get(uri.toString()) ?? '';
  }

  async show(title: string, markdown: string): Promise<void> {
    // The query makes each answer its own document; the path gives the preview its title.
    const uri = vscode.Uri.from({
      scheme: SCHEME,
      path: `/${title.replace(/[/\\]/g, ' ')}.md`,
      query: String(++this.#count),
    });
    this.#answers.set(uri.toString(), markdown);
    try {
      await vscode.commands.executeCommand('markdown.showPreviewToSide', uri);
    } catch {
      // The built-in markdown extension can be disabled: show the source instead.
      const document = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true });
    }
  }

  dispose(): void {
    this.#registration.dispose();
    this.#answers.clear();
  }
}
