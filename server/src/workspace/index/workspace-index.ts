/**
 * The workspace index: the facts (facts/file-facts.ts) of every source file of the workspace folders,
 * held in memory, filled by the crawl (index-builder.ts), kept current from watched-file events and
 * open documents, and asked by context resolution and `workspace/symbol`. Paths are absolute file
 * system paths. Nothing here reads the disk except module resolution (import-resolver.ts, memoised).
 *
 * Queries (all synchronous, never throwing on unknown paths: `undefined` or empty instead):
 * - `facts(path)`: a file's facts; an open document's current text wins over the file on disk.
 * - `paths()`: every indexed file.
 * - `resolveModule(fromPath, specifier)`: the file an import names (TS/JS relative and tsconfig
 *   `paths`; Python relative and absolute packages), or undefined (a package outside the workspace).
 * - `resolveName(path, name)`: what a name at the top level of a file refers to — its own unit or
 *   typed binding, else the import that binds it, followed to its definition. Python's dotted import
 *   locals count (`os.path`).
 * - `resolveQualified(path, 'timezone.localtime')`: a dotted name, through modules (`import re;
 *   re.compile`) and package `__init__.py` / `index.ts` re-exports.
 * - `exported(modulePath, name)`: what a module exports as `name`, through `export … from`,
 *   `export *`, Python's top-level from-imports, and a package's submodules.
 * - `classNamed(path, name)`: a class or interface as the file sees the name (its own, or imported).
 * - `memberOf(classRef, name)`: the member along the class hierarchy, bases resolved across files,
 *   nearest first; `membersOf(classRef)` all of them.
 * - `importersOf(path)`: the indexed files whose imports or re-exports resolve to `path`.
 * - `searchSymbols(query, limit)`: units ranked for `workspace/symbol` (symbol-search.ts).
 *
 * A definition found is a `Definition`: the file, and what there — a unit (with its class facts when
 * it is a class), a typed binding, a module, or a value the syntax says nothing more about. Anything
 * not found is undefined: a resolver builds on "better nothing than wrong".
 */
import { dirname, join } from 'node:path';
import type { LanguageName } from '../../syntax/languages.js';
import type { BindingFact, ClassFact, FileFacts, MemberFact } from '../facts/file-facts.js';
import { resolveImport } from '../import-resolver.js';
import { isFile } from '../module-resolvers.js';
import { type SymbolMatch, SymbolSearch } from './symbol-search.js';

export interface Definition {
  readonly path: string;
  readonly kind: 'unit' | 'binding' | 'module' | 'value';
  /** The unit's index in the file's `units` (kind `unit`). */
  readonly unit?: number;
  /** The class or interface, when the unit is one. */
  readonly class?: ClassFact;
  readonly binding?: BindingFact;
}

/** A class or interface and the file it is in. */
export interface ClassRef {
  readonly path: string;
  readonly class: ClassFact;
}

/** A member found along a class hierarchy, and the class that declares it. */
export interface MemberRef {
  readonly owner: ClassRef;
  readonly member: MemberFact;
}

/** An open document as the index sees it: a version, and its facts computed on demand. */
export interface OpenSource {
  readonly version: number;
  facts(): FileFacts | undefined;
}

const MAX_HOPS = 24;

export class WorkspaceIndex {
  readonly #files = new Map<string, { facts: FileFacts; hash: string }>();
  readonly #open = new Map<string, { source: OpenSource; version: number; facts: FileFacts | undefined }>();
  readonly #modules = new Map<string, string | undefined>();
  #importers: Map<string, Set<string>> | undefined;
  readonly #symbols = new SymbolSearch();
  #roots: readonly string[] = [];
  #generation = 0;

  /**
   * `loadMissing` gives the facts of a file the index does not hold (not crawled yet, no crawl at all as
   * in the CLI, or outside the crawl's limits), read when asked for and not kept: context resolution
   * works the same before, during and without a crawl. None answers undefined for such files.
   */
  constructor(private readonly loadMissing?: (path: string) => FileFacts | undefined) {}

  /** The workspace folders (absolute paths): Python's absolute imports and tsconfig lookups start there. */
  setRoots(roots: readonly string[]): void {
    this.#roots = [...roots];
    this.#changed(true);
  }

  get roots(): readonly string[] {
    return this.#roots;
  }

  /** Bumped on every change: a caller can tell whether what it derived is still current. */
  get generation(): number {
    return this.#generation;
  }

  get size(): number {
    return this.#files.size;
  }

