import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

const LEVELS = ['', 'ERROR', 'WARN', 'INFO', 'LOG', 'DEBUG'];

/**
 * Appends log lines to LANTERN_LOG_FILE when it is set (editors often hide the LSP log; a file
 * survives the session). A file that cannot be written is given up on after the first failure.
 */
export function logFileWriter(path: string | undefined): (level: number, message: string) => void {
  if (!path) return () => undefined;
  let usable = true;
  try {
    mkdirSync(dirname(path), { recursive: true });
  } catch {
    usable = false;
  }
  return (level, message) => {
    if (!usable) return;
    try {
      appendFileSync(path, `${new Date().toISOString()} ${LEVELS[level] ?? 'LOG'} ${message}\n`);
    } catch {
      usable = false;
    }
  };
}
