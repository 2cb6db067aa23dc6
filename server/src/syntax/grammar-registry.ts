import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Parser from 'tree-sitter';
import { grammarsDir, type LanguageName, type LanguageSpec, languageSpec } from './languages.js';

/** The queries Lantern runs, one `.scm` file each under `grammars/<language>/`. */
export type QueryName = 'units' | 'imports' | 'calls' | 'bindings';

/** A loaded language: its grammar, a parser set to it, and its compiled queries (compiled on first use). */
export interface LoadedLanguage {
  readonly spec: LanguageSpec;
  readonly parser: Parser;
  query(name: QueryName): Parser.Query;
}

/**
 * Loads grammars and compiles queries once per language, on first use. One registry serves a whole
 * server; parsing is synchronous, so one parser per language is enough.
 */
export class GrammarRegistry {
  readonly #loaded = new Map<LanguageName, LoadedLanguage>();

  /** The loaded language, loading its grammar the first time it is asked for. */
  get(name: LanguageName): LoadedLanguage {
    const existing = this.#loaded.get(name);
    if (existing) return existing;
    const spec = languageSpec(name);
    const grammar = spec.loadGrammar();
    const parser = new Parser();
    parser.setLanguage(grammar);
    const queries = new Map<QueryName, Parser.Query>();
    const loaded: LoadedLanguage = {
      spec,
      parser,
      query(queryName) {
        let query = queries.get(queryName);
        if (!query) {
          const source = readFileSync(join(grammarsDir(), spec.queryDir, `${queryName}.scm`), 'utf8');
          query = new Parser.Query(grammar, source);
          queries.set(queryName, query);
        }
        return query;
      },
    };
    this.#loaded.set(name, loaded);
    return loaded;
  }

  /** Names of the languages whose grammar has been loaded so far. */
  loadedNames(): LanguageName[] {
    return [...this.#loaded.keys()];
  }
}
