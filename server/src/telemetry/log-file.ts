import { redactSecrets } from '../secrets.js';
import { DEFAULT_LOG_ROTATION, type LogRotation, RotatingLogFile } from './rotating-log-file.js';

/** LSP MessageType (1 Error … 5 Debug) → pino's level labels, so both fronts' log files read alike. */
const LEVELS = ['info', 'error', 'warn', 'info', 'info', 'debug'];

/** The language server's log file: one JSON line per message, rotated by size. */
export interface LogFileWriter {
  write(level: number, message: string): void;
  /** Applies the `log` settings (they arrive after start, and may change). */
  configure(rotation: LogRotation): void;
}

/**
 * Appends log lines to LANTERN_LOG_FILE when it is set (editors often hide the LSP log; a file
 * survives the session), as JSON lines `{time, level, msg}` rotated by size. Credentials of the
 * environment are redacted here too, whatever the message's origin. A file that cannot be written is
 * given up on after the first failure: logging must never take the server down.
 */
export function logFileWriter(path: string | undefined, secrets: readonly string[] = []): LogFileWriter {
  if (!path) return { write: () => undefined, configure: () => undefined };
  let file: RotatingLogFile | undefined;
  try {
    file = new RotatingLogFile(path, DEFAULT_LOG_ROTATION);
  } catch {
    file = undefined;
  }
  return {
    write(level, message) {
      if (!file) return;
      const msg = redactSecrets(message, secrets);
      try {
        file.write(JSON.stringify({ time: new Date().toISOString(), level: LEVELS[level] ?? 'info', msg }));
      } catch {
        file = undefined;
      }
    },
    configure(rotation) {
      file?.configure(rotation);
    },
  };
}
