import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/paths.js';
import { hasProgram } from './editor-harness.js';

/** Helix as the tests can run it, or why they cannot. */
export type HelixBinary =
  | { readonly command: string; readonly version: string }
  | { readonly unavailable: string };

/** Where fetch-helix.sh unpacks Debian 13's Helix, shared by every run on this machine. */
const FETCHED = join(tmpdir(), 'lantern-helix-debian13');

// Language servers as lists (`language-servers = [...]`) and `[language-server.X]` tables came in 23.10.
function versionOf(command: string): string | undefined {
  const run = spawnSync(command, ['--version'], { encoding: 'utf8', timeout: 30_000 });
  const match = /helix (\d+)\.(\d+)/.exec(run.stdout ?? '');
  if (!match) return undefined;
  const [major, minor] = [Number(match[1]), Number(match[2])];
  return major > 23 || (major === 23 && minor >= 10) ? (run.stdout ?? '').trim() : undefined;
}

/**
 * Helix for the tests: `hx` on PATH (23.10 or newer), else Debian 13's package unpacked by
 * fetch-helix.sh into a cache directory (fetched now if apt-get is here and the cache is empty).
 * Debian 12, where these tests run, does not package Helix at all.
 */
export function obtainHelix(): HelixBinary {
  if (!hasProgram('tmux'))
    return { unavailable: 'tmux is not installed (apt-get install tmux), and Helix is driven through it' };
  if (hasProgram('hx')) {
    const version = versionOf('hx');
    if (version) return { command: 'hx', version };
  }
  const fetched = join(FETCHED, 'hx');
  if (!existsSync(fetched)) {
    if (!hasProgram('apt-get') || !hasProgram('dpkg-deb')) {
      return { unavailable: "Helix is not on PATH and there is no apt-get to fetch Debian 13's package" };
    }
    const script = join(REPO_ROOT, 'test', 'clients', 'fetch-helix.sh');
    const fetch = spawnSync(script, [FETCHED], { encoding: 'utf8', timeout: 180_000 });
    if (fetch.status !== 0) {
      return {
        unavailable: `Helix is not on PATH and fetching Debian 13's hx failed: ${(fetch.stderr || fetch.stdout || String(fetch.error)).trim().split('\n').at(-1)}`,
      };
    }
  }
  const version = versionOf(fetched);
  return version
    ? { command: fetched, version }
    : { unavailable: `${fetched} does not run as Helix 23.10 or newer` };
}
