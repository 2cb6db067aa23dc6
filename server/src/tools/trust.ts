import { isAbsolute, relative, resolve } from 'node:path';

/** Whether `root` is one of the trusted folders (or inside one); `*` trusts every folder. */
export function isTrusted(root: string, trusted: readonly string[]): boolean {
  return trusted.some((folder) => {
    if (folder === '*') return true;
    const inside = relative(resolve(folder), resolve(root));
    return inside === '' || (!inside.startsWith('..') && !isAbsolute(inside));
  });
}
