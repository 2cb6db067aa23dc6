import type { Connection, Diagnostic, WorkspaceEdit } from 'vscode-languageserver';
import { MessageType } from 'vscode-languageserver';

/**
 * Every server→client call Lantern makes goes through this one small interface, so the rest of the
 * server never holds the connection for that and tests can record what was sent.
 */
export interface ClientNotifier {
  publishDiagnostics(uri: string, version: number | undefined, diagnostics: Diagnostic[]): void;
  showMessage(type: MessageType, message: string): void;
  log(type: MessageType, message: string): void;
  /** Asks the user to pick one of `actions`; undefined when dismissed. */
  ask(message: string, actions: readonly string[]): Promise<string | undefined>;
  /**
   * Starts a progress report (window/workDoneProgress) when the client supports it, else a silent one.
   * Its signal fires when the user cancels it.
   */
  progress(title: string): Promise<ProgressReport>;
  /** Asks the client to apply an edit; resolves to whether it did (with its reason when not). */
  applyEdit(label: string, edit: WorkspaceEdit): Promise<{ applied: boolean; failureReason?: string }>;
}

/**
 * The notifier over a real connection; messages and log lines also go to the log file, if any. Send
 * failures (client gone) are reported on stderr, never thrown.
 */
/** A running progress report. */
export interface ProgressReport {
  report(message: string): void;
  done(): void;
  /** Aborted when the user presses the progress's cancel button. */
  readonly signal: AbortSignal;
}

export function connectionNotifier(
  connection: Connection,
  writeLogFile: (level: MessageType, message: string) => void = () => undefined,
  supportsProgress: () => boolean = () => false,
): ClientNotifier {
  const ignoreClosed = (error: unknown) =>
    process.stderr.write(`lantern-ls: send failed: ${String(error)}\n`);
  return {
    publishDiagnostics(uri, version, diagnostics) {
      const params = version === undefined ? { uri, diagnostics } : { uri, version, diagnostics };
      connection.sendDiagnostics(params).catch(ignoreClosed);
    },
    showMessage(type, message) {
      writeLogFile(type, message);
      connection.sendNotification('window/showMessage', { type, message }).catch(ignoreClosed);
    },
    log(type, message) {
      writeLogFile(type, message);
      connection.sendNotification('window/logMessage', { type, message }).catch(ignoreClosed);
    },
    async ask(message, actions) {
      writeLogFile(MessageType.Info, message);
      const choice = await connection.window.showInformationMessage(
        message,
        ...actions.map((title) => ({ title })),
      );
      return choice?.title;
    },
    async progress(title) {
      const controller = new AbortController();
      if (!supportsProgress())
        return { report: () => undefined, done: () => undefined, signal: controller.signal };
      const reporter = await connection.window.createWorkDoneProgress();
      reporter.begin(title, undefined, undefined, true);
      reporter.token.onCancellationRequested(() => controller.abort());
      return {
        report: (message) => reporter.report(message),
        done: () => reporter.done(),
        signal: controller.signal,
      };
    },
    async applyEdit(label, edit) {
      const result = await connection.workspace.applyEdit({ label, edit });
      return result.failureReason === undefined
        ? { applied: result.applied }
        : { applied: result.applied, failureReason: result.failureReason };
    },
  };
}

export { MessageType };
