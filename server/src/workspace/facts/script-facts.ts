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

/** Imports, exports, re-exports and classes of a TypeScript or JavaScript module. */
export function scriptModuleFacts(
  tree: Parser.Tree,
  units: readonly CodeUnit[],
  bindings: FoundBindings,
): ModuleFacts {
  const imports: ImportFact[] = [];
  const exports: ExportFact[] = [];
  const reExports: ReExportFact[] = [];
  for (const statement of tree.rootNode.namedChildren) {
    if (statement.type === 'import_statement') {
      const fact = importOf(statement);
      if (fact) imports.push(fact);
    } else if (statement.type === 'export_statement') {
      const source = stringValue(statement.childForFieldName('source'));
      if (source !== undefined) reExports.push(reExportOf(statement, source));
      else exports.push(...exportsOf(statement));
    } else if (statement.type === 'lexical_declaration' || statement.type === 'variable_declaration') {
      imports.push(...requiresIn(statement));
    }
  }
  return { imports, exports, reExports, classes: classesOf(units, bindings) };
}

function importOf(statement: Parser.SyntaxNode): ImportFact | undefined {
  const source = stringValue(statement.childForFieldName('source'));
  if (source === undefined) return undefined;
  const bindings: ImportBinding[] = [];
  const clause = statement.namedChildren.find((child) => child.type === 'import_clause');
  for (const part of clause?.namedChildren ?? []) {
    if (part.type === 'identifier') bindings.push({ local: part.text, imported: 'default' });
    else if (part.type === 'namespace_import') {
      const local = part.namedChildren.find((child) => child.type === 'identifier');
      if (local) bindings.push({ local: local.text, imported: '*' });
    } else if (part.type === 'named_imports') {
      for (const specifier of part.namedChildren) {
        const name = specifier.childForFieldName('name');
        if (specifier.type !== 'import_specifier' || !name) continue;
        const alias = specifier.childForFieldName('alias');
        bindings.push({ local: (alias ?? name).text, imported: name.text });
      }
    }
  }
  const typeOnly = statement.children.some((child) => child.type === 'type' && !child.isNamed);
  return {
    source,
    bindings,
    ...(typeOnly ? { typeOnly } : {}),
    start: statement.startIndex,
    end: statement.endIndex,
  };
}

/** `const x = require('m')` (the module) and `const { a, b: c } = require('m')` (its names). */
function requiresIn(statement: Parser.SyntaxNode): ImportFact[] {
  const found: ImportFact[] = [];
  for (const declarator of statement.namedChildren) {
    const value = declarator.childForFieldName('value');
    const name = declarator.childForFieldName('name');
    if (value?.type !== 'call_expression' || value.childForFieldName('function')?.text !== 'require')
      continue;
    const source = stringValue(value.childForFieldName('arguments')?.firstNamedChild ?? null);
    if (source === undefined || !name) continue;
    const bindings: ImportBinding[] = [];
    if (name.type === 'identifier') bindings.push({ local: name.text, imported: '*' });
    else if (name.type === 'object_pattern') {
      for (const property of name.namedChildren) {
        if (property.type === 'shorthand_property_identifier_pattern')
          bindings.push({ local: property.text, imported: property.text });
        else if (property.type === 'pair_pattern') {
          const key = property.childForFieldName('key');
          const local = property.childForFieldName('value');
          if (key && local?.type === 'identifier') bindings.push({ local: local.text, imported: key.text });
        }
      }
    }
    found.push({ source, bindings, start: statement.startIndex, end: statement.endIndex });
  }
  return found;
}

function reExportOf(statement: Parser.SyntaxNode, source: string): ReExportFact {
  const range = { start: statement.startIndex, end: statement.endIndex };
  const clause = statement.namedChildren.find((child) => child.type === 'export_clause');
  const namespace = statement.namedChildren.find((child) => child.type === 'namespace_export');
  if (namespace) {
    const name = namespace.namedChildren.find(
      (child) => child.type === 'identifier' || child.type === 'string',
    );
    return { source, names: name ? [{ exported: name.text, imported: '*' }] : [], ...range };
  }
  if (!clause) return { source, names: [], star: true, ...range };
  return {
    source,
    names: specifiersOf(clause).map(({ name, local }) => ({ exported: name, imported: local })),
    ...range,
  };
}

function exportsOf(statement: Parser.SyntaxNode): ExportFact[] {
  const range = { start: statement.startIndex, end: statement.endIndex };
  const isDefault = statement.children.some((child) => !child.isNamed && child.type === 'default');
  const declaration = statement.childForFieldName('declaration');
  if (declaration) {
    const names = declaredNames(declaration);
    if (isDefault) return [{ name: 'default', ...(names[0] ? { local: names[0] } : {}), ...range }];
    return names.map((name) => ({ name, local: name, ...range }));
  }
  const clause = statement.namedChildren.find((child) => child.type === 'export_clause');
  if (clause) return specifiersOf(clause).map((specifier) => ({ ...specifier, ...range }));
  // `export default <expression>` and `export = X`.
  const value =
    statement.childForFieldName('value') ??
    statement.namedChildren.find((child) => child.type === 'identifier');
  if (!value) return [];
  return [{ name: 'default', ...(value.type === 'identifier' ? { local: value.text } : {}), ...range }];
}

function specifiersOf(clause: Parser.SyntaxNode): { name: string; local: string }[] {
  return clause.namedChildren.flatMap((specifier) => {
    const name = specifier.childForFieldName('name');
    if (specifier.type !== 'export_specifier' || !name) return [];
    const alias = specifier.childForFieldName('alias');
    return [{ name: (alias ?? name).text, local: name.text }];
  });
}

