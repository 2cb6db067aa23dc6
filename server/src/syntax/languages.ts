import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Parser from 'tree-sitter';

/** The languages Lantern understands structurally. */
export const LANGUAGE_NAMES = [
  'typescript',
  'tsx',
  'javascript',
  'python',
  'go',
  'rust',
  'java',
  'c',
  'cpp',
  'ruby',
  'csharp',
] as const;
export type LanguageName = (typeof LANGUAGE_NAMES)[number];

/**
 * How a language documents a declaration, read and written alike: Python docstrings, `/** … *\/` blocks
 * (JSDoc, Javadoc, Doxygen) or runs of line comments right above it (`//` Go, `///` rustdoc and C# XML
 * doc, `#` YARD).
 */
export type DocConvention = 'python' | 'jsdoc' | 'go' | 'rustdoc' | 'javadoc' | 'doxygen' | 'yard' | 'xmldoc';

/** What Lantern knows about one language: how to load its grammar and where its queries live. */
export interface LanguageSpec {
  readonly name: LanguageName;
  /** Folder under `grammars/` holding units.scm, imports.scm and calls.scm (and bindings.scm for TS/JS/Python). */
  readonly queryDir: string;
  /** Markdown fence tag used when showing code of this language. */
  readonly fence: string;
  readonly extensions: readonly string[];
  /** LSP `languageId`s that select this language. */
  readonly languageIds: readonly string[];
  readonly loadGrammar: () => Parser.Language;
  /** The language's name in prose ("Go", "C#"). */
  readonly displayName: string;
  readonly docs: DocConvention;
  /**
   * The local name an import binds when it names none itself (Go's `import "example.com/shop/money"`
   * binds `money`).
   */
  readonly implicitImportLocal?: (source: string) => string | undefined;
  /** Imports bind no names (C's `#include`): any imported file may define what the file calls. */
  readonly importsBindNothing?: boolean;
  /**
   * Imports name namespaces, and a type lives in a file of its name in its namespace's folder (C#'s
   * `using Shop.Money;` and `Money.Format(…)` → Shop/Money/Money.cs or Money/Money.cs).
   */
  readonly typesInFilesOfTheirName?: boolean;
  /** Indentation is syntax (Python's blocks): re-indenting a line can change what the code does. */
  readonly indentationIsSyntax?: boolean;
  /**
   * The grammar reads the text before the preprocessor runs (C, C++), so valid code built with macros
   * parses with errors (`array_insert_sorted_by(&a, .symbol, x)`, `NAMESPACE_BEGIN … NAMESPACE_END`):
   * 14 in tree-sitter's own query.c, 95 in nlohmann/json.hpp. Such errors are not published; edits are
   * still held to adding none.
   */
  readonly parsesBeforePreprocessor?: boolean;
}

// The grammars are CommonJS native addons; require them lazily so a session that only sees Python
// never pays for loading the TypeScript grammar.
const require = createRequire(import.meta.url);

/**
 * A grammar whose package is an ES module with top-level await (tree-sitter-c-sharp), which `require`
 * cannot load: its native addon, loaded as the package itself does, with the node types the binding
 * reads for its node classes.
 */
function loadAddonOnly(name: string): Parser.Language {
  const root = dirname(require.resolve(`${name}/package.json`));
  const fromPackage = createRequire(join(root, 'package.json'));
  const language = fromPackage('node-gyp-build')(root) as Parser.Language & { nodeTypeInfo?: unknown };
  language.nodeTypeInfo = fromPackage('./src/node-types.json');
  return language;
}