  /** Sets (or replaces) a file's facts as read from disk; `hash` is its content hash. */
  set(path: string, facts: FileFacts, hash: string): void {
    const existed = this.#files.has(path);
    this.#files.set(path, { facts, hash });
    if (!this.#open.has(path)) this.#symbols.setFile(path, facts);
    this.#changed(!existed, path);
  }

  delete(path: string): void {
    if (!this.#files.delete(path)) return;
    if (!this.#open.has(path)) this.#symbols.deleteFile(path);
    this.#changed(true, path);
  }

  /** The content hash the facts on disk were read from. */
  hashOf(path: string): string | undefined {
    return this.#files.get(path)?.hash;
  }

  /** An open document: its facts win over the file's until it is closed. */
  trackOpen(path: string, source: OpenSource): void {
    this.#open.set(path, { source, version: Number.NaN, facts: undefined });
    this.#changed(!this.#files.has(path), path);
  }

  untrackOpen(path: string): void {
    if (!this.#open.delete(path)) return;
    const onDisk = this.#files.get(path);
    if (onDisk) this.#symbols.setFile(path, onDisk.facts);
    else this.#symbols.deleteFile(path);
    this.#changed(!onDisk, path);
  }

  facts(path: string): FileFacts | undefined {
    const open = this.#open.get(path);
    if (open) {
      const { version } = open.source;
      if (open.version !== version) {
        open.facts = open.source.facts();
        open.version = version;
        if (open.facts) this.#symbols.setFile(path, open.facts);
        this.#forgetImportersOf(path);
      }
      if (open.facts) return open.facts;
    }
    return this.#files.get(path)?.facts ?? this.loadMissing?.(path);
  }

  *paths(): IterableIterator<string> {
    yield* this.#files.keys();
    for (const path of this.#open.keys()) if (!this.#files.has(path)) yield path;
  }

  resolveModule(fromPath: string, specifier: string): string | undefined {
    const language = this.facts(fromPath)?.language;
    if (!language) return undefined;
    const family = language === 'python' ? 'python' : 'script';
    const key = `${dirname(fromPath)}\0${family}\0${specifier}`;
    if (this.#modules.has(key)) return this.#modules.get(key);
    const found = resolveImport(fromPath, specifier, language as LanguageName, this.#rootOf(fromPath));
    this.#modules.set(key, found);
    return found;
  }

  resolveName(path: string, name: string): Definition | undefined {
    return this.#resolveName(path, name, new Set());
  }

  resolveQualified(path: string, dotted: string): Definition | undefined {
    const parts = dotted.split('.');
    // The longest prefix a name of the file binds (Python's `import os.path` binds `os.path`).
    for (let length = parts.length; length > 0; length--) {
      let found = this.resolveName(path, parts.slice(0, length).join('.'));
      if (!found) continue;
      for (const part of parts.slice(length)) {
        found = found.kind === 'module' ? this.exported(found.path, part) : undefined;
        if (!found) return undefined;
      }
      return found;
    }
    return undefined;
  }

  exported(modulePath: string, name: string): Definition | undefined {
    return this.#exported(modulePath, name, new Set());
  }

  classNamed(path: string, name: string): ClassRef | undefined {
    const found = name.includes('.') ? this.resolveQualified(path, name) : this.resolveName(path, name);
    return found?.class ? { path: found.path, class: found.class } : undefined;
  }

  /** Every member along the hierarchy of a class, nearest first (a base's members after the class's own). */
  membersOf(start: ClassRef): MemberRef[] {
    const found: MemberRef[] = [];
    for (const owner of this.#hierarchy(start))
      for (const member of owner.class.members) found.push({ owner, member });
    return found;
  }

  memberOf(start: ClassRef, name: string): MemberRef | undefined {
    for (const owner of this.#hierarchy(start)) {
      const member =
        owner.class.members.find((candidate) => candidate.name === name && candidate.kind !== 'setter') ??
        owner.class.members.find((candidate) => candidate.name === name);
      if (member) return { owner, member };
    }
    return undefined;
  }

  importersOf(path: string): string[] {
    if (!this.#importers) {
      this.#importers = new Map();
      for (const from of this.paths()) this.#addImporter(from);
    }
    return [...(this.#importers.get(path) ?? [])].sort();
  }

  searchSymbols(query: string, limit: number): SymbolMatch[] {
    // Open documents' facts are computed when asked for: bring their symbols up to date first.
    for (const path of this.#open.keys()) this.facts(path);
    return this.#symbols.search(query, limit);
  }

  #resolveName(path: string, name: string, seen: Set<string>): Definition | undefined {
    const facts = this.facts(path);
    if (!facts || seen.size > MAX_HOPS || seen.has(`${path}\0${name}`)) return undefined;
    seen.add(`${path}\0${name}`);
    const unit = facts.units.findIndex(
      (candidate) => candidate.parent === undefined && candidate.name === name,
    );
    if (unit !== -1) return this.#unitDefinition(path, facts, unit);
    const binding = facts.bindings.find(
      (candidate) => candidate.scope === undefined && candidate.name === name,
    );
    if (binding) return { path, kind: 'binding', binding };
    for (const fact of facts.imports) {
      const bound = fact.bindings.find((candidate) => candidate.local === name);
      if (!bound) continue;
      const target = this.resolveModule(path, fact.source);
      if (!target) return undefined;
      if (bound.imported === '*') return { path: target, kind: 'module' };
      return this.#exported(target, bound.imported, seen);
    }
    if (facts.exports.some((candidate) => candidate.local === name)) return { path, kind: 'value' };
    return undefined;
  }

  #exported(modulePath: string, name: string, seen: Set<string>): Definition | undefined {
    const facts = this.facts(modulePath);
    if (!facts || seen.size > MAX_HOPS) return undefined;
    if (facts.language === 'python') {
      const own = this.#resolveName(modulePath, name, seen);
      if (own) return own;
    } else {
      const exported = facts.exports.find((candidate) => candidate.name === name);
      if (exported) {
        if (!exported.local) return { path: modulePath, kind: 'value' };
        return this.#resolveName(modulePath, exported.local, seen) ?? { path: modulePath, kind: 'value' };
      }
      for (const fact of facts.reExports) {
        const passed = fact.names.find((candidate) => candidate.exported === name);
        if (!passed) continue;
        const target = this.resolveModule(modulePath, fact.source);
        if (!target) return undefined;
        return passed.imported === '*'
          ? { path: target, kind: 'module' }
          : this.#exported(target, passed.imported, seen);
      }
    }
    if (name !== 'default' && !(facts.language === 'python' && name.startsWith('_'))) {
      for (const fact of facts.reExports) {
        if (!fact.star) continue;
        const target = this.resolveModule(modulePath, fact.source);
        const key = `${target}\0*${name}`;
        if (!target || seen.has(key)) continue;
        seen.add(key);
        const found = this.#exported(target, name, seen);
        if (found) return found;
      }
    }
    return facts.language === 'python' ? this.#submodule(modulePath, name) : undefined;
  }

  // `from django.utils import timezone`: a package's attribute may be a module of the package.
  #submodule(modulePath: string, name: string): Definition | undefined {
    if (!modulePath.endsWith('__init__.py') && !modulePath.endsWith('__init__.pyi')) return undefined;
    const dir = dirname(modulePath);
    for (const candidate of [
      join(dir, `${name}.py`),
      join(dir, name, '__init__.py'),
      join(dir, `${name}.pyi`),
    ]) {
      if (this.#files.has(candidate) || this.#open.has(candidate) || isFile(candidate))
        return { path: candidate, kind: 'module' };
    }
    return undefined;
  }

  #unitDefinition(path: string, facts: FileFacts, unit: number): Definition {
    const found = facts.classes.find((candidate) => candidate.unit === unit);
    return { path, kind: 'unit', unit, ...(found ? { class: found } : {}) };
  }

  /** The class, then its bases depth first, left to right, each once. */
  *#hierarchy(start: ClassRef): IterableIterator<ClassRef> {
    const seen = new Set<string>();
    const pending: ClassRef[] = [start];
    while (pending.length > 0 && seen.size < MAX_HOPS) {
      const current = pending.shift() as ClassRef;
      const key = `${current.path}\0${current.class.unit}`;
      if (seen.has(key)) continue;
      seen.add(key);
      yield current;
      const bases = [...current.class.bases, ...current.class.implements]
        .map((base) => this.classNamed(current.path, base))
        .filter((base): base is ClassRef => base !== undefined);
      pending.unshift(...bases);
    }
  }

  #addImporter(from: string): void {
    const facts = this.facts(from);
    if (!facts || !this.#importers) return;
    const sources = new Set([...facts.imports, ...facts.reExports].map((fact) => fact.source));
    // Python's `from django.utils import timezone` may import the module django/utils/timezone.py.
    if (facts.language === 'python')
      for (const fact of facts.imports)
        for (const { imported } of fact.bindings)
          if (imported !== '*')
            sources.add(fact.source.endsWith('.') ? fact.source + imported : `${fact.source}.${imported}`);
    for (const source of sources) {
      const target = this.resolveModule(from, source);
      if (!target) continue;
      const importers = this.#importers.get(target) ?? new Set<string>();
      this.#importers.set(target, importers);
      importers.add(from);
    }
  }

  #forgetImportersOf(from: string): void {
    if (!this.#importers) return;
    for (const importers of this.#importers.values()) importers.delete(from);
    this.#addImporter(from);
  }

  #rootOf(path: string): string | undefined {
    let best: string | undefined;
    for (const root of this.#roots)
      if ((path === root || path.startsWith(`${root}/`)) && (!best || root.length > best.length)) best = root;
    return best ?? this.#roots[0];
  }

  // A file added or removed can change how any import resolves; a changed one only its own edges.
  #changed(filesChanged: boolean, path?: string): void {
    this.#generation++;
    if (filesChanged) {
      this.#modules.clear();
      this.#importers = undefined;
    } else if (path) this.#forgetImportersOf(path);
  }
}
