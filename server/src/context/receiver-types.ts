import type Parser from 'tree-sitter';
import { type BindingFact, type FileFacts, namedType, typeText } from '../workspace/facts/file-facts.js';
import type { ClassRef, Definition, MemberRef, WorkspaceIndex } from '../workspace/index/workspace-index.js';
import { returnOfCalling, type TypeAt } from './called-types.js';

/**
 * What the object of a call is, as far as the code states it: an instance of a class (or the class
 * itself, for a static call), the bases of the enclosing class (`super`), or a module.
 */
export type Receiver =
  | { readonly kind: 'class'; readonly ref: ClassRef }
  | { readonly kind: 'bases'; readonly of: ClassRef }
  | { readonly kind: 'module'; readonly path: string };

/** Where a call is: its file and its facts, the unit it is in, and that unit's class. */
export interface CallScope {
  readonly index: WorkspaceIndex;
  readonly path: string;
  readonly facts: FileFacts;
  /** The unit and its enclosing units, innermost first (indices into `facts.units`). */
  readonly chain: readonly number[];
  /** Names the units of the chain take as parameters, typed or not: they hide module-level names. */
  readonly parameters: ReadonlySet<string>;
  readonly enclosing: ClassRef | undefined;
  readonly python: boolean;
  /** Where the call starts: a variable assigned after it says nothing about it. */
  readonly at: number;
  /** The declaration node of a unit of a file (a callee's, to read the types of its parameters). */
  readonly unitNode: (path: string, unit: number) => Parser.SyntaxNode | undefined;
}

// Expressions that are their operand for typing: `(x)`, `x!`, `x as T`, `x satisfies T`, `await x`.
const TRANSPARENT = new Set([
  'parenthesized_expression',
  'non_null_expression',
  'as_expression',
  'satisfies_expression',
]);

/**
 * The receiver of a call, from the syntax and the index alone: `this`/`self`, `super`, a parameter or
 * variable with a stated type or a construction, a field of the class (`this.x`, `self.x`), a module
 * (`re.compile`, `timezone.localtime`), a class (`Model.objects`), a call whose callee declares what
 * it returns. Undefined when the code does not say: better nothing than a same-named wrong owner.
 */
export function receiverOf(node: Parser.SyntaxNode, scope: CallScope): Receiver | undefined {
  if (TRANSPARENT.has(node.type)) {
    const inner = node.firstNamedChild;
    return inner ? receiverOf(inner, scope) : undefined;
  }
  switch (node.type) {
    case 'this':
      return thisReceiver(node, scope);
    case 'super':
      return scope.enclosing ? { kind: 'bases', of: scope.enclosing } : undefined;
    case 'identifier': {
      // A parameter of a function inside the unit (a callback) hides every other binding of its name.
      const callback = callbackDeclaring(node, node.text);
      // `(source: Observable<T>) => source.pipe(…)`: the parameter states its type itself.
      const stated = callback?.parameter.childForFieldName('type');
      if (stated) return typedReceiver(scope.index, scope.path, typeText(stated), undefined);
      if (callback) return callbackParameterReceiver(callback.fn, callback.position, scope);
      return identifierReceiver(node.text, scope);
    }
    case 'member_expression':
    case 'attribute':
      return attributeReceiver(node, scope);
    case 'new_expression': {
      const made = node.childForFieldName('constructor');
      const found = made ? receiverOf(made, scope) : undefined;
      return found?.kind === 'class' ? found : undefined;
    }
    case 'call_expression':
    case 'call':
      return callResultReceiver(node, scope);
    default:
      return undefined;
  }
}

// Functions that bind their own `this` (an arrow function takes the one around it).
const THIS_BINDERS = new Set([
  'function_declaration',
  'function_expression',
  'function',
  'generator_function',
  'generator_function_declaration',
]);

/**
 * What `this` is where the code uses it: the nearest function that binds its own `this` decides. A
 * function with a `this: T` parameter (`function (this: SchedulerAction<T>) {…}`) makes it a T; a method
 * or field initialiser of a class, that class; a plain function without one or an object literal's
 * method, nothing the code states (never the class the function happens to be written in).
 */
