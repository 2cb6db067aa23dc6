import type Parser from 'tree-sitter';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { extractUnits, type UnitKind } from '../../syntax/code-units.js';
import type { LoadedLanguage } from '../../syntax/grammar-registry.js';
import type { LanguageName } from '../../syntax/languages.js';
import { readBindings } from './bindings.js';
import { pythonModuleFacts } from './python-facts.js';
import { scriptModuleFacts } from './script-facts.js';

/**
 * What one source file states about itself, read from its syntax tree alone (no type analysis, no
 * other file): plain data, so it can cross a worker thread and be persisted as JSON.
 *
 * Offsets (`start`, `end`) are indices into the file's text in UTF-16 code units, as tree-sitter's
 * Node binding and LSP count them. Types are the text the code wrote (`Subscriber<T>`, `Dict[str, int]`,
 * a Python string annotation unquoted); `namedType` reads the one class a type text names, if any.
 */
export interface FileFacts {
  /** Bumped whenever extraction changes, so facts persisted by an older Lantern are read again. */
  readonly factsVersion: number;
  readonly language: LanguageName;
  /** Code units in document order, parents before children (as syntax/code-units.ts finds them). */
  readonly units: readonly UnitFact[];
  /** One entry per import statement and module (TS/JS and Python; other languages: none). */
  readonly imports: readonly ImportFact[];
  /** The names this module exports that it defines or imports itself (not `export … from`). */
  readonly exports: readonly ExportFact[];
  /** `export … from 'm'` (TS/JS); a Python module's top-level `from m import …`. */
  readonly reExports: readonly ReExportFact[];
  /** Classes and interfaces with their members, in document order. */
  readonly classes: readonly ClassFact[];
  /** Parameters and variables whose type the syntax states (annotation or `new C()` / `C()`). */
  readonly bindings: readonly BindingFact[];
}

export const FACTS_VERSION = 3;

/** The module-level part of the facts, read by each language's own reader. */
export type ModuleFacts = Pick<FileFacts, 'imports' | 'exports' | 'reExports' | 'classes'>;

/** An LSP range as `[startLine, startCharacter, endLine, endCharacter]` (UTF-16), compact to persist. */
export type RangeTuple = readonly [number, number, number, number];

export interface UnitFact {
  readonly name: string;
  readonly kind: UnitKind;
  readonly start: number;
  readonly end: number;
  readonly nameStart: number;
  readonly nameEnd: number;
  /** The whole unit as an LSP range (for workspace/symbol without the text at hand). */
  readonly range: RangeTuple;
  /** Index of the innermost enclosing unit in `units`. */
  readonly parent?: number;
  /** The declaration up to its body, on one line. */
  readonly signature: string;
  /** The declared return type of a function or method, when written. */
  readonly returns?: string;
}

/**
 * One name an import binds. `imported` is the name in the other module, `default` for a default
 * import, or `*` when the local names the module itself (`import * as ns`, `const m = require('m')`,
 * Python's `import re` and `import os.path as p`). Python's `import os.path` binds the dotted local
 * `os.path`: the code writes `os.path.join(…)`.
 */
export interface ImportBinding {
  readonly local: string;
  readonly imported: string;
}

export interface ImportFact {
  /** The module as written (`./m`, `rxjs`, `..pkg.mod`, `os.path`). */
  readonly source: string;
  readonly bindings: readonly ImportBinding[];
  /** Python's `from m import *`: every public name of m. */
  readonly star?: boolean;
  /** `import type …` (TS): binds types only. */
  readonly typeOnly?: boolean;
  readonly start: number;
  readonly end: number;
}

/**
 * A name the module exports. `local` is what it is called inside the module (a unit, a binding, an
 * import), absent for `export default <expression>`. `export default class K` gives
 * `{name: 'default', local: 'K'}`. Python: every public top-level definition and assignment; when the
 * module has `__all__`, exactly the names it lists.
 */
export interface ExportFact {
  readonly name: string;
  readonly local?: string;
  readonly start: number;
  readonly end: number;
}

/**
 * Names passed on from another module. `names` maps each exported name to the imported one (`*` for
 * `export * as ns from 'm'`); `star` is `export * from 'm'` (or Python's `from m import *`).
 */
export interface ReExportFact {
  readonly source: string;
  readonly names: readonly { readonly exported: string; readonly imported: string }[];
  readonly star?: boolean;
  readonly start: number;
  readonly end: number;
}

export type MemberKind = 'method' | 'constructor' | 'getter' | 'setter' | 'field';

export interface MemberFact {
  readonly name: string;
  readonly kind: MemberKind;
  readonly static?: boolean;
  /** A field's declared type, a getter's return type. */
  readonly type?: string;
  /**
   * The callee of what a field is initialised with when that is a construction or a call: `Map` for
   * `x = new Map()`, `R` for Python's `self.r = R()`, `make` for `this.w = make()`.
   */
  readonly init?: string;
  /** A method's declared return type. */
  readonly returns?: string;
  /** The member's unit in `units` (methods, and functions bound to fields). */
  readonly unit?: number;
  readonly start: number;
  readonly end: number;
}

