import type Parser from 'tree-sitter';
import type { CodeUnit } from '../../syntax/code-units.js';
import { constructed, type FoundBindings } from './bindings.js';
import type {
  ClassFact,
  ExportFact,
  ImportBinding,
  ImportFact,
  MemberFact,
  MemberKind,
  ModuleFacts,
  ReExportFact,
} from './file-facts.js';
import { typeText } from './file-facts.js';
import { mergeMembers, unitIndexByName } from './members.js';

/**
 * Imports, exports, re-exports and classes of a Python module. A module's attributes are its top-level
 * names, whatever `__all__` says (which only governs `from m import *`): so `exports` holds every
 * top-level definition and assignment, and `reExports` every top-level `from m import …` (what a
 * package's `__init__.py` passes on). Imports are read at module level, including inside top-level
 * `if`/`try` blocks (`try: import json except ImportError: …`); imports inside functions are the
 * function's own business.
 */
export function pythonModuleFacts(
  tree: Parser.Tree,
  units: readonly CodeUnit[],
  bindings: FoundBindings,
): ModuleFacts {
  const imports: ImportFact[] = [];
  const exports: ExportFact[] = [];
  const reExports: ReExportFact[] = [];
  const defined = new Set<string>();
  const define = (name: string, node: Parser.SyntaxNode) => {
    if (defined.has(name)) return;
    defined.add(name);
    exports.push({ name, local: name, start: node.startIndex, end: node.endIndex });
  };
  for (const statement of moduleLevelStatements(tree.rootNode)) {
    if (statement.type === 'import_statement') imports.push(...plainImports(statement));
    else if (statement.type === 'import_from_statement') {
      const fact = fromImport(statement);
      if (!fact) continue;
      imports.push(fact);
      reExports.push({
        source: fact.source,
        names: fact.bindings.map(({ local, imported }) => ({ exported: local, imported })),
        ...(fact.star ? { star: true } : {}),
        start: fact.start,
        end: fact.end,
      });
    } else if (statement.type === 'expression_statement') {
      for (const name of assignedNames(statement)) define(name.text, statement);
    }
  }
  for (const unit of units) {
    if (unit.parentIndex === undefined) define(unit.name, unit.node);
  }
  exports.sort((a, b) => a.start - b.start);
  return { imports, exports, reExports, classes: classesOf(units, bindings) };
}

/** Top-level statements, and those inside top-level `if`/`try`/`with` blocks, in order. */
function moduleLevelStatements(root: Parser.SyntaxNode): Parser.SyntaxNode[] {
  const found: Parser.SyntaxNode[] = [];
  const visit = (statements: readonly Parser.SyntaxNode[], depth: number) => {
    for (const statement of statements) {
      if (depth < 4 && CONDITIONAL_BLOCKS.has(statement.type)) {
        visit(
          statement.namedChildren.flatMap((part) =>
            part.type === 'block'
              ? part.namedChildren
              : part.namedChildren
                  .filter((inner) => inner.type === 'block')
                  .flatMap((block) => block.namedChildren),
          ),
          depth + 1,
        );
      } else found.push(statement);
    }
  };
  visit(root.namedChildren, 0);
  return found;
}

const CONDITIONAL_BLOCKS = new Set(['if_statement', 'try_statement', 'with_statement']);

/** `import a.b, c as d`: one fact per module. */
function plainImports(statement: Parser.SyntaxNode): ImportFact[] {
  const range = { start: statement.startIndex, end: statement.endIndex };
  return statement.childrenForFieldName('name').flatMap((name) => {
    if (name.type === 'dotted_name')
      return [{ source: name.text, bindings: [{ local: name.text, imported: '*' }], ...range }];
    const module = name.childForFieldName('name');
    const alias = name.childForFieldName('alias');
    if (name.type !== 'aliased_import' || !module || !alias) return [];
    return [{ source: module.text, bindings: [{ local: alias.text, imported: '*' }], ...range }];
  });
}

