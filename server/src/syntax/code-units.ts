import type Parser from 'tree-sitter';
import { cleanDoc, docCommentBefore } from './doc-comments.js';
import type { LoadedLanguage } from './grammar-registry.js';
import type { LanguageSpec } from './languages.js';

export type UnitKind = 'function' | 'method' | 'class' | 'interface' | 'enum' | 'type' | 'namespace';

const UNIT_KINDS: ReadonlySet<string> = new Set<UnitKind>([
  'function',
  'method',
  'class',
  'interface',
  'enum',
  'type',
  'namespace',
]);

/** A named piece of code Lantern can explain, fix or document: a function, method, class, … */
export interface CodeUnit {
  readonly name: string;
  readonly kind: UnitKind;
  /** Range of the whole unit (decorators and `export` included), as offsets into the text. */
  readonly startIndex: number;
  readonly endIndex: number;
  readonly nameStartIndex: number;
  readonly nameEndIndex: number;
  /** Where the body starts, when the unit has one; the header is everything before it. */
  readonly bodyStartIndex: number | undefined;
  /** The declaration as written up to its body, on one line. */
  readonly signature: string;
  /** Each parameter as written (`x: number`, `b=2`, `*args`). */
  readonly parameters: readonly string[];
  /** JSDoc or Python docstring, without comment markers or quotes. */
  readonly docstring: string | undefined;
  /** Index of the innermost enclosing unit in the list, if any. */
  readonly parentIndex: number | undefined;
  /** The tree-sitter node of the declaration (variable declarator for `const f = () => …`). */
  readonly node: Parser.SyntaxNode;
}

/**
 * Finds the code units of a tree with the language's `units.scm` query. Returns them in document
 * order (parents before children), each knowing its innermost enclosing unit. Iterative throughout:
 * deeply nested code must not overflow the stack.
 */
export function extractUnits(tree: Parser.Tree, language: LoadedLanguage): CodeUnit[] {
  return extractUnitsIn(tree.rootNode, language);
}

/** The code units inside one node, as `extractUnits` finds them in a whole tree. */
export function extractUnitsIn(root: Parser.SyntaxNode, language: LoadedLanguage): CodeUnit[] {
  return unitShapesIn(root, language).map(({ shape, node }) => unitOf(shape, () => node, language.spec));
}

/**
 * The shapes of the code units inside one node (the whole tree from its root, or one top-level
 * statement), each with its node, in document order, `parentIndex` counted within the returned list.
 */
export function unitShapesIn(
  root: Parser.SyntaxNode,
  language: LoadedLanguage,
): { shape: UnitShape; node: Parser.SyntaxNode }[] {
  const found: { node: Parser.SyntaxNode; name: Parser.SyntaxNode; kind: UnitKind }[] = [];
  const seen = new Set<number>();
  for (const match of language.query('units').matches(root)) {
    const unit = match.captures.find((capture) => UNIT_KINDS.has(capture.name));
    const name = match.captures.find((capture) => capture.name === 'name');
    if (!unit || !name || seen.has(unit.node.id)) continue;
    seen.add(unit.node.id);
    found.push({ node: unit.node, name: name.node, kind: unit.name as UnitKind });
  }
  const isPython = language.spec.name === 'python';
  const parentOf = parentsFound(
    root,
    found.map((entry) => entry.node),
  );
  const withRanges = found.map((entry) => {
    const outer = outerNode(entry.node, isPython, parentOf);
    return { ...entry, outer, first: isPython ? outer : firstDecorator(outer, parentOf) };
  });
  withRanges.sort((a, b) => a.first.startIndex - b.first.startIndex || b.outer.endIndex - a.outer.endIndex);

  const units: { shape: UnitShape; node: Parser.SyntaxNode }[] = [];
  const open: number[] = []; // indices of units whose range contains the current position
  for (const entry of withRanges) {
    const { node, outer } = entry;
    while (
      open.length > 0 &&
      (units[open[open.length - 1] as number] as { shape: UnitShape }).shape.endIndex <=
        entry.first.startIndex
    ) {
      open.pop();
    }
    const parentIndex = open[open.length - 1];
    const parent = parentIndex === undefined ? undefined : units[parentIndex]?.shape;
    // A function directly in a class (Python's def, Rust's fn in an impl or trait) is a method.
    const inType = parent?.kind === 'class' || (parent?.kind === 'interface' && !isPython);
    const kind: UnitKind = entry.kind === 'function' && inType ? 'method' : entry.kind;
    const body = bodyOf(node);
    const shape: UnitShape = {
      name: entry.name.text,
      kind,
      startIndex: entry.first.startIndex,
      endIndex: outer.endIndex,
      nameStartIndex: entry.name.startIndex,
      nameEndIndex: entry.name.endIndex,
      bodyStartIndex: body?.startIndex,
      signature: signatureOf(outer, node, body),
      parentIndex,
      nodeType: node.type,
      nodeStartIndex: node.startIndex,
      nodeEndIndex: node.endIndex,
    };
    units.push({ shape, node });
    open.push(units.length - 1);
  }
  return units;
}

