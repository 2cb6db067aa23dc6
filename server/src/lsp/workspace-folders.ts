import { fileURLToPath } from 'node:url';
import type { InitializeParams, WorkspaceFoldersChangeEvent } from 'vscode-languageserver';
import { innermostFolder } from '../tools/workspace-path.js';

/**
 * Every workspace folder as a path, the first being the root (imports resolve from it); the
 * deprecated rootUri alone when there are no folders.
 */
export function foldersOf(params: InitializeParams): string[] {
  const folders = (params.workspaceFolders ?? []).flatMap((folder) => pathOf(folder.uri) ?? []);
  if (folders.length > 0) return folders;
  const root = pathOf(params.rootUri ?? undefined);
  return root ? [root] : [];
}

/**
 * The folders after the editor added or removed some (`workspace/didChangeWorkspaceFolders`): removed
 * ones go, added ones come last, so the first folder (imports are resolved from it) stays first unless
 * it was removed.
 */
export function changedFolders(folders: readonly string[], event: WorkspaceFoldersChangeEvent): string[] {
  const removed = new Set(event.removed.flatMap((folder) => pathOf(folder.uri) ?? []));
  const kept = folders.filter((folder) => !removed.has(folder));
  const added = event.added.flatMap((folder) => pathOf(folder.uri) ?? []);
  return [...new Set([...kept, ...added])];
}

/**
 * The folder a document belongs to: the innermost workspace folder holding it, else the first folder
 * (a file opened from elsewhere is still worked on in the editor's workspace).
 */
export function folderFor(folders: readonly string[], uri: string): string | undefined {
  const path = pathOf(uri);
  return (path === undefined ? undefined : innermostFolder(folders, path)) ?? folders[0];
}

/** The file system path of a `file:` URI, else undefined. */
export function pathOf(uri: string | undefined): string | undefined {
  if (!uri?.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}
