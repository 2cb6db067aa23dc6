import { appendFileSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

/** How a log file rotates: `path` is always the live file, `path.1` … `path.(maxFiles-1)` the older ones. */
export interface LogRotation {
  /** No file holds more than this many bytes. */
  readonly maxBytes: number;
  /** Files kept, the live one included; the oldest is deleted when one more would be needed. */
  readonly maxFiles: number;
}

/** 10 MB × 5 files (issue 13: an LSP log was seen at 11 MB, never rotated). */
export const DEFAULT_LOG_ROTATION: LogRotation = { maxBytes: 10 * 1024 * 1024, maxFiles: 5 };

/** A line this short always fits, so a line too long for a file becomes this notice instead. */
const OVERSIZED_NOTICE_BYTES = 200;

/**
 * A JSON-lines log file that rotates by size. Each line is appended whole with one synchronous write
 * (O_APPEND), and the file is rotated *before* a line that would take it past `maxBytes`, so every
 * file stays within the size and no line is split across two files or lost in a crash's buffer.
 *
 * The size is read from the file on each write rather than counted here: several language servers
 * (one per editor window) may share one LANTERN_LOG_FILE, and each must see what the others wrote.
 * The object has pino's destination shape (`write(line)`), so the service's logger writes through it.
 */
export class RotatingLogFile {
  #rotation: LogRotation;

  constructor(
    readonly path: string,
    rotation: LogRotation = DEFAULT_LOG_ROTATION,
  ) {
    this.#rotation = checkedRotation(rotation);
    mkdirSync(dirname(path), { recursive: true });
  }

  /** Settings can change while the server runs; the next write obeys the new limits. */
  configure(rotation: LogRotation): void {
    this.#rotation = checkedRotation(rotation);
  }

  /** Appends one line (newline added when missing). Throws when the file cannot be written. */
  write(line: string): void {
    let text = line.endsWith('\n') ? line : `${line}\n`;
    let bytes = Buffer.byteLength(text);
    const { maxBytes } = this.#rotation;
    if (bytes > maxBytes) {
      text = `${JSON.stringify({ time: new Date().toISOString(), level: 'warn', msg: `log line of ${bytes} bytes dropped: longer than the log file size` })}\n`;
      bytes = Buffer.byteLength(text);
    }
    const size = statSync(this.path, { throwIfNoEntry: false })?.size ?? 0;
    if (size > 0 && size + bytes > maxBytes) this.#rotate();
    appendFileSync(this.path, text);
  }

  /** path.(n-2) → path.(n-1), …, path → path.1; the oldest beyond maxFiles is deleted. */
  #rotate(): void {
    const { maxFiles } = this.#rotation;
    rmSync(this.#numbered(maxFiles - 1), { force: true });
    for (let index = maxFiles - 2; index >= 0; index--) {
      try {
        renameSync(this.#numbered(index), this.#numbered(index + 1));
      } catch (error) {
        // Another server sharing the file may have rotated it a moment ago.
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
  }

  #numbered(index: number): string {
    return index === 0 ? this.path : `${this.path}.${index}`;
  }
}

function checkedRotation(rotation: LogRotation): LogRotation {
  if (!(rotation.maxBytes >= OVERSIZED_NOTICE_BYTES) || !(rotation.maxFiles >= 1))
    throw new RangeError(
      `log rotation needs at least ${OVERSIZED_NOTICE_BYTES} bytes and 1 file (got ${rotation.maxBytes} bytes, ${rotation.maxFiles} files)`,
    );
  return rotation;
}

/** `10m`, `512k`, `1g` or a plain number of bytes → bytes. */
export function parseLogSize(size: string): number {
  const match = /^(\d+)([kmg]?)$/i.exec(size.trim());
  if (!match) throw new RangeError(`not a size: ${size} (expected e.g. 10m, 512k, 1g)`);
  const unit = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[match[2]?.toLowerCase() ?? ''] ?? 1;
  return Number(match[1]) * unit;
}

/** The rotation the `log` settings ask for. */
export function logRotationOf(log: { readonly maxSize: string; readonly maxFiles: number }): LogRotation {
  return { maxBytes: parseLogSize(log.maxSize), maxFiles: log.maxFiles };
}