/** What a unit is apart from its tree-sitter node: the part that can be moved and reused. */
export type UnitShape = Omit<CodeUnit, 'parameters' | 'docstring' | 'node'> & {
  /** Type and range of the declaration node, to find it again in another tree of the same text. */
  readonly nodeType: string;
  readonly nodeStartIndex: number;
  readonly nodeEndIndex: number;
};

/**
 * A unit from its shape and a way to get its node (found on first use). Parameters and docstrings are
 * read only for the unit a hover or a prompt is about: computed on first use, they keep the
 * per-keystroke re-extraction of a large file to what the outline needs.
 */
export function unitOf(shape: UnitShape, findNode: () => Parser.SyntaxNode, spec: LanguageSpec): CodeUnit {
  const isPython = spec.name === 'python';
  let node: Parser.SyntaxNode | undefined;
  let parameters: string[] | undefined;
  let docstring: { value: string | undefined } | undefined;
  const { nodeType: _type, nodeStartIndex: _start, nodeEndIndex: _end, ...unit } = shape;
  return {
    ...unit,
    get node() {
      node ??= findNode();
      return node;
    },
    get parameters() {
      parameters ??= parametersOf(this.node);
      return parameters;
    },
    get docstring() {
      if (!docstring) {
        const declaration = this.node;
        const outer = outerNode(declaration, isPython);
        docstring = {
          value: isPython
            ? pythonDocstring(bodyOf(declaration))
            : docCommentBefore(firstDecorator(outer), spec.docs),
        };
      }
      return docstring.value;
    },
  };
}

/** The innermost unit containing an offset (its whole range, header included). */
export function unitAt(units: readonly CodeUnit[], offset: number): CodeUnit | undefined {
  let best: CodeUnit | undefined;
  for (const unit of units) {
    if (unit.startIndex > offset) break;
    if (offset <= unit.endIndex) best = unit;
  }
  return best;
}

type ParentOf = (node: Parser.SyntaxNode) => Parser.SyntaxNode | null;

/**
 * The parents of `nodes` and of all their ancestors under `root`, found by one tree cursor going down
 * from `root` to each node in document order, and back up only as far as the next one needs.
 * tree-sitter's `node.parent` (and a sibling lookup, which uses it) searches down from the tree's root
 * on every call: for 3,000 nested functions, ~10 s. A node the walk did not reach asks tree-sitter.
 */
function parentsFound(root: Parser.SyntaxNode, nodes: readonly Parser.SyntaxNode[]): ParentOf {
  const parents = new Map<number, Parser.SyntaxNode>();
  const cursor = root.walk();
  const path: Parser.SyntaxNode[] = [root]; // the cursor's node last, then back to root
  const targets = [...nodes].sort((a, b) => a.startIndex - b.startIndex || b.endIndex - a.endIndex);
  const contains = (outer: Parser.SyntaxNode, inner: Parser.SyntaxNode) =>
    outer.startIndex <= inner.startIndex && outer.endIndex >= inner.endIndex;
  for (const target of targets) {
    while (path.length > 1 && !contains(path[path.length - 1] as Parser.SyntaxNode, target)) {
      cursor.gotoParent();
      path.pop();
    }
    let current = path[path.length - 1] as Parser.SyntaxNode;
    while (current.id !== target.id && contains(current, target)) {
      // The binding returns the child's index, or -1 (not the boolean its types say).
      const moved: unknown = cursor.gotoFirstChildForIndex(target.startIndex);
      if (moved === -1 || moved === false) break;
      const child = cursor.currentNode;
      parents.set(child.id, current);
      path.push(child);
      current = child;
    }
  }
  return (node) => parents.get(node.id) ?? node.parent;
}

