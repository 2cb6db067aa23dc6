import { createHash } from 'node:crypto';
import { lstat, mkdir, mkdtemp, readdir, realpath, rename, rm, stat, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { copyTree } from './tree-copy.js';

/** A snapshot of an older state of a folder, unused this long, is removed when a new one is made. */
const STALE_MS = 60 * 60_000;
/** The snapshots of a folder none of whose snapshots was used this long are removed too. */
const ABANDONED_MS = 7 * 24 * 60 * 60_000;

/**
 * A copy of a dependency folder (node_modules, .venv) that Lantern owns, made once per state of the
 * folder and shared by every workspace copy made from it.
 *
 * Why not a link to the original, as before: a test (or the code a model wrote) writing into
 * node_modules — a cache under node_modules/.cache, a patched package — wrote into the user's
 * installation, even after the fix was discarded. Why not a fresh copy per run: node_modules is large
 * (copying 425 MB / 24,000 files took 28 s here), and the debug flow and the type check of `generate`
 * make a copy per run. A snapshot costs that once per installation; writes through a copy's links
 * land in the snapshot, never in the user's folder. What one run writes there stays for the next run
 * from the same installation: Lantern's own files, not the user's.
 *
 * Stored under the temp dir as `lantern-dependencies/<hash of the folder's path>/<state>/<name>`,
 * keeping the folder's name so that Node resolves a package's hoisted dependencies beside it.
 */
export async function dependencySnapshot(folder: string, signal?: AbortSignal): Promise<string> {
  const original = await realpath(folder);
  const home = join(tmpdir(), 'lantern-dependencies', hash(original).slice(0, 16));
  const state = await stateOf(original);
  const ready = join(home, state, basename(original));
  if (await exists(ready)) {
    // Its time says when it was last used (see removeStale).
    const now = new Date();
    await utimes(join(home, state), now, now).catch(() => undefined);
    return ready;
  }
  await mkdir(home, { recursive: true });
  const partial = await mkdtemp(join(home, 'partial-'));
  try {
    await mkdir(join(partial, basename(original)));
    await copyTree(original, join(partial, basename(original)), {
      skip: new Set(),
      ...(signal ? { signal } : {}),
    });
    await rename(partial, join(home, state));
  } catch (error) {
    await rm(partial, { recursive: true, force: true });
    // Another run finished the same snapshot first: use theirs.
    if (await exists(ready)) return ready;
    throw error;
  }
  await removeStale(home, state);
  await removeAbandoned(dirname(home));
  return ready;
}

/** What changes when packages are installed or removed: the names and times of the folder's entries. */
async function stateOf(folder: string): Promise<string> {
  const lines = [`${folder} ${(await stat(folder)).mtimeMs}`];
  for (const name of (await readdir(folder)).sort()) {
    try {
      const info = await lstat(join(folder, name));
      lines.push(`${name} ${info.mtimeMs} ${info.size}`);
    } catch {
      // removed while we looked: the next run sees a new state
    }
  }
  return hash(lines.join('\n')).slice(0, 16);
}

async function removeStale(home: string, current: string): Promise<void> {
  for (const name of await readdir(home)) {
    if (name === current) continue;
    const path = join(home, name);
    const info = await stat(path).catch(() => undefined);
    if (info && Date.now() - info.mtimeMs > STALE_MS) await rm(path, { recursive: true, force: true });
  }
}

async function removeAbandoned(snapshots: string): Promise<void> {
  for (const name of await readdir(snapshots)) {
    const home = join(snapshots, name);
    const times = await Promise.all(
      (await readdir(home).catch(() => [])).map((state) =>
        stat(join(home, state)).then(
          (info) => info.mtimeMs,
          () => 0,
        ),
      ),
    );
    if (Date.now() - Math.max(0, ...times) > ABANDONED_MS) await rm(home, { recursive: true, force: true });
  }
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}
