import { dirname, join, resolve } from 'node:path';
import type { LanguageName } from '../syntax/languages.js';
import {
  goPackageFiles,
  isFile,
  resolveGo,
  resolveInclude,
  resolveJava,
  resolveRequire,
  resolveRust,
} from './module-resolvers.js';
import { mapSpecifier, nearestPathMapping } from './tsconfig-paths.js';

const SCRIPT_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.d.ts', '.js', '.jsx', '.mjs', '.cjs'];
// ESM TypeScript imports name the emitted file (`./x.js`) while the source is `./x.ts`.
const EMITTED_TO_SOURCE: Record<string, string[]> = {
  '.js': ['.ts', '.tsx'],
  '.mjs': ['.mts'],
  '.cjs': ['.cts'],
  '.jsx': ['.tsx'],
};

/**
 * The workspace files that can define what an import brings in: the one file a TS/JS or Python import
 * names, every file of a Go package. Empty for a language whose imports are not resolved (C, C++,
 * Ruby, C#: only definitions in the same file are found).
 */
export function resolveImportFiles(
  fromFile: string,
  specifier: string,
  language: LanguageName,
  workspaceRoot: string | undefined,
): string[] {
  switch (language) {
    case 'typescript':
    case 'tsx':
    case 'javascript':
    case 'python': {
      const file = resolveImport(fromFile, specifier, language, workspaceRoot);
      return file ? [file] : [];
    }
    case 'go':
      return resolveGo(fromFile, specifier);
    case 'rust':
      return resolveRust(fromFile, specifier);
    case 'java':
      return resolveJava(fromFile, specifier);
    case 'ruby':
      return resolveRequire(fromFile, specifier, workspaceRoot);
    case 'c':
    case 'cpp':
      return resolveInclude(fromFile, specifier, workspaceRoot);
    default:
      return [];
  }
}

/**
 * Files that can define what a file uses without importing it: the other files of its Go package (for
 * a call with no qualifier), a Java class of its own package (`Prices.round(…)` beside it).
 */
export function samePackageFiles(
  fromFile: string,
  language: LanguageName,
  qualifier: string | undefined,
): string[] {
  if (language === 'go' && qualifier === undefined)
    return goPackageFiles(dirname(fromFile)).filter((file) => file !== fromFile);
  if (language === 'java' && qualifier !== undefined && /^[A-Z]\w*$/.test(qualifier)) {
    const file = join(dirname(fromFile), `${qualifier}.java`);
    return isFile(file) ? [file] : [];
  }
  return [];
}

/**
 * The workspace file an import names, or undefined when it is a package outside the workspace or
 * cannot be found. TS/JS: relative specifiers and tsconfig `paths`/`baseUrl`; Python: relative imports
 * and packages below the workspace root (or `src/`).
 */
export function resolveImport(
  fromFile: string,
  specifier: string,
  language: LanguageName,
  workspaceRoot: string | undefined,
): string | undefined {
  return language === 'python'
    ? resolvePython(fromFile, specifier, workspaceRoot)
    : resolveScript(fromFile, specifier, workspaceRoot);
}

function resolveScript(
  fromFile: string,
  specifier: string,
  workspaceRoot: string | undefined,
): string | undefined {
  const fromDir = dirname(fromFile);
  if (specifier.startsWith('.') || specifier.startsWith('/')) return scriptFile(resolve(fromDir, specifier));
  const mapping = nearestPathMapping(fromDir, workspaceRoot);
  if (!mapping) return undefined;
  for (const candidate of [...mapSpecifier(mapping, specifier), resolve(mapping.baseUrl, specifier)]) {
    const found = scriptFile(candidate);
    if (found && !found.includes('/node_modules/')) return found;
  }
  return undefined;
}

function scriptFile(base: string): string | undefined {
  const candidates = [base, ...SCRIPT_EXTENSIONS.map((ext) => base + ext)];
  for (const [emitted, sources] of Object.entries(EMITTED_TO_SOURCE)) {
    if (base.endsWith(emitted))
      candidates.unshift(...sources.map((ext) => base.slice(0, -emitted.length) + ext));
  }
  candidates.push(...SCRIPT_EXTENSIONS.map((ext) => join(base, `index${ext}`)));
  return candidates.find(isFile);
}

function resolvePython(
  fromFile: string,
  specifier: string,
  workspaceRoot: string | undefined,
): string | undefined {
  const dots = /^\.*/.exec(specifier)?.[0].length ?? 0;
  const parts = specifier.slice(dots).split('.').filter(Boolean);
  if (dots > 0) {
    let dir = dirname(fromFile);
    for (let level = 1; level < dots; level++) dir = dirname(dir);
    return pythonModule(dir, parts);
  }
  // Absolute: look in the workspace root and its src/, then in each folder above the file (projects
  // opened without a workspace folder, as the CLI does).
  const roots: string[] = [];
  if (workspaceRoot) roots.push(workspaceRoot, join(workspaceRoot, 'src'));
  for (let dir = dirname(fromFile), depth = 0; depth < 8; dir = dirname(dir), depth++) {
    roots.push(dir);
    if (dir === workspaceRoot || dirname(dir) === dir) break;
  }
  for (const root of roots) {
    const found = pythonModule(root, parts);
    if (found) return found;
  }
  return undefined;
}

function pythonModule(dir: string, parts: readonly string[]): string | undefined {
  const base = join(dir, ...parts);
  const candidates =
    parts.length === 0
      ? [join(dir, '__init__.py')]
      : [`${base}.py`, join(base, '__init__.py'), `${base}.pyi`];
  return candidates.find(isFile);
}
