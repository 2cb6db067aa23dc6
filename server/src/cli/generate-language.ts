import { type Dirent, existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { allLanguages, type LanguageName, type LanguageSpec, languageFor } from '../syntax/languages.js';

/** What `--language` accepts for each language, case-insensitively (besides its LSP language ids). */
const ALIASES: Readonly<Record<LanguageName, readonly string[]>> = {
  python: ['python', 'py'],
  typescript: ['typescript', 'ts'],
  tsx: ['tsx'],
  javascript: ['javascript', 'js', 'jsx'],
  go: ['go', 'golang'],
  rust: ['rust', 'rs'],
  java: ['java'],
  c: ['c'],
  cpp: ['cpp', 'c++', 'cxx'],
  ruby: ['ruby', 'rb'],
  csharp: ['csharp', 'c#', 'cs'],
};
/** The folders not worth counting: dependencies, build output, caches. */
const SKIPPED_FOLDERS = new Set(['node_modules', 'dist', 'build', 'out', 'target', 'venv', '__pycache__']);
const MAX_DEPTH = 3;
const MAX_FILES = 5_000;

/**
 * The language `lantern generate` writes: `--language` (a name or alias); else that of `-o FILE` (the
 * file's own language when it exists, else its extension); else the most common supported language
 * among the files of the current folder (three levels deep, dependencies and hidden folders aside);
 * else Python. A `--language` that contradicts FILE's is an error, not a guess.
 */
export function generateLanguage(options: { language?: string; output?: string }, cwd: string): LanguageSpec {
  const named = options.language === undefined ? undefined : byAlias(options.language);
  if (options.output) {
    const ofFile = languageFor('', options.output);
    if (named && ofFile && named.name !== ofFile.name)
      throw new Error(
        `${options.output} is ${ofFile.name}, not ${named.name} (drop --language or change -o)`,
      );
    const spec = named ?? ofFile;
    if (!spec) {
      const kind = existsSync(resolve(options.output)) ? 'a file' : 'a new file';
      throw new Error(
        `${options.output}: ${kind} of no supported language; give --language (${validNames()})`,
      );
    }
    return spec;
  }
  return named ?? predominantLanguage(cwd) ?? languageOf('python');
}

function byAlias(name: string): LanguageSpec {
  const wanted = name.trim().toLowerCase();
  const spec = allLanguages().find(
    (candidate) => ALIASES[candidate.name].includes(wanted) || candidate.languageIds.includes(wanted),
  );
  if (!spec) throw new Error(`unknown language '${name}' (one of: ${validNames()})`);
  return spec;
}

function validNames(): string {
  return Object.values(ALIASES).flat().join(', ');
}

function languageOf(name: LanguageName): LanguageSpec {
  return allLanguages().find((spec) => spec.name === name) as LanguageSpec;
}

/** The supported language most files under `root` are in (ties go to the order of ALIASES). */
export function predominantLanguage(root: string): LanguageSpec | undefined {
  const counts = new Map<LanguageName, number>();
  let files = 0;
  const walk = (folder: string, depth: number): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return; // unreadable: nothing to count there
    }
    for (const entry of entries) {
      if (files >= MAX_FILES || entry.name.startsWith('.')) continue;
      if (entry.isDirectory()) {
        if (depth < MAX_DEPTH && !SKIPPED_FOLDERS.has(entry.name)) walk(join(folder, entry.name), depth + 1);
      } else if (entry.isFile()) {
        files++;
        const spec = languageFor('', entry.name);
        if (spec) counts.set(spec.name, (counts.get(spec.name) ?? 0) + 1);
      }
    }
  };
  walk(root, 1);
  let best: LanguageName | undefined;
  for (const name of Object.keys(ALIASES) as LanguageName[])
    if ((counts.get(name) ?? 0) > (best ? (counts.get(best) ?? 0) : 0)) best = name;
  return best ? languageOf(best) : undefined;
}
