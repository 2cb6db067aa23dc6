import type { CallSite, ImportStatement } from '../syntax/calls-and-imports.js';
import type { CodeUnit } from '../syntax/code-units.js';
import type { SyntaxDocument } from '../syntax/syntax-document.js';
import { resolveImportFiles, samePackageFiles } from '../workspace/import-resolver.js';
import { resolveCSharpType } from '../workspace/module-resolvers.js';
import { type ContextSection, definitionSection, ShownCode } from './callee-sections.js';
import { filePath, labelFor } from './source-text.js';
import type { ContextSources } from './unit-context.js';

/**
 * Callee definitions found by name through the file's imports, for the languages the workspace index
 * does not read (Go, Rust, Java, C, C++, Ruby, C#): a same-file unit of the callee's name, else the
 * definition in a file an import leads to.
 */
export function importedCallees(
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
