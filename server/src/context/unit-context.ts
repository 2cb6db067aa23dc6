import { dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CallSite, ImportStatement } from '../syntax/calls-and-imports.js';
import type { CodeUnit } from '../syntax/code-units.js';
import type { SyntaxDocument } from '../syntax/syntax-document.js';
import { resolveImportFiles, samePackageFiles } from '../workspace/import-resolver.js';
import { resolveCSharpType } from '../workspace/module-resolvers.js';
import type { WorkspaceFiles } from '../workspace/workspace-files.js';
import { classSkeleton } from './class-skeleton.js';
import { estimateTokens, truncateToTokens } from './token-budget.js';

/** A piece of context, in the order it matters. */
export interface ContextSection {
  readonly title: string;
  readonly body: string;
}

export interface UnitContext {
  /** The sections that fit the budget, most relevant first. */
  readonly sections: readonly ContextSection[];
  /** Sections left out for lack of budget (their titles), so prompts and logs can say so. */
  readonly omitted: readonly string[];
  /** The file the unit is in, relative to the workspace root when there is one. */
  readonly fileLabel: string;
}

export interface ContextSources {
  readonly files: WorkspaceFiles;
  readonly workspaceRoot: string | undefined;
}

/**
 * What a model needs to understand a unit, fitted to `maxTokens`: the unit's code (always, cut if it
 * alone is over budget), its enclosing class in outline, the file's imports, then the definitions of
 * what it calls — same file first, then other workspace files found through the imports.
 */
export function buildUnitContext(
  document: SyntaxDocument,
  unit: CodeUnit,
  sources: ContextSources,
  maxTokens: number,
): UnitContext {
  const fence = document.language?.spec.fence ?? '';
  const fileLabel = labelFor(document.uri, sources.workspaceRoot);
  const unitCode = unitSource(document, unit);
  const candidates: ContextSection[] = [];
  const container = enclosingClass(document, unit);
  if (container)
    candidates.push({
      title: `Enclosing ${container.kind} \`${container.name}\` (outline)`,
      body: fenced(fence, classSkeleton(document, container)),
    });
  const imports = document.imports();
  if (imports.length > 0) {
    // One statement can import several modules (Go's `import ( … )`): its text is shown once.
    const text = [
      ...new Set(imports.map((statement) => document.text.slice(statement.startIndex, statement.endIndex))),
    ].join('\n');
    candidates.push({ title: 'Imports of the file', body: fenced(fence, text) });
  }
  candidates.push(...calleeDefinitions(document, unit, container, sources));

  const title = `The ${unit.kind} \`${unit.name}\` (${fileLabel})`;
  const budgetForUnit = Math.max(64, maxTokens - estimateTokens(title) - 16);
  const sections: ContextSection[] = [
    { title, body: fenced(fence, truncateToTokens(unitCode, budgetForUnit)) },
  ];
  let used = estimateTokens(title) + estimateTokens(sections[0]?.body ?? '');
  const omitted: string[] = [];
  for (const section of candidates) {
    const cost = estimateTokens(section.title) + estimateTokens(section.body);
    if (used + cost > maxTokens) {
      omitted.push(section.title);
      continue;
    }
    sections.push(section);
    used += cost;
  }
  return { sections, omitted, fileLabel };
}

/** The sections as one markdown text. */
export function renderContext(context: UnitContext): string {
  return context.sections.map((section) => `### ${section.title}\n\n${section.body}`).join('\n\n');
}

function enclosingClass(document: SyntaxDocument, unit: CodeUnit): CodeUnit | undefined {
  const units = document.units();
  for (let index = unit.parentIndex; index !== undefined; index = units[index]?.parentIndex) {
    const candidate = units[index];
    if (candidate && (candidate.kind === 'class' || candidate.kind === 'interface')) return candidate;
  }
  return undefined;
}

