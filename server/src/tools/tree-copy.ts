import { copyFile, lstat, mkdir, readdir, realpath, stat, symlink } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { isInside } from './workspace-path.js';

/** A file outside the tree reached by a link is copied up to this size, and left out beyond it. */
const MAX_OUTSIDE_FILE_BYTES = 50_000_000;

export interface TreeCopyOptions {
  /** Folders (by name, at any depth) not copied at all. */
  readonly skip: ReadonlySet<string>;
  /** Folders (by name, at any depth) handed to `dependency` instead of being copied here. */
  readonly dependencies?: ReadonlySet<string>;
  readonly dependency?: (original: string, copy: string) => Promise<void>;
  /** Stops the copy between two entries (it throws the signal's reason). */
  readonly signal?: AbortSignal;
}

/**
 * Copies the tree at `source` (a real path) into the existing folder `target` so that nothing
 * written in the copy can reach a file outside it:
 * - regular files are copied; FIFOs, sockets and devices are left out (opening a FIFO waits for a
 *   writer forever, and no test needs one);
 * - a link whose real target lies inside the tree becomes a relative link to the same place in the
 *   copy (fs.cpSync made it an absolute link back into the original, and writes followed it);
 * - a link to a file outside the tree is replaced by a copy of that file: a snapshot to read, and a
 *   write lands in the copy;
 * - a link to a folder outside the tree is left out: a link would let writes through, and copying
 *   what it points at could mean copying $HOME. Dangling links are left out too.
 */
export async function copyTree(source: string, target: string, options: TreeCopyOptions): Promise<void> {
  await copyEntries(source, target, { root: source, targetRoot: target, ...options });
}

interface CopyContext extends TreeCopyOptions {
  readonly root: string;
  readonly targetRoot: string;
}

async function copyEntries(dir: string, into: string, context: CopyContext): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    context.signal?.throwIfAborted();
    const from = join(dir, entry.name);
    const to = join(into, entry.name);
    if (context.skip.has(entry.name)) continue;
    if (context.dependency && context.dependencies?.has(entry.name)) {
      await context.dependency(from, to);
    } else if (entry.isDirectory()) {
      await mkdir(to);
      await copyEntries(from, to, context);
    } else if (entry.isFile()) {
      await copyFile(from, to);
    } else if (entry.isSymbolicLink()) {
      await copyLink(from, to, context.root, context.targetRoot);
    }
  }
}

/**
 * Recreates the link `from` (inside the tree at `root`) at `to` (inside its copy at `targetRoot`),
 * as copyTree describes. Returns false when the link was left out.
 */
export async function copyLink(from: string, to: string, root: string, targetRoot: string): Promise<boolean> {
  let real: string;
  try {
    real = await realpath(from);
  } catch {
    return false;
  }
  if (isInside(root, real)) {
    const equivalent = join(targetRoot, relative(root, real));
    await symlink(relative(dirname(to), equivalent) || '.', to);
    return true;
  }
  const info = await stat(real);
  if (!info.isFile() || info.size > MAX_OUTSIDE_FILE_BYTES) return false;
  await copyFile(real, to);
  return true;
}

/** Whether `path` is a link whose real target lies inside `root`. */
export async function linksInside(path: string, root: string): Promise<boolean> {
  try {
    return (await lstat(path)).isSymbolicLink() && isInside(root, await realpath(path));
  } catch {
    return false;
  }
}