/** `from m import a, b as c` and `from m import *`. */
function fromImport(statement: Parser.SyntaxNode): ImportFact | undefined {
  const module = statement.childForFieldName('module_name');
  if (!module) return undefined;
  const bindings: ImportBinding[] = [];
  for (const name of statement.childrenForFieldName('name')) {
    if (name.type === 'dotted_name') bindings.push({ local: name.text, imported: name.text });
    else if (name.type === 'aliased_import') {
      const imported = name.childForFieldName('name');
      const alias = name.childForFieldName('alias');
      if (imported && alias) bindings.push({ local: alias.text, imported: imported.text });
    }
  }
  const star = statement.namedChildren.some((child) => child.type === 'wildcard_import');
  return {
    source: module.text.replace(/\s+/g, ''),
    bindings,
    ...(star ? { star } : {}),
    start: statement.startIndex,
    end: statement.endIndex,
  };
}

/** The names an assignment statement binds at its level: `a = …`, `a: T = …`, `a, b = …`, `a = b = …`. */
function assignedNames(statement: Parser.SyntaxNode): Parser.SyntaxNode[] {
  const names: Parser.SyntaxNode[] = [];
  let assignment = statement.firstNamedChild;
  while (assignment?.type === 'assignment') {
    const left = assignment.childForFieldName('left');
    if (left?.type === 'identifier') names.push(left);
    else if (left?.type === 'pattern_list' || left?.type === 'tuple_pattern')
      names.push(...left.namedChildren.filter((child) => child.type === 'identifier'));
    assignment = assignment.childForFieldName('right');
  }
  return names;
}

function classesOf(units: readonly CodeUnit[], bindings: FoundBindings): ClassFact[] {
  const classes: ClassFact[] = [];
  const unitAt = unitIndexByName(units);
  units.forEach((unit, index) => {
    if (unit.node.type !== 'class_definition') return;
    const bases = (unit.node.childForFieldName('superclasses')?.namedChildren ?? [])
      .filter((base) => base.type === 'identifier' || base.type === 'attribute')
      .map((base) => base.text);
    const declared: MemberFact[] = [];
    for (const statement of unit.node.childForFieldName('body')?.namedChildren ?? []) {
      const member = methodOf(statement, unitAt);
      if (member) declared.push(member);
      else if (statement.type === 'expression_statement')
        declared.push(...classAttributes(statement, bindings, index));
    }
    classes.push({
      name: unit.name,
      kind: 'class',
      unit: index,
      bases,
      implements: [],
      members: mergeMembers(declared, bindings.attributes.get(index) ?? []),
    });
  });
  return classes;
}

function methodOf(
  statement: Parser.SyntaxNode,
  unitAt: (nameStart: number) => number | undefined,
): MemberFact | undefined {
  const definition =
    statement.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
  if (definition?.type !== 'function_definition') return undefined;
  const name = definition.childForFieldName('name');
  if (!name) return undefined;
  const decorators = statement.namedChildren
    .filter((child) => child.type === 'decorator')
    .map((decorator) => decorator.text.replace(/^@\s*/, '').replace(/\(.*$/s, ''));
  const kind: MemberKind =
    name.text === '__init__'
      ? 'constructor'
      : decorators.some((decorator) => /^(functools\.)?(cached_)?property$/.test(decorator))
        ? 'getter'
        : decorators.some((decorator) => decorator.endsWith('.setter'))
          ? 'setter'
          : 'method';
  const declared = definition.childForFieldName('return_type');
  const returns = declared ? typeText(declared) : undefined;
  const isStatic = decorators.some(
    (decorator) => decorator === 'staticmethod' || decorator === 'classmethod',
  );
  const unit = unitAt(name.startIndex);
  return {
    name: name.text,
    kind,
    ...(isStatic ? { static: true } : {}),
    ...(returns ? (kind === 'getter' ? { type: returns } : { returns }) : {}),
    ...(unit === undefined ? {} : { unit }),
    start: statement.startIndex,
    end: statement.endIndex,
  };
}

/** `x: int = 0`, `y = Foo()`, `a = b = 1` in a class body: class attributes, typed where the syntax says. */
function classAttributes(
  statement: Parser.SyntaxNode,
  bindings: FoundBindings,
  classUnit: number,
): MemberFact[] {
  const typed = bindings.classLevel.get(classUnit) ?? [];
  return assignedNames(statement).map((name) => {
    const known = typed.find((binding) => binding.start <= name.startIndex && name.endIndex <= binding.end);
    const right = name.parent?.childForFieldName('right');
    const init = known?.init ?? (right ? constructed(right) : undefined);
    return {
      name: name.text,
      kind: 'field' as const,
      ...(known?.type ? { type: known.type } : {}),
      ...(init ? { init } : {}),
      start: statement.startIndex,
      end: statement.endIndex,
    };
  });
}
