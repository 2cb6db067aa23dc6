import type Parser from 'tree-sitter';
import type { LoadedLanguage } from '../../syntax/grammar-registry.js';
import type { BindingFact, MemberFact, UnitFact } from './file-facts.js';
import { typeText } from './file-facts.js';

/** What the `bindings` query found: typed locals, and attributes set through `this`/`self` per class unit. */
export interface FoundBindings {
  /** Parameters and variables, class-level ones excluded (those are the class's fields). */
  readonly locals: BindingFact[];
  /** Class-level variables (Python's `x: int = 0` in a class body), by class unit. */
  readonly classLevel: Map<number, BindingFact[]>;
  /** Fields set in methods (`this.x = …`, `self.x = …`), by class unit, first assignment first. */
  readonly attributes: Map<number, MemberFact[]>;
}

/**
 * Runs the language's `bindings.scm` over a tree (one native query pass: walking every node from
 * JavaScript costs several times more on a large file) and places each binding in its unit.
 */
export function readBindings(
  tree: Parser.Tree,
  language: LoadedLanguage,
  units: readonly UnitFact[],
): FoundBindings {
  const scopeOf = scopeFinder(units);
  const locals = new Map<number, BindingFact & { type?: string; init?: string }>();
  const classLevel = new Map<number, BindingFact[]>();
  const attributes = new Map<number, MemberFact[]>();
  const assigned: { node: Parser.SyntaxNode; name: string; type?: string; value?: Parser.SyntaxNode }[] = [];
  for (const match of language.query('bindings').matches(tree.rootNode)) {
    const captured = (name: string) => match.captures.find((capture) => capture.name === name)?.node;
    const name = captured('name');
    if (!name) continue;
    const type = captured('type');
    const attribute = captured('attribute');
    if (attribute) {
      assigned.push({
        node: attribute,
        name: name.text,
        ...(type ? { type: typeText(type) } : {}),
        ...(captured('value') ? { value: captured('value') } : {}),
      });
      continue;
    }
    const binding = captured('parameter') ?? captured('variable');
    // `cb: (inner: Sub) => void` names a parameter of the type, bound nowhere in the code.
    if (!binding || binding.parent?.parent?.type === 'function_type') continue;
    const init = captured('init');
    // A declarator with a type and a `new` matches twice: one binding with both.
    const existing = locals.get(binding.id);
    const scope = scopeOf(binding.startIndex);
    locals.set(binding.id, {
      name: name.text,
      kind: captured('parameter') ? 'parameter' : 'variable',
      ...(scope === undefined ? {} : { scope }),
      ...(existing?.type ? { type: existing.type } : {}),
      ...(existing?.init ? { init: existing.init } : {}),
      ...(type ? { type: typeText(type) } : {}),
      ...(init ? { init: init.text } : {}),
      start: binding.startIndex,
      end: binding.endIndex,
    });
  }
  const found: BindingFact[] = [];
  for (const binding of [...locals.values()].sort((a, b) => a.start - b.start)) {
    const scope = binding.scope === undefined ? undefined : units[binding.scope];
    if (scope?.kind === 'class' && binding.kind === 'variable' && binding.scope !== undefined) {
      const list = classLevel.get(binding.scope) ?? [];
      list.push(binding);
      classLevel.set(binding.scope, list);
    } else found.push(binding);
  }
  placeAttributes(assigned, units, scopeOf, found, attributes);
  return { locals: found, classLevel, attributes };
}

/**
 * Each `this.x = …` / `self.x = …` inside a method becomes a field of the method's class: typed by its
 * annotation, by a construction (`new C()`, `C()`), or by the method's typed parameter it is given
 * (`self.s = s` with `s: Sub`). The first assignment that says something about the type wins.
 */
function placeAttributes(
  assigned: readonly { node: Parser.SyntaxNode; name: string; type?: string; value?: Parser.SyntaxNode }[],
  units: readonly UnitFact[],
  scopeOf: (offset: number) => number | undefined,
  locals: readonly BindingFact[],
  attributes: Map<number, MemberFact[]>,
): void {
  const byNode = new Map<number, (typeof assigned)[number]>();
  for (const entry of assigned) {
    const previous = byNode.get(entry.node.id);
    byNode.set(entry.node.id, {
      ...previous,
      ...entry,
      ...(previous?.value ? { value: previous.value } : {}),
    });
  }
  for (const entry of [...byNode.values()].sort((a, b) => a.node.startIndex - b.node.startIndex)) {
    // The method the assignment is in (an arrow function inside it is still the method's `this`).
    let method = scopeOf(entry.node.startIndex);
    while (method !== undefined && units[method]?.kind !== 'method') method = units[method]?.parent;
    const owner = method === undefined ? undefined : units[method]?.parent;
    if (method === undefined || owner === undefined || units[owner]?.kind !== 'class') continue;
    const members = attributes.get(owner) ?? [];
    attributes.set(owner, members);
    const { value } = entry;
    const init = value ? constructed(value) : undefined;
    const fromParameter =
      value && /^[A-Za-z_$][\w$]*$/.test(value.text)
        ? locals.find(
            (local) =>
              local.kind === 'parameter' && local.scope === method && local.name === value.text && local.type,
          )?.type
        : undefined;
    const type = entry.type ?? fromParameter;
    const existing = members.findIndex((member) => member.name === entry.name);
    const member: MemberFact = {
      name: entry.name,
      kind: 'field',
      ...(type ? { type } : {}),
      ...(init ? { init } : {}),
      start: entry.node.startIndex,
      end: entry.node.endIndex,
    };
    if (existing === -1) members.push(member);
    else if (!members[existing]?.type && !members[existing]?.init && (type || init))
      members[existing] = member;
  }
}

/**
 * The callee of a construction or a call: `new C(…)` → `C`, `f(…)` → `f`; Python's `C(…)` → `C` (the
 * resolver tells a class from a function).
 */
export function constructed(value: Parser.SyntaxNode): string | undefined {
  if (value.type === 'new_expression') return value.childForFieldName('constructor')?.text;
  if (value.type === 'call_expression') {
    const callee = value.childForFieldName('function');
    if (callee?.type === 'identifier') return callee.text;
  }
  if (value.type === 'call') {
    const callee = value.childForFieldName('function');
    if (callee?.type === 'identifier' || callee?.type === 'attribute') return callee.text;
  }
  return undefined;
}

/**
 * The innermost unit holding an offset: a binary search for the last unit starting at or before it,
 * then up through its parents to one that still holds it.
 */
function scopeFinder(units: readonly UnitFact[]): (offset: number) => number | undefined {
  return (offset) => {
    let low = 0;
    let high = units.length - 1;
    let found = -1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if ((units[middle] as UnitFact).start <= offset) {
        found = middle;
        low = middle + 1;
      } else high = middle - 1;
    }
    let index: number | undefined = found === -1 ? undefined : found;
    while (index !== undefined && (units[index] as UnitFact).end < offset) index = units[index]?.parent;
    return index;
  };
}
