import type Parser from 'tree-sitter';
import type { ImportStatement } from './calls-and-imports.js';
import { type CodeUnit, unitAt } from './code-units.js';
import type { SyntaxDocument } from './syntax-document.js';

/** What the cursor is on, resolved structurally (no type analysis). */
export type SymbolTarget =
  | {
      readonly kind: 'unit';
      readonly unit: CodeUnit;
      /** How the cursor reached it: on its declaration, on a call of it, or on another mention. */
      readonly via: 'declaration' | 'call' | 'reference';
    }
  | { readonly kind: 'import'; readonly name: string; readonly statement: ImportStatement };

const NAME_TYPES = new Set([
  'identifier',
  'property_identifier',
  'type_identifier',
  'shorthand_property_identifier',
  'private_property_identifier',
]);
const CALL_TYPES = new Set(['call_expression', 'call', 'new_expression']);

/**
 * Resolves the symbol at an offset: a unit by its declaration or by name (a call of a function defined
 * in the same file resolves to it), an imported name to its import, and a position in a unit's header
 * to that unit.
 */
export function symbolAt(document: SyntaxDocument, offset: number): SymbolTarget | undefined {
  const tree = document.tree;
  if (!tree) return undefined;
  const units = document.units();
  const name = nameNodeAt(tree, offset);
  if (name) {
    const declared = units.find((unit) => unit.nameStartIndex === name.startIndex);
    if (declared) return { kind: 'unit', unit: declared, via: 'declaration' };
    const unit = resolveByName(units, name.text, offset);
    if (unit) return { kind: 'unit', unit, via: isCallee(name) ? 'call' : 'reference' };
    const statement = document.imports().find((candidate) => candidate.locals.includes(name.text));
    if (statement) return { kind: 'import', name: name.text, statement };
  }
  const enclosing = unitAt(units, offset);
  if (
    enclosing &&
    offset < (enclosing.bodyStartIndex ?? enclosing.endIndex) &&
    offset <= headerEndOf(document.text, enclosing)
  ) {
    return { kind: 'unit', unit: enclosing, via: 'declaration' };
  }
  return undefined;
}

/**
 * Where a unit's header ends: its last character before the body, whitespace excluded. A Python block
 * starts at its first statement, so without this the newline, blank lines and indentation after `def
 * f():` would count as the header.
 */
function headerEndOf(text: string, unit: CodeUnit): number {
  let end = unit.bodyStartIndex ?? unit.endIndex;
  while (end > unit.startIndex && /\s/.test(text[end - 1] ?? '')) end--;
  return end;
}

// The identifier under the cursor, or just before it: editors put the cursor after a word as often as on it.
function nameNodeAt(tree: Parser.Tree, offset: number): Parser.SyntaxNode | undefined {
  for (const candidate of [offset, offset - 1]) {
    if (candidate < 0) continue;
    const node = tree.rootNode.descendantForIndex(candidate);
    if (NAME_TYPES.has(node.type) && node.startIndex <= offset && offset <= node.endIndex) return node;
  }
  return undefined;
}

/**
 * The unit a name most likely refers to: among units of that name, the innermost one whose enclosing
 * unit also encloses the use (a sibling method, a nested helper), else a top-level one, else any.
 */
function resolveByName(units: readonly CodeUnit[], name: string, offset: number): CodeUnit | undefined {
  const candidates = units.filter((unit) => unit.name === name);
  if (candidates.length <= 1) return candidates[0];
  const inScope = candidates.filter((unit) => {
    if (unit.parentIndex === undefined) return false;
    const parent = units[unit.parentIndex];
    return parent !== undefined && parent.startIndex <= offset && offset <= parent.endIndex;
  });
  const innermost = inScope.sort((a, b) => b.startIndex - a.startIndex)[0];
  return innermost ?? candidates.find((unit) => unit.parentIndex === undefined) ?? candidates[0];
}

function isCallee(name: Parser.SyntaxNode): boolean {
  const parent = name.parent;
  if (!parent) return false;
  if (CALL_TYPES.has(parent.type)) return parent.firstNamedChild?.id === name.id;
  // obj.method(…) / obj.method(…) in Python: the name is the property of the called member.
  const grandparent = parent.parent;
  return (
    (parent.type === 'member_expression' || parent.type === 'attribute') &&
    grandparent !== null &&
    CALL_TYPES.has(grandparent.type) &&
    grandparent.firstNamedChild?.id === parent.id
  );
}
