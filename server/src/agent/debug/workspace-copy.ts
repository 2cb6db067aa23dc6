import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';

/** Heavy or machine-specific folders: linked into the copy, not copied. */
const LINKED = new Set(['node_modules', '.venv', 'venv']);
const SKIPPED = new Set(['.git', '__pycache__', '.pytest_cache', 'dist', 'coverage']);

/**
 * A throw-away copy of a workspace for trying a fix: the user's files are never written. Unsaved editor
 * buffers are written into the copy, so tests see what the user sees. Removed by `dispose`.
 */
export class WorkspaceCopy {
  private constructor(
    readonly root: string,
    private readonly originalRoot: string,
  ) {}

  static create(originalRoot: string, unsaved: ReadonlyMap<string, string>): WorkspaceCopy {
    const root = mkdtempSync(join(tmpdir(), `lantern-debug-${basename(originalRoot)}-`));
    cpSync(originalRoot, root, {
      recursive: true,
      filter: (source) => {
        const name = basename(source);
        return source === originalRoot || (!LINKED.has(name) && !SKIPPED.has(name));
      },
    });
    for (const name of LINKED) {
      const original = join(originalRoot, name);
      if (existsSync(original)) symlinkSync(original, join(root, name), 'dir');
    }
    const copy = new WorkspaceCopy(root, originalRoot);
    for (const [path, text] of unsaved) copy.write(path, text);
    return copy;
  }

  /** Writes a file of the original workspace (given by its original path) into the copy. */
  write(originalPath: string, text: string): void {
    const inside = relative(this.originalRoot, originalPath);
    if (inside.startsWith('..')) return;
    writeFileSync(join(this.root, inside), text);
  }

  /** The copy's path for a file of the original workspace. */
  pathOf(originalPath: string): string {
    return join(this.root, relative(this.originalRoot, originalPath));
  }

  dispose(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}
