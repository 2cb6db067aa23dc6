import type Parser from 'tree-sitter';
import type { CallSite } from '../syntax/calls-and-imports.js';
import { type CodeUnit, parameterNamesOf } from '../syntax/code-units.js';
import type { SyntaxDocument } from '../syntax/syntax-document.js';
import type { FileFacts } from '../workspace/facts/file-facts.js';
import type { ClassRef, MemberRef, WorkspaceIndex } from '../workspace/index/workspace-index.js';
import { type CalleeDefinition, definitionOf, isType, ShownCode } from './callee-sections.js';
import { classSkeleton } from './class-skeleton.js';
import { indexFor } from './on-demand-facts.js';
import { type CallScope, receiverOf } from './receiver-types.js';
import { calleeFileLabel, filePath } from './source-text.js';
import type { ContextSources } from './unit-context.js';

/** A callee found: a unit of some file, or a member of some class. */
type Callee =
  | { readonly kind: 'unit'; readonly path: string; readonly unit: number }
  | { readonly kind: 'member'; readonly found: MemberRef };

/** A definition to come: a function's, or a class's, whose skeleton shows the members called. */
type Pending =
  | { readonly kind: 'definition'; readonly definition: CalleeDefinition }
  | {
      readonly kind: 'class';
      readonly document: SyntaxDocument;
      readonly type: CodeUnit;
      readonly file: string;
      readonly whole: Set<CodeUnit>;
      /** Constructed or called statically: the public skeleton; else only the members called. */
      constructed: boolean;
    };

/**
 * The definitions a unit calls, resolved through the workspace index (TypeScript, JavaScript, Python):
 * plain names through the file's scopes and imports (aliases and re-exports followed), `obj.method()`
 * through what the code states obj is (see receiver-types.ts), along the class hierarchy across files.
 * A function or a method of the unit's own class is shown whole; a class constructed or called on is
 * shown once as its skeleton, with the members called in full. A call the code does not type is left
 * out rather than matched by name to a definition of another owner. Undefined when the index does
 * not read the document as it is.
 */
export function indexedCallees(
  document: SyntaxDocument,
  unit: CodeUnit,
  container: CodeUnit | undefined,
  sources: ContextSources,
): CalleeDefinition[] | undefined {
  const path = filePath(document.uri);
  const tree = document.tree;
  if (!path || !tree) return undefined;
  const index = indexFor(sources);
  const facts = index.facts(path);
  const unitIndex = facts?.units.findIndex(
    (fact) => fact.start === unit.startIndex && fact.name === unit.name,
  );
  // The index reads the file as the workspace files have it: a document they do not know (not on disk,
  // not open) or that reads otherwise is resolved by name through its imports instead.
  if (!facts || unitIndex === undefined || unitIndex < 0) return undefined;
  const scopeAt = callScopes(index, path, facts, unitIndex, document, container, sources);
  const shown = new ShownCode(document, unit, container);
  const pending: Pending[] = [];
  const classes = new Map<string, Extract<Pending, { kind: 'class' }>>();
  const seen = new Set<string>();
  for (const call of document.callsIn(unit)) {
    const callee = resolveCall(call, tree, scopeAt(call.startIndex));
    if (!callee) continue;
    const target = codeUnitOf(callee, index, sources);
    if (!target) continue;
    const key = `${target.document.uri}#${target.unit.startIndex}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const owner = callee.kind === 'member' ? callee.found.owner : undefined;
    const ownerUnit = owner ? ownerCodeUnit(target.document, owner, index) : undefined;
    const type = isType(target.unit) ? target.unit : ownerUnit;
    if (type && !(target.document === document && type === container)) {
      // A class constructed, or a member of another class: that class once, as a skeleton with the
      // members called in full.
      const classKey = `${target.document.uri}#${type.startIndex}`;
      let entry = classes.get(classKey);
      if (!entry) {
        if (shown.has(target.document, type)) continue;
        entry = {
          kind: 'class',
          document: target.document,
          type,
          file: calleeFileLabel(target.document.uri, document.uri),
          whole: new Set(),
          constructed: false,
        };
        classes.set(classKey, entry);
        pending.push(entry);
      }
      if (target.unit !== type) entry.whole.add(target.unit);
      else entry.constructed = true;
      continue;
    }
    if (shown.has(target.document, target.unit)) continue;
    pending.push({
      kind: 'definition',
      definition: definitionOf(
        target.document,
        target.unit,
        call.callee,
        calleeFileLabel(target.document.uri, document.uri),
      ),
    });
  }
  return pending.map((entry) =>
    entry.kind === 'definition'
      ? entry.definition
      : {
          name: entry.type.name,
          file: entry.file,
          shape: entry.constructed ? 'outline' : 'the members called',
          fence: entry.document.language?.spec.fence ?? '',
          code: classSkeleton(entry.document, entry.type, {
            shown: entry.whole,
            publicOnly: true,
            calledOnly: !entry.constructed,
          }),
        },
  );
}

/**
 * The scope of each call of the unit: the innermost unit around the call (a function nested in the unit,
 * whose variables and parameters the call sees) and its enclosing units.
 */
