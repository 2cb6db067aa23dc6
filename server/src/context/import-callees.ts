import type { CallSite, ImportStatement } from '../syntax/calls-and-imports.js';
import type { CodeUnit } from '../syntax/code-units.js';
import type { SyntaxDocument } from '../syntax/syntax-document.js';
import { resolveImportFiles, samePackageFiles } from '../workspace/import-resolver.js';
import { resolveCSharpType } from '../workspace/module-resolvers.js';
import { type CalleeDefinition, definitionOf, ShownCode } from './callee-sections.js';
import { calleeFileLabel, filePath } from './source-text.js';
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
): CalleeDefinition[] {
  const definitions: CalleeDefinition[] = [];
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
        definitions.push(definitionOf(document, local, call.callee, 'this file'));
      continue;
    }
    if (!fromPath || !language) continue;
    // What the callee's name was imported as (`formatPrice`), or what it is selected from (Go's
    // \`money.Round\`).
    const targets = definingFiles(document, call, fromPath, sources.workspaceRoot);
    for (const target of targets) {
      const other = sources.files.document(target);
      const definition = other && definitionIn(other.units(), call.callee, call.qualifier);
      if (!other || !definition) continue;
      if (!shown.has(other, definition)) {
        definitions.push(
          definitionOf(other, definition, call.callee, calleeFileLabel(other.uri, document.uri)),
        );
      }
      break;
    }
  }
  return definitions;
}

/** The files that may define what a call calls: those its imports lead to, else the file's own package's. */
function definingFiles(
  document: SyntaxDocument,
  call: CallSite,
  fromPath: string,
  workspaceRoot: string | undefined,
): string[] {
  const spec = document.language?.spec;
  if (!spec) return [];
  const imports = document.imports();
  // C#: the type a call goes through, or the type of a `using static`, in a file of its name.
  if (spec.typesInFilesOfTheirName) return csharpFiles(imports, call, fromPath);
  // C's includes bind no names: each included file may hold the definition.
  if (spec.importsBindNothing)
    return imports.flatMap(({ source }) =>
      source ? resolveImportFiles(fromPath, source, spec.name, workspaceRoot) : [],
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
  if (!source) return samePackageFiles(fromPath, spec.name, call.qualifier);
  return resolveImportFiles(fromPath, source, spec.name, workspaceRoot);
}

function csharpFiles(imports: readonly ImportStatement[], call: CallSite, fromPath: string): string[] {
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
    .flatMap(({ type, within }) => resolveCSharpType(fromPath, type, within));
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
