import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type OpenedStore, openStore } from '../../server/src/store/open-store.js';
import { ResponseCache } from '../../server/src/store/response-cache.js';

const ANSWER = { text: 'Adds two numbers.', model: 'claude-x', createdAt: 1_700_000_000_000 };

/** A SQLite cache under a fresh LANTERN_CACHE_DIR, the problems it reported, and a way to close it. */
function sqliteCache(dir: string) {
  const problems: string[] = [];
  const opened: OpenedStore[] = [];
  const env = { LANTERN_CACHE_DIR: dir };
  const cache = new ResponseCache(
    async () => {
      const store = await openStore('sqlite', 'lantern-test', env);
      opened.push(store);
      return store;
    },
    'not opened yet',
    60_000,
    (message) => problems.push(message),
  );
  return { cache, problems, close: async () => Promise.all(opened.map((store) => store.keyv.disconnect())) };
}

const dirs: string[] = [];
const closers: (() => Promise<unknown>)[] = [];
const undo: (() => void)[] = [];
afterEach(async () => {
  for (const step of undo.splice(0).reverse()) step();
  for (const close of closers.splice(0)) await close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function freshCache() {
  const dir = mkdtempSync(join(tmpdir(), 'lantern-cache-recovery-'));
  dirs.push(dir);
  const made = sqliteCache(dir);
  closers.push(made.close);
  return { ...made, dir, file: join(dir, 'cache.sqlite') };
}

/**
 * Makes a path unwritable even for root (who ignores permission bits): chmod, plus the immutable
 * attribute when running as root. Undone after the test. Undefined when it cannot be done here.
 */
function makeUnwritable(path: string, mode: number): string | undefined {
  chmodSync(path, mode);
  undo.push(() => chmodSync(path, 0o755));
  if (process.getuid?.() !== 0) return undefined;
  const result = spawnSync('chattr', ['+i', path], { encoding: 'utf8' });
  if (result.status !== 0) return `chattr +i failed: ${result.error?.message ?? result.stderr}`;
  undo.push(() => spawnSync('chattr', ['-i', path]));
  return undefined;
}

describe('the SQLite cache recovers from a broken file, and says so once', () => {
  it('a corrupted file (garbage bytes) is moved aside and a new cache started: answers are cached again', async () => {
    const { cache, problems, dir, file } = freshCache();
    writeFileSync(file, Buffer.alloc(16_384, 0x41));
    expect(await cache.get('k')).toBeUndefined();
    await cache.set('k', ANSWER);
    expect(await cache.get('k')).toEqual(ANSWER);
    await cache.set('k2', ANSWER);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('not a usable SQLite database');
    expect(readdirSync(dir).some((name) => name.startsWith('cache.sqlite.corrupt'))).toBe(true);
  });

  it('a file deleted while running is recreated: later answers are in the new file', async () => {
    const { cache, problems, dir, file } = freshCache();
    await cache.set('before', ANSWER);
    expect(await cache.get('before')).toEqual(ANSWER);
    for (const name of readdirSync(dir)) rmSync(join(dir, name));
    await cache.set('after', ANSWER);
    expect(existsSync(file)).toBe(true);
    // Another Lantern (or the next session) opening the file finds what was written after the deletion.
    const next = sqliteCache(dir);
    closers.push(next.close);
    expect(await next.cache.get('after')).toEqual(ANSWER);
    expect(await cache.get('after')).toEqual(ANSWER);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('deleted');
  });

  it('a read-only file: caching goes on in memory, and the problem is reported once', async (context) => {
    const { cache, problems, dir, file } = freshCache();
    // The file exists (made by another Lantern, now closed), then becomes read-only.
    const earlier = sqliteCache(dir);
    await earlier.cache.set('earlier', ANSWER);
    await earlier.close();
    const skip = makeUnwritable(file, 0o444);
    if (skip) context.skip(skip);
    await cache.set('k', ANSWER);
    expect(await cache.get('k')).toEqual(ANSWER);
    await cache.set('k2', ANSWER);
    expect(await cache.get('k2')).toEqual(ANSWER);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('cannot write');
    expect(problems[0]).toContain('in memory');
  });

  it('a read-only folder with no cache file yet: caching goes on in memory, reported once', async (context) => {
    const { cache, problems, dir } = freshCache();
    const skip = makeUnwritable(dir, 0o555);
    if (skip) context.skip(skip);
    expect(await cache.get('k')).toBeUndefined();
    await cache.set('k', ANSWER);
    expect(await cache.get('k')).toEqual(ANSWER);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('in memory');
  });
});