function calleeDefinitions(
  document: SyntaxDocument,
  unit: CodeUnit,
  container: CodeUnit | undefined,
  sources: ContextSources,
): ContextSection[] {
  const sections: ContextSection[] = [];
  const seen = new Set<string>([unit.name]);
  const units = document.units();
  const language = document.language?.spec.name;
  const fromPath = filePath(document.uri);
  // Code already in the prompt is not shown again: the unit (and what is nested in it), its class.
  const shown = new ShownCode(document, unit, container);
  for (const call of document.callsIn(unit)) {
    if (seen.has(call.callee)) continue;
    seen.add(call.callee);
    // A definition over a prototype (C) or a signature (TS overloads).
    const named = units.filter((candidate) => candidate.name === call.callee && candidate !== unit);
    const local = named.find((candidate) => candidate.bodyStartIndex !== undefined) ?? named[0];
    if (local) {
      if (!shown.has(document, local))
        sections.push(definitionSection(document, local, 'defined in this file'));
      continue;
    }
    if (!fromPath || !language) continue;
    // What the callee's name was imported as (`formatPrice`), or what it is selected from (Go's
    // \`money.Round\`).
    const targets = definingFiles(document, call, fromPath, sources.workspaceRoot);
    for (const { file: target, source } of targets) {
      const other = sources.files.document(target);
      const definition = other && definitionIn(other.units(), call.callee, call.qualifier);
      if (!other || !definition) continue;
      if (!shown.has(other, definition)) {
        const where = `${source ? 'imported from' : 'defined in'} \`${labelFor(other.uri, sources.workspaceRoot)}\``;
        sections.push(definitionSection(other, definition, where));
      }
      break;
    }
  }
  return sections;
}

/**
 * A callee's definition as a section: a function or method whole, a class (brought in by a
 * construction or a static call) as its skeleton.
 */
function definitionSection(document: SyntaxDocument, definition: CodeUnit, where: string): ContextSection {
  const fence = document.language?.spec.fence ?? '';
  if (isType(definition))
    return {
      title: `\`${definition.name}\` (skeleton), ${where}`,
      body: fenced(fence, classSkeleton(document, definition)),
    };
  return { title: `\`${definition.name}\`, ${where}`, body: fenced(fence, unitSource(document, definition)) };
}

function isType(unit: CodeUnit): boolean {
  return unit.kind === 'class' || unit.kind === 'interface';
}

/** The code a prompt already holds, so that no section repeats it. */
class ShownCode {
  readonly #ranges: { uri: string; start: number; end: number }[] = [];
  /** Classes shown as skeletons: the class is there, its methods' bodies are not. */
  readonly #skeletons = new Set<string>();

  constructor(document: SyntaxDocument, unit: CodeUnit, container: CodeUnit | undefined) {
    this.#ranges.push({ uri: document.uri, start: unit.startIndex, end: unit.endIndex });
    if (container) this.#skeletons.add(`${document.uri}#${container.startIndex}`);
  }

  /** Whether the definition is already there; else it now is. */
  has(document: SyntaxDocument, definition: CodeUnit): boolean {
    const key = `${document.uri}#${definition.startIndex}`;
    const within =
      this.#skeletons.has(key) ||
      this.#ranges.some(
        (range) =>
          range.uri === document.uri &&
          range.start <= definition.startIndex &&
          definition.endIndex <= range.end,
      );
    if (within) return true;
    if (isType(definition)) this.#skeletons.add(key);
    else this.#ranges.push({ uri: document.uri, start: definition.startIndex, end: definition.endIndex });
    return false;
  }
}

/**
 * The files that may define what a call calls, each with the import that leads there (none for the
 * file's own package).
 */