// The node whose range the user sees as "the unit": decorators, `export` and `const` included.
function outerNode(
  node: Parser.SyntaxNode,
  isPython: boolean,
  parentOf: ParentOf = (child) => child.parent,
): Parser.SyntaxNode {
  let outer = node;
  if (isPython) {
    const parent = parentOf(outer);
    return parent?.type === 'decorated_definition' ? parent : outer;
  }
  if (outer.type === 'variable_declarator') {
    const declaration = parentOf(outer);
    // Only a single-declarator statement belongs to the unit as a whole.
    if (declaration && declaration.namedChildCount === 1) outer = declaration;
  }
  const parent = parentOf(outer);
  if (parent?.type === 'export_statement') outer = parent;
  // C++: `template <typename T>` heads the function or class it declares.
  if (parent?.type === 'template_declaration') outer = parent;
  // Go: `type Cart struct {…}` and `var handler = func…` declare one spec each (a grouped
  // `type ( … )` keeps each spec on its own).
  if (
    parent &&
    (parent.type === 'type_declaration' || parent.type === 'var_declaration') &&
    parent.namedChildren.filter((child) => !child.type.includes('comment')).length === 1
  )
    outer = parent;
  return outer;
}

// TypeScript keeps a class member's decorators beside it in the class body, not inside it: the
// earliest of the decorators right before `outer`, or `outer` itself. Elsewhere decorators are inside
// the declaration they decorate, and a sibling is not looked for (each look costs a search from the root).
function firstDecorator(
  outer: Parser.SyntaxNode,
  parentOf: ParentOf = (child) => child.parent,
): Parser.SyntaxNode {
  if (parentOf(outer)?.type !== 'class_body') return outer;
  let first = outer;
  for (let sibling = outer.previousNamedSibling; sibling?.type === 'decorator'; ) {
    first = sibling;
    sibling = sibling.previousNamedSibling;
  }
  return first;
}

/** The body of a unit's declaration node (a bound function's, for `const f = () => …`). */
export function bodyOf(node: Parser.SyntaxNode): Parser.SyntaxNode | undefined {
  const direct = node.childForFieldName('body');
  if (direct) return direct;
  // Go: `type Cart struct {` — the body starts at the type's brace.
  const declared = node.type === 'type_spec' ? node.childForFieldName('type') : null;
  if (declared?.type === 'struct_type' || declared?.type === 'interface_type')
    return (
      declared.namedChildren.find((child) => child.type === 'field_declaration_list') ??
      declared.child(1) ??
      undefined
    );
  // const f = () => …  /  f = lambda: …  /  const F = memo(() => …) — the body is the bound function's.
  return boundFunction(node)?.childForFieldName('body') ?? undefined;
}

const FUNCTION_VALUES = new Set([
  'arrow_function',
  'function_expression',
  'generator_function',
  'lambda',
  'func_literal',
]);

/**
 * The function a declarator binds: its value (`const f = () => …`, Python's `f = lambda: …`), or the
 * function handed to the wrapper call it is bound to (`const F = memo(() => …)`, one call deeper for
 * `memo(forwardRef(…))`).
 */
function boundFunction(node: Parser.SyntaxNode): Parser.SyntaxNode | undefined {
  let value = node.childForFieldName('value') ?? node.firstNamedChild?.childForFieldName('right');
  // Go: `var f = func(…) {…}` binds a list of values.
  if (value?.type === 'expression_list') value = value.firstNamedChild;
  if (!value) return undefined;
  if (FUNCTION_VALUES.has(value.type)) return value;
  let call: Parser.SyntaxNode | undefined = value;
  for (let depth = 0; depth < 2 && call?.type === 'call_expression'; depth++) {
    const args: Parser.SyntaxNode[] = call.childForFieldName('arguments')?.namedChildren ?? [];
    const handed = args.find((argument) => FUNCTION_VALUES.has(argument.type));
    if (handed) return handed;
    call = args.find((argument) => argument.type === 'call_expression');
  }
  return undefined;
}

