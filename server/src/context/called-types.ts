import type Parser from 'tree-sitter';
import { splitTopLevel, typeText } from '../workspace/facts/file-facts.js';
import type { ClassRef, WorkspaceIndex } from '../workspace/index/workspace-index.js';

/** A type as written, and the file it is written in: where the names it uses resolve. */
export interface TypeAt {
  readonly path: string;
  readonly type: string;
}

/** The declaration node of a unit of a file. */
export type UnitNode = (path: string, unit: number) => Parser.SyntaxNode | undefined;

const MAX_DEPTH = 8;

/**
 * What calling a value of a stated type returns, as the code states it, for curried calls such as rxjs'
 * `mergeAll(n)(source)`: `(x: A) => R` and Python's `Callable[[A], R]` give R; an interface with a call
 * signature (`interface UnaryFunction<T, R> { (source: T): R }`), or extending one with type arguments
 * (`OperatorFunction<T, R> extends UnaryFunction<Observable<T>, Observable<R>>`), gives the signature's
 * return type with its type parameter replaced by the argument given for it; a type alias of a function
 * type alike. Undefined for anything else, or when overloaded call signatures disagree.
 */
export function returnOfCalling(
  value: TypeAt,
  index: WorkspaceIndex,
  unitNode: UnitNode,
  depth = 0,
): TypeAt | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const text = unwrapped(value.type);
  const arrow = functionTypeReturn(text);
  if (arrow) return { path: value.path, type: arrow };
  const callable = /^(?:typing\.|collections\.abc\.)?Callable\[(.*)\]$/s.exec(text);
  if (callable) {
    const parts = splitTopLevel(callable[1] ?? '', ',');
    return parts.length === 2 && parts[1] ? { path: value.path, type: parts[1] } : undefined;
  }
  const applied = /^([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)\s*(?:<(.*)>)?$/s.exec(text);
  if (!applied?.[1]) return undefined;
  const args = splitTopLevel(applied[2] ?? '', ',').map((type) => ({ path: value.path, type }));
  const ref = index.classNamed(value.path, applied[1]);
  if (ref) return interfaceCallReturn(ref, args, index, unitNode, depth + 1);
  const alias = index.resolveQualified(value.path, applied[1]);
  const node = alias?.unit === undefined ? undefined : unitNode(alias.path, alias.unit);
  const aliased = node?.type === 'type_alias_declaration' ? node.childForFieldName('value') : undefined;
  const returned = aliased?.type === 'function_type' ? aliased.childForFieldName('return_type') : undefined;
  return alias && node && returned ? bound(typeText(returned), node, alias.path, args) : undefined;
}

function interfaceCallReturn(
  ref: ClassRef,
  args: readonly (TypeAt | undefined)[],
  index: WorkspaceIndex,
  unitNode: UnitNode,
  depth: number,
): TypeAt | undefined {
  if (ref.class.kind !== 'interface' || depth > MAX_DEPTH) return undefined;
  const node = unitNode(ref.path, ref.class.unit);
  if (node?.type !== 'interface_declaration') return undefined;
  const signatures = (node.childForFieldName('body')?.namedChildren ?? []).filter(
    (member) => member.type === 'call_signature',
  );
  if (signatures.length > 0) {
    const returns = new Set(
      signatures.map((signature) => {
        const returned = signature.childForFieldName('return_type');
        return returned ? typeText(returned) : '';
      }),
    );
    const [only] = returns;
    return returns.size === 1 && only ? bound(only, node, ref.path, args) : undefined;
  }
  // A call signature inherited: from exactly one base that has one.
  const found: TypeAt[] = [];
  for (const clause of node.namedChildren.filter((child) => child.type === 'extends_type_clause'))
    for (const base of clause.childrenForFieldName('type')) {
      const name = base.type === 'generic_type' ? base.childForFieldName('name') : base;
      const baseRef = name ? index.classNamed(ref.path, name.text) : undefined;
      const given = (base.childForFieldName('type_arguments')?.namedChildren ?? []).map((argument) =>
        bound(argument.text, node, ref.path, args),
      );
      const returned = baseRef && interfaceCallReturn(baseRef, given, index, unitNode, depth + 1);
      if (returned) found.push(returned);
    }
  return found.length === 1 ? found[0] : undefined;
}

/**
 * A type written in a generic declaration, with the declaration's type arguments applied: a type
 * parameter alone becomes the argument given for it (undefined when none is given); any other text stays
 * as written, in the declaration's file (only its outer name is read later, so parameters inside it
 * need no replacing).
 */
function bound(
  type: string,
  declaration: Parser.SyntaxNode,
  path: string,
  args: readonly (TypeAt | undefined)[],
): TypeAt | undefined {
  const parameters = (declaration.childForFieldName('type_parameters')?.namedChildren ?? []).map(
    (parameter) => parameter.childForFieldName('name')?.text,
  );
  const at = parameters.indexOf(type.trim());
  return at === -1 ? { path, type } : args[at];
}

/** `(x: A) => R` → `R` (type parameters first allowed); undefined for any other type. */
function functionTypeReturn(text: string): string | undefined {
  let at = 0;
  if (text.startsWith('<')) at = closing(text, 0) + 1;
  while (text[at] === ' ') at++;
  if (text[at] !== '(') return undefined;
  const close = closing(text, at);
  const rest = close === -1 ? '' : text.slice(close + 1).trim();
  return rest.startsWith('=>') ? rest.slice(2).trim() || undefined : undefined;
}

/** `(A)` → `A`, when the parentheses hold the whole type. */
function unwrapped(type: string): string {
  const text = type.trim();
  return text.startsWith('(') && closing(text, 0) === text.length - 1 ? unwrapped(text.slice(1, -1)) : text;
}

/** The index of the bracket closing the one at `open`, or -1 (an arrow's `>` closes nothing). */
function closing(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const char = text[i] as string;
    if ('<([{'.includes(char)) depth++;
    else if ('>)]}'.includes(char) && !(char === '>' && text[i - 1] === '=')) {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}
