import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readSmallFileSync } from './regular-file.js';

/**
 * Import resolution for languages whose imports name packages or modules rather than files: the files
 * of the workspace that can hold what the import brings in. Found on disk, near the importing file.
 */

const GO_MOD = /^module\s+("?)([^\s"]+)\1/m;

/**
 * Go: a package of the same module (go.mod's module path, found above the importing file) is the
 * folder under the module root, every `.go` file in it except tests. Other modules are not in the
 * workspace.
 */
export function resolveGo(fromFile: string, importPath: string): string[] {
  for (let dir = dirname(fromFile), depth = 0; depth < 12; dir = dirname(dir), depth++) {
    const goMod = join(dir, 'go.mod');
    if (isFile(goMod)) {
      const module = GO_MOD.exec(readSmall(goMod))?.[2];
      if (!module || (importPath !== module && !importPath.startsWith(`${module}/`))) return [];
      return sourceFiles(join(dir, importPath.slice(module.length)), '.go', '_test.go');
    }
    if (dirname(dir) === dir) break;
  }
  return [];
}

function sourceFiles(folder: string, extension: string, excludedSuffix: string): string[] {
  try {
    return readdirSync(folder)
      .filter((name) => name.endsWith(extension) && !name.endsWith(excludedSuffix))
      .sort()
      .map((name) => join(folder, name))
      .filter(isFile);
  } catch {
    return [];
  }
}

// A manifest is read only as a small regular file: a FIFO named go.mod must not hang the server.
function readSmall(path: string): string {
  return readSmallFileSync(path, 64_000) ?? '';
}

export function isFile(path: string): boolean {
  try {
    return existsSync(path) && statSync(path).isFile();
  } catch {
    return false;
  }
}