function callScopes(
  index: WorkspaceIndex,
  path: string,
  facts: FileFacts,
  unitIndex: number,
  document: SyntaxDocument,
  container: CodeUnit | undefined,
  sources: ContextSources,
): (at: number) => CallScope {
  const units = document.units();
  const classFact =
    container &&
    facts.classes.find((candidate) => facts.units[candidate.unit]?.start === container.startIndex);
  const unitNode = (at: string, unit: number) => {
    const fact = index.facts(at)?.units[unit];
    return sources.files
      .document(at)
      ?.units()
      .find((candidate) => candidate.startIndex === fact?.start && candidate.name === fact.name)?.node;
  };
  const byInnermost = new Map<number, Omit<CallScope, 'at'>>();
  return (at) => {
    const innermost = innermostUnit(facts, unitIndex, at);
    let scope = byInnermost.get(innermost);
    if (!scope) {
      const chain: number[] = [];
      for (let up: number | undefined = innermost; up !== undefined; up = facts.units[up]?.parent)
        chain.push(up);
      const parameters = new Set<string>();
      for (const link of chain) {
        const fact = facts.units[link];
        const code =
          fact &&
          units.find((candidate) => candidate.startIndex === fact.start && candidate.name === fact.name);
        if (code && !isType(code)) for (const name of parameterNamesOf(code.node)) parameters.add(name);
      }
      scope = {
        index,
        path,
        facts,
        chain,
        unitNode,
        parameters,
        enclosing: classFact ? { path, class: classFact } : undefined,
        python: facts.language === 'python',
      };
      byInnermost.set(innermost, scope);
    }
    return { ...scope, at };
  };
}

/** The deepest unit inside `unit` (or `unit` itself) that holds the offset `at`. */
function innermostUnit(facts: FileFacts, unit: number, at: number): number {
  let found = unit;
  for (let next = unit + 1; next < facts.units.length; next++) {
    const fact = facts.units[next];
    if (!fact || fact.start > at) break;
    if (fact.end < at) continue;
    let up: number | undefined = fact.parent;
    while (up !== undefined && up !== unit) up = facts.units[up]?.parent;
    if (up === unit) found = next;
  }
  return found;
}

/** What one call calls, or undefined when the code does not say. */
function resolveCall(call: CallSite, tree: Parser.Tree, scope: CallScope): Callee | undefined {
  const name = tree.rootNode.descendantForIndex(call.calleeStartIndex, call.calleeEndIndex);
  const parent = name.parent;
  const selected =
    parent &&
    (parent.type === 'member_expression' || parent.type === 'attribute') &&
    parent.childForFieldName(parent.type === 'attribute' ? 'attribute' : 'property')?.id === name.id;
  if (!selected) return plainCall(call.callee, scope);
  const object = parent.childForFieldName('object');
  const receiver = object ? receiverOf(object, scope) : undefined;
  if (!receiver) return undefined;
  const { index } = scope;
  if (receiver.kind === 'module') {
    const found = index.exported(receiver.path, call.callee);
    return found?.unit === undefined ? undefined : { kind: 'unit', path: found.path, unit: found.unit };
  }
  const bases: ClassRef[] =
    receiver.kind === 'class'
      ? [receiver.ref]
      : [...receiver.of.class.bases, ...receiver.of.class.implements].flatMap(
          (base) => index.classNamed(receiver.of.path, base) ?? [],
        );
  for (const base of bases) {
    const found = index.memberOf(base, call.callee);
    if (found?.member.unit !== undefined) return { kind: 'member', found };
  }
  return undefined;
}

/** `f(…)` or `new C(…)`: a function of an enclosing scope, else what the file's top level calls f. */
function plainCall(name: string, scope: CallScope): Callee | undefined {
  const { facts } = scope;
  for (const at of scope.chain) {
    const nested = facts.units.findIndex(
      (unit) => unit.parent === at && unit.name === name && unit.kind === 'function',
    );
    if (nested !== -1) return { kind: 'unit', path: scope.path, unit: nested };
    if (facts.bindings.some((binding) => binding.scope === at && binding.name === name)) return undefined;
  }
  if (scope.parameters.has(name)) return undefined;
  const found = scope.index.resolveName(scope.path, name);
  if (found?.unit === undefined) return undefined;
  return { kind: 'unit', path: found.path, unit: found.unit };
}

/** The code unit a callee's facts point at, in the document of its file (undefined if they disagree). */
function codeUnitOf(
  callee: Callee,
  index: WorkspaceIndex,
  sources: ContextSources,
): { document: SyntaxDocument; unit: CodeUnit } | undefined {
  const path = callee.kind === 'unit' ? callee.path : callee.found.owner.path;
  const unitIndex = callee.kind === 'unit' ? callee.unit : callee.found.member.unit;
  const fact = unitIndex === undefined ? undefined : index.facts(path)?.units[unitIndex];
  const document = fact && sources.files.document(path);
  const unit = document
    ?.units()
    .find((candidate) => candidate.startIndex === fact?.start && candidate.name === fact.name);
  return document && unit ? { document, unit } : undefined;
}

function ownerCodeUnit(
  document: SyntaxDocument,
  owner: ClassRef,
  index: WorkspaceIndex,
): CodeUnit | undefined {
  const fact = index.facts(owner.path)?.units[owner.class.unit];
  return document
    .units()
    .find((candidate) => candidate.startIndex === fact?.start && candidate.name === fact.name);
}
