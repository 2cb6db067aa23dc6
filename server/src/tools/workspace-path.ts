import { realpathSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { ToolError } from './agent-tool.js';

/** A path the model may use: its real location, and the workspace folder (as written) that holds it. */
export interface WorkspacePath {
  readonly path: string;
  readonly folder: string;
}

/**
 * The workspace folders as the editor or user wrote them, and where each really is (same order).
 * Paths are checked against the real folders; trust, cwd and what the model is shown use the written ones.
 */
export interface WorkspaceFolders {
  readonly written: readonly string[];
  readonly real: readonly string[];
}

/** Resolves the folders' real paths once; a folder that does not exist (yet) stands for itself. */
export function resolveFolders(written: readonly string[]): WorkspaceFolders {
  return {
    written,
    real: written.map((folder) => {
      try {
        return realpathSync(folder);
      } catch {
        return resolve(folder);
      }
    }),
  };
}

/** Whether `path` is `folder` or lies inside it (a lexical check: resolve symlinks first if they matter). */
export function isInside(folder: string, path: string): boolean {
  const inside = relative(folder, path);
  return inside === '' || (!inside.startsWith('..') && !isAbsolute(inside));
}

/** The innermost of `folders` holding `path` (folders may nest), or undefined when none does. */
export function innermostFolder(folders: readonly string[], path: string): string | undefined {
  return folders
    .filter((folder) => isInside(folder, path))
    .reduce<string | undefined>(
      (best, folder) => (best && best.length >= folder.length ? best : folder),
      undefined,
    );
}

/**
 * Resolves a path the model gave to a real file inside one of the workspace folders, or refuses: `..`
 * escapes, absolute paths elsewhere and symlinks pointing outside all end at the same check on the
 * real path. A relative path is taken from the first folder (the root the model is told about); an
 * absolute one may lie in any folder.
 */
export function insideWorkspace(folders: WorkspaceFolders, requested: string): WorkspacePath {
  const [first] = folders.real;
  if (first === undefined) throw outside(requested);
  const candidate = resolve(first, requested);
  let real: string;
  try {
    real = realpathSync(candidate);
  } catch {
    if (!innermostFolder(folders.real, candidate)) throw outside(requested);
    throw new ToolError(`no such file in the workspace: ${requested}`);
  }
  const holding = folderHolding(folders, real);
  if (!holding) throw outside(requested);
  // A repository's config names commands and its hooks are scripts: not for the model to read or learn.
  if (
    relative(holding.real, real)
      .split(sep)
      .some((part) => part.toLowerCase() === '.git')
  )
    throw new ToolError(
      `refused: ${requested} is inside .git (the repository's own files are not for tools)`,
    );
  return { path: real, folder: holding.written };
}

/**
 * A real path as shown to the model: relative to the first folder when inside it (so it can be given
 * back as is), else absolute under its folder as written (another folder's files are reached that way).
 */
export function workspaceRelative(folders: WorkspaceFolders, path: string): string {
  const [first] = folders.real;
  if (first !== undefined && isInside(first, path)) return relative(first, path) || '.';
  const holding = folderHolding(folders, path);
  return holding ? join(holding.written, relative(holding.real, path)) : path;
}

// The innermost folder holding a real path: its real path, and the same folder as written.
function folderHolding(
  folders: WorkspaceFolders,
  path: string,
): { real: string; written: string } | undefined {
  const real = innermostFolder(folders.real, path);
  const written = real === undefined ? undefined : folders.written[folders.real.indexOf(real)];
  return real === undefined || written === undefined ? undefined : { real, written };
}

function outside(requested: string): ToolError {
  return new ToolError(`refused: ${requested} is outside the workspace (tools only read files inside it)`);
}
