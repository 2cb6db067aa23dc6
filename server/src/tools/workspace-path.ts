import { realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { ToolError } from './agent-tool.js';

/** A path the model may use: its real location, and the workspace folder that holds it. */
export interface WorkspacePath {
  readonly path: string;
  readonly folder: string;
}

/**
 * Resolves a path the model gave to a real file inside one of the workspace folders, or refuses: `..`
 * escapes, absolute paths elsewhere and symlinks pointing outside all end at the same check on the
 * real path. A relative path is taken from the first folder (the root the model is told about); an
 * absolute one may lie in any folder.
 */
export function insideWorkspace(folders: readonly string[], requested: string): WorkspacePath {
  const realFolders = folders.map((folder) => realpathSync(folder));
  const [first] = realFolders;
  if (first === undefined) throw outside(requested);
  const candidate = resolve(first, requested);
  let real: string;
  try {
    real = realpathSync(candidate);
  } catch {
    if (!folderOf(realFolders, candidate)) throw outside(requested);
    throw new ToolError(`no such file in the workspace: ${requested}`);
  }
  const folder = folderOf(realFolders, real);
  if (!folder) throw outside(requested);
  return { path: real, folder };
}

/**
 * The path as shown to the model: relative to the first folder when inside it (so it can be given
 * back as is), else absolute (another folder's files are reached by their absolute path).
 */
export function workspaceRelative(folders: readonly string[], path: string): string {
  const [first] = folders;
  if (first === undefined) return path;
  const realFirst = realpathSync(first);
  return isInside(realFirst, path) ? relative(realFirst, path) || '.' : path;
}

// The innermost folder holding the path (folders may nest).
function folderOf(folders: readonly string[], path: string): string | undefined {
  return folders
    .filter((folder) => isInside(folder, path))
    .reduce<string | undefined>(
      (best, folder) => (best && best.length > folder.length ? best : folder),
      undefined,
    );
}

function isInside(root: string, path: string): boolean {
  const inside = relative(root, path);
  return inside === '' || (!inside.startsWith('..') && !isAbsolute(inside));
}

function outside(requested: string): ToolError {
  return new ToolError(`refused: ${requested} is outside the workspace (tools only read files inside it)`);
}