function signatureOf(
  outer: Parser.SyntaxNode,
  node: Parser.SyntaxNode,
  body: Parser.SyntaxNode | undefined,
): string {
  // A comment between the header and the body (Ruby's doc of a class's first member) is not header.
  const bodyStart = body ? body.startIndex : outer.endIndex;
  const comment = node.namedChildren.find(
    (child) => child.type === 'comment' && child.startIndex > node.startIndex && child.endIndex <= bodyStart,
  );
  const end = comment ? comment.startIndex : bodyStart;
  const source = outer.text;
  // Cut decorators out wherever they sit: above a Python def, before or after `export`, inside a JS
  // method (TypeScript member decorators lie outside `outer` already); and comments inside the header,
  // such as a doc comment on each parameter (rxjs' AjaxResponse constructor: 1,400 characters of them,
  // cut at 400 in the middle of a comment).
  const decorators = [...outer.namedChildren, ...(node.id === outer.id ? [] : node.namedChildren)].filter(
    (child) => child.type === 'decorator' && child.endIndex <= end,
  );
  const comments = outer
    .descendantsOfType('comment', outer.startPosition, body ? body.startPosition : outer.endPosition)
    .filter((comment) => comment.startIndex > outer.startIndex && comment.endIndex <= end);
  const cuts = [...decorators, ...comments].sort((a, b) => a.startIndex - b.startIndex);
  let header = '';
  let from = outer.startIndex;
  for (const cut of cuts) {
    if (cut.startIndex < from) continue;
    header += source.slice(from - outer.startIndex, cut.startIndex - outer.startIndex);
    from = cut.endIndex;
  }
  header += source.slice(from - outer.startIndex, end - outer.startIndex);
  // Trailing `{`, `:`, `=>` and Ruby's endless `=` belong to the body, not the declaration.
  return header
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\s*(\{|:|=>|=)$/, '')
    .slice(0, 400);
}

function parametersOf(node: Parser.SyntaxNode): string[] {
  const holder = parameterHolder(node);
  if (!holder) return [];
  if (holder.type === 'identifier') return [holder.text];
  return holder.namedChildren
    .filter((child) => child.type !== 'comment')
    .map((child) => child.text.replace(/\s+/g, ' '));
}

function parameterHolder(node: Parser.SyntaxNode): Parser.SyntaxNode | undefined {
  const bound = boundFunction(node);
  // A bare arrow parameter (x => x) sits in the field `parameter`, not `parameters`; a C function's in
  // its declarator (`int *f(int x)`).
  return (
    node.childForFieldName('parameters') ??
    bound?.childForFieldName('parameters') ??
    bound?.childForFieldName('parameter') ??
    functionDeclarator(node)?.childForFieldName('parameters') ??
    undefined
  );
}

function functionDeclarator(node: Parser.SyntaxNode): Parser.SyntaxNode | undefined {
  let declarator = node.childForFieldName('declarator');
  while (declarator && declarator.type !== 'function_declarator')
    declarator = declarator.childForFieldName('declarator');
  return declarator ?? undefined;
}

const RECEIVERS = new Set(['self', 'this', '&self', '&mut self', 'mut self']);

/**
 * The names a unit's parameters bind, read from the tree: Go's `a, b int` binds two, Rust's pattern,
 * a C declarator (`*items`, `items[]`), Ruby's bare or defaulted names. The receiver is left out.
 */
export function parameterNamesOf(node: Parser.SyntaxNode): string[] {
  const names: string[] = [];
  for (const parameter of parameterHolder(node)?.namedChildren ?? []) {
    if (parameter.type.includes('comment') || parameter.type === 'self_parameter') continue;
    if (parameter.type === 'identifier') {
      names.push(parameter.text);
      continue;
    }
    const named = parameter.childrenForFieldName('name');
    if (named.length > 0) {
      names.push(...named.map((name) => name.text));
      continue;
    }
    // Java's varargs (`int... counts`) hold their name in a variable_declarator.
    let declarator =
      parameter.childForFieldName('pattern') ??
      parameter.childForFieldName('declarator') ??
      parameter.namedChildren
        .find((child) => child.type === 'variable_declarator')
        ?.childForFieldName('name');
    while (declarator?.childForFieldName('declarator'))
      declarator = declarator.childForFieldName('declarator');
    // C++'s `const T& name` keeps its `&` in the declarator's text.
    const name = declarator?.text.replace(/^(mut|ref)\s+|^[&*\s]+/g, '');
    if (name && !RECEIVERS.has(name)) names.push(name);
  }
  return names;
}

function pythonDocstring(body: Parser.SyntaxNode | undefined): string | undefined {
  const first = body?.firstNamedChild;
  if (first?.type !== 'expression_statement') return undefined;
  const literal = first.firstNamedChild;
  if (literal?.type !== 'string') return undefined;
  const content = literal.namedChildren
    .filter((child) => child.type === 'string_content')
    .map((child) => child.text)
    .join('');
  return cleanDoc(content);
}
