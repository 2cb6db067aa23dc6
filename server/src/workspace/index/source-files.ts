import type { Dirent } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { languageFor } from '../../syntax/languages.js';
import { readFileStart } from '../regular-file.js';

/** What the crawl takes in and leaves out. */
export interface SourceFileLimits {
  /** gitignore-style patterns, relative to each workspace folder (`index.exclude`). */
  readonly exclude: readonly string[];
  /** Files bigger than this are not indexed. */
  readonly maxFileBytes: number;
  /** The crawl stops listing past this many files (a home folder opened by mistake). */
  readonly maxFiles: number;
}

/** A source file found by the crawl. */
export interface SourceFile {
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
}

export interface SourceListing {
  readonly files: SourceFile[];
  /** Files left out for their size, and folders that could not be read, for the log. */
  readonly skipped: { readonly tooLarge: number; readonly unreadable: number; readonly overLimit: boolean };
}

/** A folder's `.gitignore` rules, and the folder they are relative to. */
interface Rules {
  readonly dir: string;
  readonly rules: Ignore;
}

/**
 * The source files (of a language Lantern parses) under a workspace folder, as the crawl indexes them:
 * `.gitignore` files (each folder's, for what is below it) and the `exclude` patterns respected, `.git`
 * never entered. Symbolic links are not followed — neither to folders (a link loop, or the whole
 * disk) nor to files (what they point to is indexed where it lives, if inside the workspace); FIFOs,
 * sockets and devices are not files. A folder that cannot be read is counted and passed over.
 */
export async function listSourceFiles(
  root: string,
  limits: SourceFileLimits,
  signal?: AbortSignal,
): Promise<SourceListing> {
  const files: SourceFile[] = [];
  const skipped = { tooLarge: 0, unreadable: 0, overLimit: false };
  const excluded = ignore().add([...limits.exclude]);
  const pending: { dir: string; rules: readonly Rules[] }[] = [{ dir: root, rules: [] }];
  while (pending.length > 0 && !signal?.aborted) {
    const { dir, rules: inherited } = pending.shift() as (typeof pending)[number];
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      skipped.unreadable++;
      continue;
    }
    const own = entries.some((entry) => entry.name === '.gitignore' && entry.isFile())
      ? await gitignoreOf(dir)
      : undefined;
    const rules = own ? [...inherited, own] : inherited;
    const isIgnored = (path: string, isDir: boolean) => {
      const suffix = isDir ? '/' : '';
      if (excluded.ignores(relative(root, path) + suffix)) return true;
      return rules.some((rule) => rule.rules.ignores(relative(rule.dir, path) + suffix));
    };
    const found = await Promise.all(
      entries.map(async (entry) => {
        const path = join(dir, entry.name);
        if (entry.isSymbolicLink()) return undefined;
        if (entry.isDirectory()) {
          if (entry.name !== '.git' && !isIgnored(path, true)) pending.push({ dir: path, rules });
          return undefined;
        }
        if (!entry.isFile() || !languageFor('', path) || isIgnored(path, false)) return undefined;
        try {
          const stats = await lstat(path);
          if (!stats.isFile()) return undefined;
          if (stats.size > limits.maxFileBytes) {
            skipped.tooLarge++;
            return undefined;
          }
          return { path, size: stats.size, mtimeMs: stats.mtimeMs };
        } catch {
          return undefined; // gone since the listing
        }
      }),
    );
    for (const file of found) {
      if (!file) continue;
      if (files.length >= limits.maxFiles) {
        skipped.overLimit = true;
        return { files, skipped };
      }
      files.push(file);
    }
  }
  return { files, skipped };
}

/**
 * Whether a path (inside `root`) is one the crawl would index, read from the rules of the folders
 * above it: for a single file reported changed, without listing the workspace again.
 */
export async function isIndexable(root: string, path: string, limits: SourceFileLimits): Promise<boolean> {
  const rel = relative(root, path);
  if (rel === '' || rel.startsWith('..') || !languageFor('', path)) return false;
  const parts = rel.split('/');
  if (parts.includes('.git')) return false;
  if (
    ignore()
      .add([...limits.exclude])
      .ignores(rel)
  )
    return false;
  for (let depth = 0; depth < parts.length; depth++) {
    const dir = join(root, ...parts.slice(0, depth));
    const rules = await gitignoreOf(dir);
    if (!rules) continue;
    // `ignore` tests the folders on the way down too: a folder ignored hides everything in it.
    if (rules.rules.ignores(parts.slice(depth).join('/'))) return false;
  }
  return true;
}

const MAX_GITIGNORE_BYTES = 256 * 1024;

async function gitignoreOf(dir: string): Promise<Rules | undefined> {
  try {
    const { text } = await readFileStart(join(dir, '.gitignore'), MAX_GITIGNORE_BYTES);
    return { dir, rules: ignore().add(text) };
  } catch {
    return undefined;
  }
}