const SPECS: readonly LanguageSpec[] = [
  {
    name: 'typescript',
    queryDir: 'typescript',
    fence: 'typescript',
    extensions: ['.ts', '.mts', '.cts'],
    languageIds: ['typescript'],
    loadGrammar: () => require('tree-sitter-typescript').typescript,
    displayName: 'TypeScript',
    docs: 'jsdoc',
  },
  {
    name: 'tsx',
    // TSX shares TypeScript's node types, so it shares its queries.
    queryDir: 'typescript',
    fence: 'tsx',
    extensions: ['.tsx'],
    languageIds: ['typescriptreact', 'tsx'],
    loadGrammar: () => require('tree-sitter-typescript').tsx,
    displayName: 'TypeScript',
    docs: 'jsdoc',
  },
  {
    name: 'javascript',
    queryDir: 'javascript',
    fence: 'javascript',
    extensions: ['.js', '.mjs', '.cjs', '.jsx'],
    languageIds: ['javascript', 'javascriptreact', 'jsx'],
    loadGrammar: () => require('tree-sitter-javascript'),
    displayName: 'JavaScript',
    docs: 'jsdoc',
  },
  {
    name: 'python',
    queryDir: 'python',
    fence: 'python',
    extensions: ['.py', '.pyi', '.pyw'],
    languageIds: ['python'],
    loadGrammar: () => require('tree-sitter-python'),
    displayName: 'Python',
    docs: 'python',
    indentationIsSyntax: true,
  },
  {
    name: 'go',
    queryDir: 'go',
    fence: 'go',
    extensions: ['.go'],
    languageIds: ['go'],
    loadGrammar: () => require('tree-sitter-go'),
    displayName: 'Go',
    docs: 'go',
    // The package clause names it, but by convention it is the last path element (`/v2` aside).
    implicitImportLocal: (source) =>
      source
        .split('/')
        .filter((part) => !/^v\d+$/.test(part))
        .pop()
        ?.replace(/^go-|[.-]go$/g, '')
        .replace(/[^A-Za-z0-9_]/g, ''),
  },
  {
    name: 'rust',
    queryDir: 'rust',
    fence: 'rust',
    extensions: ['.rs'],
    languageIds: ['rust'],
    loadGrammar: () => require('tree-sitter-rust'),
    displayName: 'Rust',
    docs: 'rustdoc',
  },
  {
    name: 'java',
    queryDir: 'java',
    fence: 'java',
    extensions: ['.java'],
    languageIds: ['java'],
    loadGrammar: () => require('tree-sitter-java'),
    displayName: 'Java',
    docs: 'javadoc',
  },
  {
    name: 'c',
    queryDir: 'c',
    fence: 'c',
    extensions: ['.c', '.h'],
    languageIds: ['c'],
    loadGrammar: () => require('tree-sitter-c'),
    displayName: 'C',
    docs: 'doxygen',
    importsBindNothing: true,
    parsesBeforePreprocessor: true,
  },
  {
    name: 'cpp',
    queryDir: 'cpp',
    fence: 'cpp',
    extensions: ['.cpp', '.cc', '.cxx', '.c++', '.hpp', '.hh', '.hxx', '.h++', '.ipp', '.tpp'],
    languageIds: ['cpp', 'cuda-cpp'],
    loadGrammar: () => require('tree-sitter-cpp'),
    displayName: 'C++',
    docs: 'doxygen',
    importsBindNothing: true,
    parsesBeforePreprocessor: true,
  },
  {
    name: 'ruby',
    queryDir: 'ruby',
    fence: 'ruby',
    extensions: ['.rb', '.rake', '.gemspec', '.ru'],
    languageIds: ['ruby'],
    loadGrammar: () => require('tree-sitter-ruby'),
    displayName: 'Ruby',
    docs: 'yard',
    importsBindNothing: true,
  },
  {
    name: 'csharp',
    queryDir: 'c_sharp',
    fence: 'csharp',
    extensions: ['.cs', '.csx'],
    languageIds: ['csharp'],
    loadGrammar: () => loadAddonOnly('tree-sitter-c-sharp'),
    displayName: 'C#',
    docs: 'xmldoc',
    typesInFilesOfTheirName: true,
  },
];

/**
 * Picks the language of a document: its LSP `languageId` first (what the editor decided), then the
 * file extension of its URI (for editors that send a generic id such as `plaintext`).
 */
export function languageFor(languageId: string, uri: string): LanguageSpec | undefined {
  const byId = SPECS.find((spec) => spec.languageIds.includes(languageId));
  if (byId) return byId;
  const path = uri.replace(/[?#].*$/, '');
  const extension = extname(path).toLowerCase();
  return SPECS.find((spec) => spec.extensions.includes(extension));
}

/** The spec of a language by name. */
export function languageSpec(name: LanguageName): LanguageSpec {
  const spec = SPECS.find((candidate) => candidate.name === name);
  if (!spec) throw new Error(`unknown language ${name}`);
  return spec;
}

/** All supported languages. */
export function allLanguages(): readonly LanguageSpec[] {
  return SPECS;
}

let cachedGrammarsDir: string | undefined;

/**
 * The `grammars/` folder of this package. Found by walking up from this module, because the module
 * runs both from `server/src/syntax` (tests) and from `dist/syntax` (the built server).
 */
export function grammarsDir(): string {
  if (cachedGrammarsDir) return cachedGrammarsDir;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'grammars');
    if (existsSync(join(dir, 'package.json')) && existsSync(candidate)) {
      cachedGrammarsDir = candidate;
      return candidate;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the grammars/ folder of lantern-ls');
    dir = parent;
  }
}
