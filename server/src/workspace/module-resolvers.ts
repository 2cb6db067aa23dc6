import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
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
      return goPackageFiles(join(dir, importPath.slice(module.length)));
    }
    if (dirname(dir) === dir) break;
  }
  return [];
}

/**
 * Java: the source file of an imported class, `com.shop.money.Money` → com/shop/money/Money.java under
 * the source root, found as the nearest folder above the importing file that holds it. A static import
 * (`com.shop.tax.Tax.withTax`) names a member: the longest prefix that is a file is its class.
 */
export function resolveJava(fromFile: string, qualifiedName: string): string[] {
  const segments = qualifiedName.split('.').map((segment) => segment.trim());
  for (let dir = dirname(fromFile), depth = 0; depth < 16; dir = dirname(dir), depth++) {
    for (let length = segments.length; length >= 2; length--) {
      const file = `${join(dir, ...segments.slice(0, length))}.java`;
      if (isFile(file)) return [file];
    }
    if (dirname(dir) === dir) break;
  }
  return [];
}

const SOURCES_OF_HEADER = ['.c', '.cc', '.cpp', '.cxx'];

/**
 * C and C++: the header a `#include "…"` names (beside the file, else under the workspace root, its
 * include/ or src/), and the source file of the same name beside it, first: there are the definitions,
 * in the header only their prototypes.
 */
export function resolveInclude(
  fromFile: string,
  header: string,
  workspaceRoot: string | undefined,
): string[] {
  const folders = [dirname(fromFile)];
  if (workspaceRoot) folders.push(workspaceRoot, join(workspaceRoot, 'include'), join(workspaceRoot, 'src'));
  const found = folders.map((folder) => join(folder, header)).find(isFile);
  if (!found) return [];
  const stem = found.replace(/\.(h|hh|hpp|hxx)$/, '');
  const sources = stem === found ? [] : SOURCES_OF_HEADER.map((extension) => stem + extension).filter(isFile);
  return [...sources, found];
}

/**
 * Ruby: the file a `require_relative` (beside the file) or a `require` of the project (under the
 * workspace root's lib/, or the root) loads. Gems are not in the workspace.
 */
export function resolveRequire(
  fromFile: string,
  feature: string,
  workspaceRoot: string | undefined,
): string[] {
  const file = feature.endsWith('.rb') ? feature : `${feature}.rb`;
  const folders = [dirname(fromFile)];
  if (workspaceRoot) folders.push(join(workspaceRoot, 'lib'), workspaceRoot);
  const found = folders.map((folder) => join(folder, file)).find(isFile);
  return found ? [found] : [];
}

/**
 * C#: the file of a type by the .NET layout convention, `<Type>.cs` beside the file or in the folder
 * of one of the namespaces (under the project folder holding the .csproj, with or without the root
 * namespace as a folder: Shop.Money → Shop/Money/ or Money/).
 */
export function resolveCSharpType(
  fromFile: string,
  typeName: string,
  namespaces: readonly string[],
): string[] {
  const file = `${typeName}.cs`;
  const candidates = [join(dirname(fromFile), file)];
  const project = projectFolder(fromFile);
  if (project)
    for (const namespace of namespaces) {
      const segments = namespace.split('.').map((segment) => segment.trim());
      for (let drop = 0; drop < segments.length; drop++)
        candidates.push(join(project, ...segments.slice(drop), file));
      candidates.push(join(project, file));
    }
  const found = candidates.find(isFile);
  return found ? [found] : [];
}

function projectFolder(fromFile: string): string | undefined {
  for (let dir = dirname(fromFile), depth = 0; depth < 12; dir = dirname(dir), depth++) {
    try {
      if (readdirSync(dir).some((name) => name.endsWith('.csproj'))) return dir;
    } catch {
      return undefined;
    }
    if (dirname(dir) === dir) break;
  }
  return undefined;
}

const CRATE_ROOTS = ['lib.rs', 'main.rs'];
const EXTERNAL_CRATES = new Set(['std', 'core', 'alloc']);

/**
 * Rust: the file of the module a path names, the longest prefix of it that is a module of this crate
 * (`crate::money::format_cents` is in src/money.rs or src/money/mod.rs). `crate::` starts at the crate
 * root (src/ under Cargo.toml), `super::` at the parent module, a bare path (and `self::`) at the
 * module of the file itself — its own file's folder for lib.rs, main.rs and mod.rs, else the folder
 * named after it.
 */
export function resolveRust(fromFile: string, path: string): string[] {
  const segments = path.split('::').map((segment) => segment.trim());
  const first = segments[0] ?? '';
  if (EXTERNAL_CRATES.has(first)) return [];
  const name = basename(fromFile);
  const ownDir = ['lib.rs', 'main.rs', 'mod.rs'].includes(name)
    ? dirname(fromFile)
    : join(dirname(fromFile), name.replace(/\.rs$/, ''));
  let base = ownDir;
  let relative = true;
  if (first === 'crate') {
    const srcRoot = crateSourceRoot(fromFile);
    if (!srcRoot) return [];
    base = srcRoot;
    relative = false;
    segments.shift();
  } else if (first === 'self') segments.shift();
  while (segments[0] === 'super') {
    base = dirname(base);
    relative = false;
    segments.shift();
  }
  // The longest prefix that is a module; the module itself (no prefix) only when it is not this file's.
  for (let length = segments.length; length >= (relative ? 1 : 0); length--) {
    const file = moduleFile(join(base, ...segments.slice(0, length)));
    if (file) return [file];
  }
  return [];
}

// The folder of the crate root above a file: src/ beside the nearest Cargo.toml.
function crateSourceRoot(fromFile: string): string | undefined {
  for (let dir = dirname(fromFile), depth = 0; depth < 12; dir = dirname(dir), depth++) {
    if (isFile(join(dir, 'Cargo.toml'))) return join(dir, 'src');
    if (dirname(dir) === dir) break;
  }
  return undefined;
}

// The file of the module whose children live in `dir`: dir.rs, dir/mod.rs, or the crate root.
function moduleFile(dir: string): string | undefined {
  return [`${dir}.rs`, join(dir, 'mod.rs'), ...CRATE_ROOTS.map((root) => join(dir, root))].find(isFile);
}

/** The files of the Go package in a folder: its `.go` files but the tests. */
export function goPackageFiles(folder: string): string[] {
  try {
    return readdirSync(folder)
      .filter((name) => name.endsWith('.go') && !name.endsWith('_test.go'))
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