export interface ClassFact {
  readonly name: string;
  readonly kind: 'class' | 'interface';
  /** Its unit in `units`. */
  readonly unit: number;
  /** What it extends, as written (`B`, `models.Model`, `Base`), type arguments cut off. */
  readonly bases: readonly string[];
  /** TS `implements` clause, as written, type arguments cut off. */
  readonly implements: readonly string[];
  readonly members: readonly MemberFact[];
}

export interface BindingFact {
  readonly name: string;
  readonly kind: 'parameter' | 'variable';
  /** The innermost unit it belongs to (a function's parameters belong to the function); none at module level. */
  readonly scope?: number;
  /** The declared type, when written. */
  readonly type?: string;
  /**
   * The callee of its initialiser when that constructs or calls (`new C()`, `f()`, Python's `C()`): the
   * resolver reads a class as an instance of it, a function as what it declares it returns.
   */
  readonly init?: string;
  readonly start: number;
  readonly end: number;
}

/**
 * The facts of a parsed file. Pure: the tree and its text in, plain data out. Languages other than
 * TypeScript, JavaScript and Python get their units only.
 */
export function extractFileFacts(tree: Parser.Tree, text: string, language: LoadedLanguage): FileFacts {
  const document = TextDocument.create('file:///facts', 'text', 0, text);
  const codeUnits = extractUnits(tree, language);
  const units: UnitFact[] = codeUnits.map((unit) => {
    const start = document.positionAt(unit.startIndex);
    const end = document.positionAt(unit.endIndex);
    const returns = returnTypeOf(unit.node);
    return {
      name: unit.name,
      kind: unit.kind,
      start: unit.startIndex,
      end: unit.endIndex,
      nameStart: unit.nameStartIndex,
      nameEnd: unit.nameEndIndex,
      range: [start.line, start.character, end.line, end.character],
      ...(unit.parentIndex === undefined ? {} : { parent: unit.parentIndex }),
      signature: unit.signature,
      ...(returns ? { returns } : {}),
    };
  });
  const name = language.spec.name;
  const base = { factsVersion: FACTS_VERSION, language: name, units };
  if (name === 'python') {
    const bindings = readBindings(tree, language, units);
    return { ...base, ...pythonModuleFacts(tree, codeUnits, bindings), bindings: bindings.locals };
  }
  if (name === 'typescript' || name === 'tsx' || name === 'javascript') {
    const bindings = readBindings(tree, language, units);
    return { ...base, ...scriptModuleFacts(tree, codeUnits, bindings), bindings: bindings.locals };
  }
  return { ...base, imports: [], exports: [], reExports: [], classes: [], bindings: [] };
}

/** The declared return type of a function's declaration node, as written. */
function returnTypeOf(node: Parser.SyntaxNode): string | undefined {
  const declared = node.childForFieldName('return_type');
  return declared ? typeText(declared) : undefined;
}

/**
 * A type annotation's text without its `:` and, for a Python string annotation (`"A"`), its quotes;
 * whitespace collapsed.
 */
export function typeText(node: Parser.SyntaxNode): string {
  let text = node.text.replace(/^:\s*/, '');
  if (/^(['"])[^'"]*\1$/.test(text)) text = text.slice(1, -1);
  return text.replace(/\s+/g, ' ').trim();
}

const NOTHING = new Set(['None', 'null', 'undefined', 'void']);

/**
 * The one class or interface a type text names, as written (possibly dotted), or undefined when it
 * names none or several: `Subscriber<T>` → `Subscriber`; `Optional[Foo]`, `Foo | None`,
 * `Foo | undefined` → `Foo`; `models.Model` → `models.Model`; `string[]`, `A | B` → undefined.
 * The resolver still has to find what the name refers to in the file.
 */
export function namedType(type: string): string | undefined {
  let text = type.trim();
  const optional = /^(?:typing\.)?Optional\[(.*)\]$/.exec(text);
  if (optional?.[1]) text = optional[1].trim();
  const alternatives = splitTopLevel(text, '|').filter((part) => !NOTHING.has(part));
  if (alternatives.length !== 1) return undefined;
  const [only] = alternatives as [string];
  if (/^\(.*\)$/.test(only)) return namedType(only.slice(1, -1));
  const head = /^(?:readonly\s+)?([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)\s*(?:<.*>|\[.*\])?$/.exec(only);
  if (!head?.[1] || only.endsWith('[]')) return undefined;
  return head[1];
}

/** Splits at `separator` outside brackets of any kind. */
export function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    if ('<[({'.includes(char)) depth++;
    else if ('>])}'.includes(char) && !(char === '>' && text[i - 1] === '=')) depth--;
    else if (char === separator && depth === 0) {
      parts.push(text.slice(from, i).trim());
      from = i + 1;
    }
  }
  parts.push(text.slice(from).trim());
  return parts.filter(Boolean);
}

/** The facts of an open or loaded document, or undefined when it has no tree (no grammar, too large, …). */
export function documentFacts(document: {
  readonly tree: Parser.Tree | undefined;
  readonly text: string;
  readonly language: LoadedLanguage | undefined;
}): FileFacts | undefined {
  const { tree, language } = document;
  return tree && language ? extractFileFacts(tree, document.text, language) : undefined;
}
