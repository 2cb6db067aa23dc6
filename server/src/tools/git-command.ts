import { realpathSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { readSmallFileSync } from '../workspace/regular-file.js';
import { ToolError } from './agent-tool.js';
import { type BoundedRun, runBounded } from './run-bounded.js';
import { isInside } from './workspace-path.js';

const GIT_TIMEOUT_MS = 10_000;
const MAX_GIT_OUTPUT_CHARS = 4_000_000;

/**
 * Settings that make git run a command or a program of the repository's choosing, switched off for
 * every git call (`-c` outranks the repository's own config, and git hands it down to the gits it
 * starts). The workspace may be an untrusted clone: reading its history must not run its code.
 */
const NEUTRAL_SETTINGS = [
  'core.fsmonitor=false', // a hook run on every index read
  'core.hooksPath=/dev/null', // post-index-change and friends
  'core.pager=cat',
  'diff.external=', // also refused by --no-ext-diff
  'log.showSignature=false', // runs gpg.program on signed commits
  'protocol.allow=never', // a lazy fetch of a partial clone could reach `ext::` or remote.*.uploadpack
  'submodule.recurse=false',
  'diff.ignoreSubmodules=all', // a submodule's status would run its own filters, named unknown to us
];

/**
 * The environment of every git call: no system or user config (their commands were never the
 * workspace's to run, and only the repository's own config is checked below), no prompt, no pager,
 * no index written; and every GIT_* variable this process has (GIT_DIR, GIT_EXTERNAL_DIFF,
 * GIT_CONFIG_PARAMETERS…) removed.
 */
function gitEnv(): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {};
  for (const name of Object.keys(process.env)) if (name.startsWith('GIT_')) env[name] = undefined;
  return {
    ...env,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_ATTR_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
    GIT_OPTIONAL_LOCKS: '0',
    // A file named `[ab].py` is that file, not a glob matching a.py and b.py.
    GIT_LITERAL_PATHSPECS: '1',
    GIT_PAGER: 'cat',
    PAGER: 'cat',
  };
}

/**
 * Runs a read-only git command (`diff`, `log`) for a workspace folder, confined to it: the
 * repository must be the folder's own (its git dir inside the work tree, or a linked worktree or
 * submodule whose repository holds it), `pathspec` is given relative to the folder (`.` for all of
 * it), and no setting of the repository runs anything. Returns stdout; failures are ToolErrors.
 */
export async function gitInFolder(
  folder: string,
  args: readonly string[],
  pathspec: string,
  signal: AbortSignal,
): Promise<string> {
  const where = await git(
    folder,
    [],
    ['rev-parse', '--path-format=absolute', '--show-toplevel', '--git-dir', '--git-common-dir'],
    signal,
  );
  const [top, gitDir, commonDir] = where.trim().split('\n');
  if (!top || !gitDir || !commonDir) throw new ToolError(`git failed: ${folder} has no work tree`);
  const real = { top: realpathSync(top), gitDir: realpathSync(gitDir), commonDir: realpathSync(commonDir) };
  if (!isInside(real.top, realpathSync(folder)) || !ownRepository(real))
    throw new ToolError(
      `refused: the git repository of ${folder} is kept outside it (a .git file, commondir or core.worktree points elsewhere)`,
    );
  const names = await git(folder, [], ['config', '--list', '--name-only', '--includes'], signal);
  // Pinned to what was checked, so git cannot discover another repository on the second call.
  const pinned = [`--git-dir=${gitDir}`, `--work-tree=${top}`, ...repositoryCommandsOff(names)];
  const output = await git(folder, pinned, [...args, '--', pathspec], signal);
  return output.trim() === '' ? '(nothing)' : output;
}

/**
 * Whether a repository (real paths) belongs to the work tree at `top`: its git dir and common dir
 * inside it (a plain repository); a linked worktree whose repository names this work tree's `.git`
 * back (only `git worktree add` writes that); or a submodule's, kept under the `.git/modules/` of a
 * superproject holding `top`. Anything else is a `.git` file (or a `commondir` in it) reaching into
 * a repository that is not the workspace's.
 */
function ownRepository({
  top,
  gitDir,
  commonDir,
}: {
  top: string;
  gitDir: string;
  commonDir: string;
}): boolean {
  if (isInside(top, gitDir) && isInside(top, commonDir)) return true;
  if (dirname(gitDir) === join(commonDir, 'worktrees')) {
    const backLink = readSmallFileSync(join(gitDir, 'gitdir'), 4_096)?.trim();
    try {
      return backLink !== undefined && realpathSync(backLink) === join(top, '.git');
    } catch {
      return false;
    }
  }
  const modules = gitDir.lastIndexOf(`${sep}.git${sep}modules${sep}`);
  return modules !== -1 && commonDir === gitDir && isInside(gitDir.slice(0, modules), top);
}

/** `-c` settings that empty every filter and diff driver command the repository's config names. */
function repositoryCommandsOff(configNames: string): string[] {
  const settings: string[] = [];
  for (const name of configNames.split('\n')) {
    const driver = /^(filter|diff)\.(.+)\.([^.]+)$/.exec(name);
    if (!driver) continue;
    const [, section, subsection, key = ''] = driver;
    const setting = `${section}.${subsection}.${key}`;
    if (['clean', 'smudge', 'process', 'textconv', 'command'].includes(key.toLowerCase()))
      settings.push(`${setting}=`);
    // A required filter without its command fails the whole diff.
    if (key.toLowerCase() === 'required') settings.push(`${setting}=false`);
  }
  return settings.flatMap((setting) => ['-c', setting]);
}

async function git(folder: string, before: readonly string[], args: readonly string[], signal: AbortSignal) {
  const base = ['--no-pager', ...NEUTRAL_SETTINGS.flatMap((setting) => ['-c', setting])];
  const run: BoundedRun = await runBounded('git', [...base, ...before, ...args], {
    cwd: folder,
    signal,
    timeoutMs: GIT_TIMEOUT_MS,
    maxOutputChars: MAX_GIT_OUTPUT_CHARS,
    env: gitEnv(),
  });
  if (run.cancelled) throw new ToolError('git was cancelled');
  if (run.startError !== undefined) throw new ToolError(`git failed: ${run.startError}`);
  if (run.timedOut) throw new ToolError(`git failed: no answer within ${GIT_TIMEOUT_MS / 1000} s`);
  if (run.exitCode !== 0)
    throw new ToolError(`git failed: ${run.stderr.trim().split('\n')[0] || `exit code ${run.exitCode}`}`);
  return run.cut ? `${run.stdout}\n… (cut: the output is too long; give a path)` : run.stdout;
}