function thisReceiver(node: Parser.SyntaxNode, scope: CallScope): Receiver | undefined {
  for (let at = node.parent; at; at = at.parent) {
    if (THIS_BINDERS.has(at.type)) {
      const first = at
        .childForFieldName('parameters')
        ?.namedChildren.find((parameter) => !parameter.type.includes('comment'));
      const type = first?.childForFieldName('pattern')?.type === 'this' && first.childForFieldName('type');
      return type ? typedReceiver(scope.index, scope.path, typeText(type), undefined) : undefined;
    }
    if (at.type === 'class_body') {
      const name = at.parent?.childForFieldName('name');
      const unit = scope.facts.units.findIndex((fact) => fact.nameStart === name?.startIndex);
      const found = scope.facts.classes.find((candidate) => candidate.unit === unit);
      return found ? { kind: 'class', ref: { path: scope.path, class: found } } : undefined;
    }
    if (at.type === 'method_definition' && at.parent?.type !== 'class_body') return undefined;
  }
  return undefined;
}

function identifierReceiver(name: string, scope: CallScope): Receiver | undefined {
  if (scope.python && (name === 'self' || name === 'cls'))
    return scope.enclosing ? { kind: 'class', ref: scope.enclosing } : undefined;
  const local = localBinding(name, scope);
  if (local) {
    const { init } = local;
    if (local.type || !init || !hiddenByScope(init.split('.')[0] ?? '', scope))
      return typedReceiver(scope.index, scope.path, local.type, init);
    // `const w = make()` where the unit binds `make` itself: what its stated type returns, not the module's `make`.
    const returned = init.includes('.') ? undefined : localCallResult(init, scope);
    return returned ? typedReceiver(scope.index, returned.path, returned.type, undefined) : undefined;
  }
  // An untyped parameter hides the module-level name it shares.
  if (scope.parameters.has(name)) return undefined;
  return definitionReceiver(scope.index, scope.index.resolveName(scope.path, name));
}

function attributeReceiver(node: Parser.SyntaxNode, scope: CallScope): Receiver | undefined {
  const object = node.childForFieldName('object');
  const property = node.childForFieldName(node.type === 'attribute' ? 'attribute' : 'property');
  if (!object || !property) return undefined;
  const owner = receiverOf(object, scope);
  if (owner?.kind === 'module')
    return definitionReceiver(scope.index, scope.index.exported(owner.path, property.text));
  if (owner?.kind !== 'class') return undefined;
  const member = scope.index.memberOf(owner.ref, property.text);
  return member ? memberReceiver(scope.index, member) : undefined;
}

// `innerFrom(x).subscribe(…)`: the callee's declared return type names the class (Python: or the
// callee is the class).
function callResultReceiver(node: Parser.SyntaxNode, scope: CallScope): Receiver | undefined {
  const callee = node.childForFieldName('function');
  if (!callee) return undefined;
  if (scope.python && callee.text === 'super')
    return scope.enclosing ? { kind: 'bases', of: scope.enclosing } : undefined;
  if (callee.type === 'identifier' && !hiddenByScope(callee.text, scope)) {
    const found = scope.index.resolveName(scope.path, callee.text);
    if (found?.class) return { kind: 'class', ref: { path: found.path, class: found.class } };
  }
  const result = callResultType(node, scope, 0);
  return result ? typedReceiver(scope.index, result.path, result.type, undefined) : undefined;
}

/**
 * The type of a call's result as its callee declares it: a function's return type, a method's, or for
 * a call of a call (`mergeAll(n)(source)`), what calling the inner result's type returns.
 */
