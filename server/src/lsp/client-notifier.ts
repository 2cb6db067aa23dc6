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
  /** Asks the client to apply an edit; resolves to whether it did (with its reason when not). */
  applyEdit(label: string, edit: WorkspaceEdit): Promise<{ applied: boolean; failureReason?: string }>;
}

/**
 * The notifier over a real connection; messages and log lines also go to the log file, if any. Send
 * failures (client gone) are reported on stderr, never thrown.
 */
export function connectionNotifier(
  connection: Connection,
  writeLogFile: (level: MessageType, message: string) => void = () => undefined,
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
    async applyEdit(label, edit) {
      const result = await connection.workspace.applyEdit({ label, edit });
      return result.failureReason === undefined
        ? { applied: result.applied }
        : { applied: result.applied, failureReason: result.failureReason };
    },
  };
}

export { MessageType };
