import { resolve } from 'node:path';
import { isInside } from './workspace-path.js';

/** Whether `root` is one of the trusted folders (or inside one); `*` trusts every folder. */
export function isTrusted(root: string, trusted: readonly string[]): boolean {
  return trusted.some((folder) => folder === '*' || isInside(resolve(folder), resolve(root)));
}

/** How a user trusts a folder: never through the workspace's own settings (see config.ts). */
export function trustAdvice(folder: string): string {
  return `To trust ${folder}, add it to "tests.trustedWorkspaces" in ~/.config/lantern/config.json (or your editor's initializationOptions for Lantern).`;
}
