import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';

/**
 * Opened without waiting: a FIFO's open() otherwise blocks until something writes to it, and a
 * synchronous one freezes the whole server. Without effect on regular files.
 */
const OPEN_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK;

/** Why a path cannot be read as a file: a FIFO, socket, device or folder. */
export class NotARegularFile extends Error {
  constructor(
    readonly path: string,
    readonly kind: string,
  ) {
    super(`${path} is a ${kind}, not a regular file (only regular files are read)`);
    this.name = 'NotARegularFile';
  }
}

export interface FileStart {
  /** The first `maxBytes` of the file, decoded as UTF-8 (a character cut at the end is dropped). */
  readonly text: string;
  /** The file's whole size in bytes. */
  readonly size: number;
  readonly truncated: boolean;
}

/**
 * Reads at most `maxBytes` from the start of a regular file, asynchronously. The check is made on the
 * file opened (fstat), so a name swapped for a FIFO between a check and the read is refused too.
 * Throws NotARegularFile, or the file system's error.
 */
export async function readFileStart(path: string, maxBytes: number): Promise<FileStart> {
  const handle = await open(path, OPEN_FLAGS);
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw new NotARegularFile(path, kindOf(stats));
    const buffer = Buffer.alloc(Math.min(stats.size, maxBytes));
    let filled = 0;
    while (filled < buffer.length) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return decoded(buffer.subarray(0, filled), stats.size);
  } finally {
    await handle.close();
  }
}

/**
 * The whole text of a regular file of at most `maxBytes`, read synchronously (for callers that are
 * synchronous and read small source files), or undefined for anything else: a special file is never
 * opened in a way that waits, and a bigger file is not read at all.
 */
export function readSmallFileSync(path: string, maxBytes: number): string | undefined {
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS);
  } catch {
    return undefined;
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile() || stats.size > maxBytes) return undefined;
    const buffer = Buffer.alloc(stats.size);
    let filled = 0;
    while (filled < buffer.length) {
      const bytesRead = readSync(fd, buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return buffer.subarray(0, filled).toString('utf8');
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/** What a non-regular file is, for a message. */
export function kindOf(stats: Stats): string {
  if (stats.isFIFO()) return 'FIFO (named pipe)';
  if (stats.isSocket()) return 'socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'device';
  if (stats.isDirectory()) return 'folder';
  return 'special file';
}

function decoded(bytes: Buffer, size: number): FileStart {
  const truncated = bytes.length < size;
  let text = bytes.toString('utf8');
  // A multi-byte character cut by the limit decodes as U+FFFD: not part of the file.
  if (truncated) text = text.replace(/\uFFFD+$/, '');
  return { text, size, truncated };
}
