import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, realpath, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { dependencySnapshot } from './dependency-snapshot.js';
import { copyLink, copyTree, linksInside } from './tree-copy.js';
import { isInside } from './workspace-path.js';

/** Installed packages: shared from a snapshot Lantern owns (see dependency-snapshot.ts), not copied. */
const DEPENDENCIES = new Set(['node_modules', '.venv', 'venv']);
const SKIPPED = new Set(['.git', '__pycache__', '.pytest_cache', 'dist', 'coverage']);

/**
 * A throw-away copy of a workspace for trying a fix or running tests: nothing run in it can write the
 * user's files (see copyTree for links, dependency-snapshot.ts for node_modules). Unsaved editor
 * buffers are written into the copy, so tests see what the user sees. Removed by `dispose`.
 */
export class WorkspaceCopy {
  private constructor(
    readonly root: string,
    private readonly originalRoot: string,
    private readonly realOriginalRoot: string,
  ) {}

  /** Copies `originalRoot`; aborting `signal` stops the copy, removes what was copied and throws. */
  static async create(
    originalRoot: string,
    unsaved: ReadonlyMap<string, string>,
    signal?: AbortSignal,
  ): Promise<WorkspaceCopy> {
    const realOriginal = await realpath(originalRoot);
    const root = await mkdtemp(join(tmpdir(), `lantern-debug-${basename(originalRoot)}-`));
    // Whatever fails on the way, no half-made copy stays in the temp dir.
    try {
      await copyTree(realOriginal, root, {
        skip: SKIPPED,
        dependencies: DEPENDENCIES,
        dependency: (original, copy) => linkDependencies(original, copy, realOriginal, root, signal),
        ...(signal ? { signal } : {}),
      });
      const copy = new WorkspaceCopy(root, originalRoot, realOriginal);
      for (const [path, text] of unsaved) copy.write(path, text);
      return copy;
    } catch (error) {
      await rm(root, { recursive: true, force: true });
      throw error;
    }
  }

  /** Writes a file of the original workspace (given by its original path) into the copy. */
  write(originalPath: string, text: string): void {
    const inside = this.#inside(originalPath);
    if (inside === undefined) return;
    // A buffer never saved may sit in a folder not on disk yet.
    mkdirSync(dirname(join(this.root, inside)), { recursive: true });
    writeFileSync(join(this.root, inside), text);
  }

  /** The copy's path for a file of the original workspace. */
  pathOf(originalPath: string): string {
    return join(this.root, this.#inside(originalPath) ?? relative(this.originalRoot, originalPath));
  }

  dispose(): void {
    // Retried: a file appearing while the folder is emptied (ENOTEMPTY) is not a reason to leave it.
    rmSync(this.root, { recursive: true, force: true, maxRetries: 3 });
  }

  // A path under the workspace as written or as it really is (tools hold real paths).
  #inside(path: string): string | undefined {
    for (const root of [this.originalRoot, this.realOriginalRoot])
      if (isInside(root, path)) return relative(root, path);
    return undefined;
  }
}

/**
 * The copy's dependency folder: a real folder (so a tool creating node_modules/.vite writes into the
 * copy) whose entries link to the snapshot's, except links into the workspace (an npm workspace's
 * own packages), which point at the copy's packages. Scoped folders (@scope/) are handled the same.
 */
async function linkDependencies(
  original: string,
  copy: string,
  workspace: string,
  copyRoot: string,
  signal: AbortSignal | undefined,
) {
  const snapshot = await dependencySnapshot(original, signal);
  const link = async (from: string, to: string, shared: string) => {
    await mkdir(to);
    for (const name of await readdir(from)) {
      if (await linksInside(join(from, name), workspace)) {
        await copyLink(join(from, name), join(to, name), workspace, copyRoot);
      } else if (name.startsWith('@')) {
        await link(join(from, name), join(to, name), join(shared, name));
      } else {
        await symlink(join(shared, name), join(to, name));
      }
    }
  };
  await link(original, copy, snapshot);
}