function definingFiles(
  document: SyntaxDocument,
  call: CallSite,
  fromPath: string,
  workspaceRoot: string | undefined,
): { file: string; source: string | undefined }[] {
  const spec = document.language?.spec;
  if (!spec) return [];
  const imports = document.imports();
  // C#: the type a call goes through, or the type of a `using static`, in a file of its name.
  if (spec.typesInFilesOfTheirName) return csharpFiles(imports, call, fromPath);
  // C's includes bind no names: each included file may hold the definition.
  if (spec.importsBindNothing)
    return imports.flatMap(({ source }) =>
      source
        ? resolveImportFiles(fromPath, source, spec.name, workspaceRoot).map((file) => ({ file, source }))
        : [],
    );
  // What the callee's name was imported as (`formatPrice`), or what it is selected from (Go's
  // `money.Round`).
  const statement =
    imports.find((candidate) => candidate.locals.includes(call.callee)) ??
    (call.qualifier === undefined
      ? undefined
      : imports.find((candidate) => candidate.locals.includes(call.qualifier as string)));
  // A call through a whole path (Rust's `crate::money::format_cents`) names its module itself; one
  // that nothing imports may be to the file's own package (Go, Java).
  const source = statement?.source ?? (call.qualifier?.includes('::') ? call.qualifier : undefined);
  if (!source) return samePackageFiles(fromPath, spec.name, call.qualifier).map((file) => ({ file, source }));
  return resolveImportFiles(fromPath, source, spec.name, workspaceRoot).map((file) => ({ file, source }));
}

function csharpFiles(
  imports: readonly ImportStatement[],
  call: CallSite,
  fromPath: string,
): { file: string; source: string | undefined }[] {
  const namespaces = imports.flatMap(({ source }) => (source ? [source] : []));
  const types =
    call.qualifier !== undefined
      ? [{ type: call.qualifier, within: namespaces }]
      : namespaces.map((source) => ({
          type: source.slice(source.lastIndexOf('.') + 1),
          within: [source.slice(0, Math.max(0, source.lastIndexOf('.')))],
        }));
  return types
    .filter(({ type }) => /^[A-Z]/.test(type))
    .flatMap(({ type, within }) => resolveCSharpType(fromPath, type, within))
    .map((file) => ({ file, source: 'using' }));
}

/**
 * The definition of `name` among another file's units: a top-level one, else a member of the type the
 * call goes through (`Money::new`, Java's `Prices.round`) or of any top-level type when the call names
 * none (a Java static import).
 */
function definitionIn(units: readonly CodeUnit[], name: string, qualifier: string | undefined) {
  const named = units.filter((candidate) => candidate.name === name && candidate.parentIndex === undefined);
  const topLevel = named.find((candidate) => candidate.bodyStartIndex !== undefined) ?? named[0];
  if (topLevel) return topLevel;
  // A member of a top-level type: the one the call names, or any (Java's static imports name the member).
  return units.find((candidate) => {
    const parent = candidate.parentIndex === undefined ? undefined : units[candidate.parentIndex];
    return (
      candidate.name === name &&
      parent?.parentIndex === undefined &&
      (qualifier === undefined || parent?.name === qualifier)
    );
  });
}

/**
 * A unit's code as a block of its own. The unit starts after its line's indentation, so a method would
 * show its first line flush left and the rest indented (misleading in Python, and a shape a model
 * copies into its answer): that indentation is removed from every line.
 */
function unitSource(document: SyntaxDocument, unit: CodeUnit): string {
  const code = document.text.slice(unit.startIndex, unit.endIndex);
  const lineStart = document.text.lastIndexOf('\n', unit.startIndex - 1) + 1;
  const indent = document.text.slice(lineStart, unit.startIndex);
  if (!/^[ \t]+$/.test(indent)) return code;
  return code
    .split('\n')
    .map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line))
    .join('\n');
}

function fenced(language: string, code: string): string {
  const fence = code.includes('```') ? '~~~~' : '```';
  return `${fence}${language}\n${code}\n${fence}`;
}

function filePath(uri: string): string | undefined {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
  } catch {
    return undefined;
  }
}

/** How prompts name a file: relative to the workspace root, else by its folder and name. */
export function labelFor(uri: string, workspaceRoot: string | undefined): string {
  const path = filePath(uri);
  if (!path) return uri;
  if (workspaceRoot && !relative(workspaceRoot, path).startsWith('..')) return relative(workspaceRoot, path);
  return relative(dirname(dirname(path)), path);
}