/** The names a declaration after `export` binds. */
function declaredNames(declaration: Parser.SyntaxNode): string[] {
  if (declaration.type === 'lexical_declaration' || declaration.type === 'variable_declaration')
    return declaration.namedChildren.flatMap((declarator) => {
      const name = declarator.childForFieldName('name');
      return name?.type === 'identifier' ? [name.text] : [];
    });
  if (declaration.type === 'ambient_declaration')
    return declaration.namedChildren.flatMap((inner) => declaredNames(inner));
  const name = declaration.childForFieldName('name');
  return name ? [name.text] : [];
}

function stringValue(node: Parser.SyntaxNode | null): string | undefined {
  if (node?.type !== 'string') return undefined;
  return node.namedChildren.find((child) => child.type === 'string_fragment')?.text ?? '';
}

const CLASS_NODES = new Set(['class_declaration', 'abstract_class_declaration', 'class']);

function classesOf(units: readonly CodeUnit[], bindings: FoundBindings): ClassFact[] {
  const classes: ClassFact[] = [];
  const unitAt = unitIndexByName(units);
  units.forEach((unit, index) => {
    const node = unit.node;
    const isInterface = node.type === 'interface_declaration';
    if (!isInterface && !CLASS_NODES.has(node.type)) return;
    const body = node.childForFieldName('body');
    const declared: MemberFact[] = [];
    for (const member of body?.namedChildren ?? []) declared.push(...membersOf(member, unitAt));
    const { bases, implemented } = heritageOf(node);
    classes.push({
      name: unit.name,
      kind: isInterface ? 'interface' : 'class',
      unit: index,
      bases,
      implements: implemented,
      members: mergeMembers(declared, bindings.attributes.get(index) ?? []),
    });
  });
  return classes;
}

function membersOf(
  member: Parser.SyntaxNode,
  unitAt: (nameStart: number) => number | undefined,
): MemberFact[] {
  const name = member.childForFieldName('name') ?? member.childForFieldName('property');
  if (!name) return [];
  const range = { start: member.startIndex, end: member.endIndex };
  const keywords = new Set(member.children.filter((child) => !child.isNamed).map((child) => child.type));
  const isStatic = keywords.has('static') ? { static: true } : {};
  const unit = unitAt(name.startIndex);
  const withUnit = unit === undefined ? {} : { unit };
  switch (member.type) {
    case 'method_definition':
    case 'method_signature':
    case 'abstract_method_signature': {
      const returned = member.childForFieldName('return_type');
      const returns = returned ? typeText(returned) : undefined;
      const kind: MemberKind =
        name.text === 'constructor'
          ? 'constructor'
          : keywords.has('get')
            ? 'getter'
            : keywords.has('set')
              ? 'setter'
              : 'method';
      const members: MemberFact[] = [
        {
          name: name.text,
          kind,
          ...isStatic,
          ...(returns ? (kind === 'getter' ? { type: returns } : { returns }) : {}),
          ...withUnit,
          ...range,
        },
      ];
      if (kind === 'constructor') members.push(...parameterProperties(member));
      return members;
    }
    case 'public_field_definition':
    case 'field_definition':
    case 'property_signature': {
      const type = member.childForFieldName('type');
      const value = member.childForFieldName('value');
      const init = value ? constructed(value) : undefined;
      return [
        {
          name: name.text,
          kind: 'field',
          ...isStatic,
          ...(type ? { type: typeText(type) } : {}),
          ...(init ? { init } : {}),
          ...withUnit,
          ...range,
        },
      ];
    }
    default:
      return [];
  }
}

/** `constructor(private readonly s: Subscriber<T>)`: a parameter with a modifier is a field too. */
function parameterProperties(constructorNode: Parser.SyntaxNode): MemberFact[] {
  const parameters = constructorNode.childForFieldName('parameters')?.namedChildren ?? [];
  return parameters.flatMap((parameter) => {
    const pattern = parameter.childForFieldName('pattern');
    const modified =
      parameter.namedChildren.some(
        (child) => child.type === 'accessibility_modifier' || child.type === 'override_modifier',
      ) || parameter.children.some((child) => child.type === 'readonly');
    if (!modified || pattern?.type !== 'identifier') return [];
    const type = parameter.childForFieldName('type');
    return [
      {
        name: pattern.text,
        kind: 'field' as const,
        ...(type ? { type: typeText(type) } : {}),
        start: parameter.startIndex,
        end: parameter.endIndex,
      },
    ];
  });
}

/** What a class extends and implements, or an interface extends, type arguments cut off. */
function heritageOf(node: Parser.SyntaxNode): { bases: string[]; implemented: string[] } {
  const bases: string[] = [];
  const implemented: string[] = [];
  const typeName = (type: Parser.SyntaxNode) =>
    type.type === 'generic_type' ? (type.childForFieldName('name')?.text ?? type.text) : type.text;
  for (const child of node.namedChildren) {
    if (child.type === 'class_heritage') {
      for (const clause of child.namedChildren) {
        if (clause.type === 'extends_clause')
          bases.push(...clause.childrenForFieldName('value').map((value) => value.text));
        else if (clause.type === 'implements_clause') implemented.push(...clause.namedChildren.map(typeName));
        // JavaScript: `class A extends B` holds the expression directly.
        else bases.push(clause.text);
      }
    } else if (child.type === 'extends_type_clause')
      bases.push(...child.childrenForFieldName('type').map(typeName));
  }
  return { bases, implemented };
}