function callResultType(node: Parser.SyntaxNode, scope: CallScope, depth: number): TypeAt | undefined {
  const callee = node.childForFieldName('function');
  if (!callee || depth > MAX_CALL_DEPTH) return undefined;
  const { index } = scope;
  if (callee.type === 'identifier') {
    return hiddenByScope(callee.text, scope)
      ? localCallResult(callee.text, scope)
      : returnedType(index, index.resolveName(scope.path, callee.text));
  }
  if (callee.type === 'call_expression' || callee.type === 'call') {
    const called = callResultType(callee, scope, depth + 1);
    return called ? returnOfCalling(called, index, scope.unitNode) : undefined;
  }
  if (callee.type !== 'member_expression' && callee.type !== 'attribute') return undefined;
  const object = callee.childForFieldName('object');
  const name = callee.childForFieldName(callee.type === 'attribute' ? 'attribute' : 'property')?.text;
  const owner = object ? receiverOf(object, scope) : undefined;
  if (owner?.kind !== 'class' || !name) return undefined;
  const member = index.memberOf(owner.ref, name);
  return member?.member.returns ? { path: member.owner.path, type: member.member.returns } : undefined;
}

const MAX_CALL_DEPTH = 8;

const CALLBACKS = new Set(['arrow_function', 'function_expression', 'function', 'lambda']);

/** The function expression around `node` that takes `name` as a parameter: the parameter, and its position. */
function callbackDeclaring(
  node: Parser.SyntaxNode,
  name: string,
): { fn: Parser.SyntaxNode; parameter: Parser.SyntaxNode; position: number } | undefined {
  for (let at = node.parent; at; at = at.parent) {
    if (!CALLBACKS.has(at.type)) continue;
    const single = at.childForFieldName('parameter');
    if (single) {
      if (single.text === name) return { fn: at, parameter: single, position: 0 };
      continue;
    }
    const parameters = (at.childForFieldName('parameters')?.namedChildren ?? []).filter(
      (parameter) => !parameter.type.includes('comment'),
    );
    const position = parameters.findIndex(
      (parameter) => (parameter.childForFieldName('pattern') ?? parameter).text === name,
    );
    const parameter = parameters[position];
    if (parameter) return { fn: at, parameter, position };
  }
  return undefined;
}

/**
 * A callback's parameter typed by what it is handed to: \`operate((source, subscriber) => …)\` where
 * \`operate(init: (liftedSource: Observable<T>, subscriber: Subscriber<R>) => …)\`, or a constructor's
 * (\`new Observable((subscriber) => …)\`). Undefined when the callee or its parameter's type is not stated.
 */
function callbackParameterReceiver(
  fn: Parser.SyntaxNode,
  position: number,
  scope: CallScope,
): Receiver | undefined {
  const args = fn.parent;
  const call = args?.parent;
  if (args?.type !== 'arguments' || !call) return undefined;
  const argument = args.namedChildren.findIndex((candidate) => candidate.id === fn.id);
  let callee: { path: string; unit: number } | undefined;
  if (call.type === 'new_expression') {
    const made = call.childForFieldName('constructor');
    const ref = made?.type === 'identifier' ? scope.index.classNamed(scope.path, made.text) : undefined;
    const found = ref ? scope.index.memberOf(ref, 'constructor') : undefined;
    if (found?.member.unit !== undefined) callee = { path: found.owner.path, unit: found.member.unit };
  } else if (call.type === 'call_expression' && call.childForFieldName('function')?.type === 'identifier') {
    const found = scope.index.resolveName(scope.path, call.childForFieldName('function')?.text ?? '');
    if (found?.kind === 'unit' && found.unit !== undefined) callee = { path: found.path, unit: found.unit };
  }
  const declaration = callee && scope.unitNode(callee.path, callee.unit);
  const parameter = declaration
    ?.childForFieldName('parameters')
    ?.namedChildren.filter((candidate) => !candidate.type.includes('comment'))[argument];
  const functionType = parameter?.childForFieldName('type')?.firstNamedChild;
  if (!callee || functionType?.type !== 'function_type') return undefined;
  // `this: Observable<T>` in a function type is no parameter of the callback.
  const typed = (functionType.childForFieldName('parameters')?.namedChildren ?? []).filter(
    (candidate) =>
      !candidate.type.includes('comment') && candidate.childForFieldName('pattern')?.type !== 'this',
  )[position];
  const type = typed?.childForFieldName('type')?.text.replace(/^:\s*/, '');
  return type ? typedReceiver(scope.index, callee.path, type, undefined) : undefined;
}

