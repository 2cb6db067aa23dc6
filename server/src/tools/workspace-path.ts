import { realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { ToolError } from './agent-tool.js';

/**
 * Resolves a path the model gave to a real file inside the workspace, or refuses: `..` escapes, absolute
 * paths elsewhere and symlinks pointing outside all end at the same check on the real path.
 */
export function insideWorkspace(root: string, requested: string): string {
  const realRoot = realpathSync(root);
  const candidate = resolve(realRoot, requested);
  let real: string;
  try {
    real = realpathSync(candidate);
  } catch {
    if (!isInside(realRoot, candidate)) throw outside(requested);
    throw new ToolError(`no such file in the workspace: ${requested}`);
  }
  if (!isInside(realRoot, real)) throw outside(requested);
  return real;
}

/** The path relative to the workspace root, as shown to the model. */
export function workspaceRelative(root: string, path: string): string {
  return relative(realpathSync(root), path) || '.';
}

function isInside(root: string, path: string): boolean {
  const inside = relative(root, path);
  return inside === '' || (!inside.startsWith('..') && !isAbsolute(inside));
}

function outside(requested: string): ToolError {
  return new ToolError(`refused: ${requested} is outside the workspace (tools only read files inside it)`);
}