/** The nearest binding of `name` in the call's units that is declared before the call. */
function localBinding(name: string, scope: CallScope): BindingFact | undefined {
  for (const unit of scope.chain) {
    const found = scope.facts.bindings
      .filter((binding) => binding.name === name && binding.scope === unit && binding.start <= scope.at)
      .pop();
    if (found) return found;
  }
  return undefined;
}

/** What calling a variable or parameter returns, by its stated type (`factory: () => Writer`). */
function localCallResult(name: string, scope: CallScope): TypeAt | undefined {
  const type = localBinding(name, scope)?.type;
  return type ? returnOfCalling({ path: scope.path, type }, scope.index, scope.unitNode) : undefined;
}

/** A name the call's units bind themselves (a variable, a parameter, a nested function): not the module's. */
function hiddenByScope(name: string, scope: CallScope): boolean {
  return (
    localBinding(name, scope) !== undefined ||
    scope.parameters.has(name) ||
    scope.facts.units.some(
      (unit) => unit.name === name && unit.parent !== undefined && scope.chain.includes(unit.parent),
    )
  );
}

/**
 * A class named by a type as written (`Subscriber<T>`, `Optional[Foo]`), else by what the value is
 * initialised with: a class constructed, or a function called that declares what it returns.
 */
export function typedReceiver(
  index: WorkspaceIndex,
  path: string,
  type: string | undefined,
  init: string | undefined,
): Receiver | undefined {
  const name = (type ? namedType(type) : undefined) ?? init;
  const ref = name ? index.classNamed(path, name) : undefined;
  if (ref) return { kind: 'class', ref };
  if (type || !init) return undefined;
  return returnedReceiver(
    index,
    init.includes('.') ? index.resolveQualified(path, init) : index.resolveName(path, init),
  );
}

function returnedReceiver(index: WorkspaceIndex, found: Definition | undefined): Receiver | undefined {
  const returned = returnedType(index, found);
  return returned ? typedReceiver(index, returned.path, returned.type, undefined) : undefined;
}

/** What a function found declares it returns (`function writerOf(…): Writer`, `def make() -> Pager`). */
function returnedType(index: WorkspaceIndex, found: Definition | undefined): TypeAt | undefined {
  if (found?.kind !== 'unit' || found.class || found.unit === undefined) return undefined;
  const returns = declaredReturn(index, found.path, found.unit);
  return returns ? { path: found.path, type: returns } : undefined;
}

/**
 * A function's declared return type; with overloads (or a Python redefinition), only when every
 * declaration that states one names the same class: `open(k: 'w'): Writer; open(k: 's'): Sink` says nothing.
 */
function declaredReturn(index: WorkspaceIndex, path: string, unit: number): string | undefined {
  const units = index.facts(path)?.units ?? [];
  const fact = units[unit];
  if (!fact) return undefined;
  const stated = units.flatMap((candidate) =>
    candidate.name === fact.name && candidate.parent === fact.parent && candidate.returns
      ? [candidate.returns]
      : [],
  );
  const named = new Set(stated.map((returns) => namedType(returns) ?? returns));
  return named.size === 1 ? stated[0] : undefined;
}

function definitionReceiver(index: WorkspaceIndex, found: Definition | undefined): Receiver | undefined {
  if (!found) return undefined;
  if (found.kind === 'module') return { kind: 'module', path: found.path };
  if (found.class) return { kind: 'class', ref: { path: found.path, class: found.class } };
  if (found.binding) return typedReceiver(index, found.path, found.binding.type, found.binding.init);
  return undefined;
}

function memberReceiver(index: WorkspaceIndex, found: MemberRef): Receiver | undefined {
  const { member, owner } = found;
  if (member.kind === 'field' || member.kind === 'getter')
    return typedReceiver(index, owner.path, member.type ?? member.returns, member.init);
  return undefined;
}
