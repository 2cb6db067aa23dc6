import type Parser from 'tree-sitter';
import { bodyOf, type CodeUnit } from '../syntax/code-units.js';
import { docCommentBefore } from '../syntax/doc-comments.js';
import type { DocConvention } from '../syntax/languages.js';
import type { SyntaxDocument } from '../syntax/syntax-document.js';

/** A docstring in a skeleton is its first paragraph, cut here: the summary, not the examples. */
const MAX_DOC_CHARS = 160;
/** A field shows its declaration's first line, cut here (a long initialiser is not the field's type). */
const MAX_FIELD_CHARS = 160;

// Declarations in a class body that state a field: TS/JS fields and index signatures, Java/C# fields
// and properties, Go and Rust struct fields, Python's class-level assignments (see isField).
const FIELD_TYPES = new Set([
  'public_field_definition',
  'field_definition',
  'property_signature',
  'index_signature',
  'field_declaration',
  'property_declaration',
  'enum_assignment',
  'property_identifier',
]);

/**
 * A class (interface, struct, trait) as a model needs it when the code only uses it: its header and
 * docstring, its fields as declared, and each member's docstring summary and signature — no bodies.
 * A whole class pulled in for one constructor call cost 18.5K characters (rxjs' Observable); its
 * skeleton is a tenth of that and says what can be called on it. Members in `whole` (the methods the
 * code calls) are shown with their bodies when short, else as declarations; `calledOnly` shows those
 * alone (a class the code only calls methods on), `publicOnly` leaves out what only the class uses.
 */
export function classSkeleton(
  document: SyntaxDocument,
  type: CodeUnit,
  whole: ReadonlySet<CodeUnit> = new Set(),
  { publicOnly = false, calledOnly = false }: { publicOnly?: boolean; calledOnly?: boolean } = {},
): string {
  const python = document.language?.spec.name === 'python';
  const docs = document.language?.spec.docs ?? 'jsdoc';
  const units = document.units();
  const index = units.indexOf(type);
  const members = units.filter((candidate) => candidate.parentIndex === index);
  const indent = python ? '    ' : '  ';
  const lines: string[] = [];
  const overloads = overloadCounts(members);
  const listed = new Set<string>();
  for (const child of bodyChildren(type)) {
    const member = members.find(
      (candidate) => candidate.startIndex <= child.endIndex && candidate.endIndex >= child.startIndex,
    );
    if (
      member &&
      !whole.has(member) &&
      (calledOnly || listed.has(member.name) || (publicOnly && isPrivate(member, python)))
    )
      continue;
    if (member) {
      listed.add(member.name);
      const more = (overloads.get(member.name) ?? 1) - 1;
      if (more > 0 && !whole.has(member))
        lines.push(`${indent}${python ? '#' : '//'} ${member.name}: ${more + 1} overloads, the first:`);
      if (member.kind === 'class' || member.kind === 'interface' || member.kind === 'enum') {
        lines.push(`${indent}${member.signature}${python ? ': ...' : ' { … }'}`);
        continue;
      }
      if (whole.has(member) && isShort(member, document))
        lines.push(...wholeMember(member, type, document, docs, indent));
      else lines.push(...memberLines(member, document, python, docs, indent));
      continue;
    }
    const field = fieldText(child, python);
    if (!field || calledOnly || (publicOnly && /^(private|#)|^_[^_]/.test(field))) continue;
    const doc = python ? undefined : summaryOf(docCommentBefore(child, docs));
    if (doc) lines.push(`${indent}${docComment(doc, docs)}`);
    lines.push(`${indent}${field}${python ? '' : terminator(child, document)}`);
  }
  const summary = summaryOf(type.docstring);
  if (python) {
    const doc = summary ? [`${indent}${pythonDoc(summary)}`] : [];
    const body = [...doc, ...lines];
    return [`${type.signature}:`, ...(body.length > 0 ? body : [`${indent}...`])].join('\n');
  }
  const doc = summary ? [docComment(summary, docs)] : [];
  return [...doc, `${type.signature} {`, ...lines, '}'].join('\n');
}

/** How many declarations each member name has (TypeScript overloads, Python's @overload). */
function overloadCounts(members: readonly CodeUnit[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const member of members) counts.set(member.name, (counts.get(member.name) ?? 0) + 1);
  return counts;
}

/** What only the class itself uses: `private` and `#x` members, Python's `_x` (not `__init__`). */
function isPrivate(member: CodeUnit, python: boolean): boolean {
  if (python) return /^_[^_]|^__\w*[^_]$|^_$/.test(member.name);
  return /^(private\s|#)/.test(member.signature) || member.name.startsWith('#');
}

/** The statements of a class's body in order (Python's block, a class_body, a struct's field list). */
function bodyChildren(type: CodeUnit): Parser.SyntaxNode[] {
  const body = bodyOf(type.node);
  return body ? body.namedChildren : [];
}

/**
 * A function or method as its declaration alone: its docstring summary and signature, no body (for a
 * callee too long to show whole).
 */
export function declarationOnly(document: SyntaxDocument, unit: CodeUnit): string {
  const python = document.language?.spec.name === 'python';
  return memberLines(unit, document, python, document.language?.spec.docs ?? 'jsdoc', '').join('\n');
}

function memberLines(
  member: CodeUnit,
  document: SyntaxDocument,
  python: boolean,
  docs: DocConvention,
  indent: string,
): string[] {
  const summary = summaryOf(member.docstring);
  if (python) {
    const decorators = pythonDecorators(member, document).map((line) => `${indent}${line}`);
    if (!summary) return [...decorators, `${indent}${member.signature}: ...`];
    return [...decorators, `${indent}${member.signature}:`, `${indent}${indent}${pythonDoc(summary)}`];
  }
  const doc = summary ? [`${indent}${docComment(summary, docs)}`] : [];
  const signature = member.signature.endsWith(';') ? member.signature : `${member.signature};`;
  return [...doc, `${indent}${signature}`];
}

/**
 * Lines of a callee past which the prompt shows its declaration alone: a short helper says what it does
 * best by its code; a long one by its contract, and its body would outweigh the code being explained.
 */
export const MAX_WHOLE_CALLEE_LINES = 8;

/** Whether a callee is short enough to show whole. */
export function isShort(unit: CodeUnit, document: SyntaxDocument): boolean {
  let lines = 1;
  for (
    let at = document.text.indexOf('\n', unit.startIndex);
    at !== -1 && at < unit.endIndex;
    at = document.text.indexOf('\n', at + 1)
  )
    lines++;
  return lines <= MAX_WHOLE_CALLEE_LINES;
}

/** A member as the file has it, its docstring summary above, indented as in the class. */
function wholeMember(
  member: CodeUnit,
  type: CodeUnit,
  document: SyntaxDocument,
  docs: DocConvention,
  indent: string,
): string[] {
  const text = document.text;
  const lineStart = text.lastIndexOf('\n', member.startIndex - 1) + 1;
  const classIndent = text.slice(text.lastIndexOf('\n', type.startIndex - 1) + 1, type.startIndex);
  const code = text
    .slice(lineStart, member.endIndex)
    .split('\n')
    .map((line) =>
      /^[ \t]*$/.test(classIndent) && line.startsWith(classIndent) ? line.slice(classIndent.length) : line,
    );
  const summary = docs === 'python' ? undefined : summaryOf(member.docstring);
  return [...(summary ? [`${indent}${docComment(summary, docs)}`] : []), ...code];
}

/** What ends a field in a body of braces: `;` in most languages, `,` in an enum and a Rust struct, nothing in Go. */
function terminator(node: Parser.SyntaxNode, document: SyntaxDocument): string {
  const language = document.language?.spec.name;
  if (language === 'go' || node.text.trimEnd().endsWith(';')) return '';
  if (language === 'rust' || node.type === 'enum_assignment' || node.type === 'property_identifier')
    return ',';
  return ';';
}

// @property, @staticmethod, @classmethod change how a member is called: kept, one line each.
function pythonDecorators(member: CodeUnit, document: SyntaxDocument): string[] {
  const header = document.text.slice(member.startIndex, member.node.startIndex);
  return header
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('@'))
    .map((line) => cut(line, MAX_FIELD_CHARS));
}

/** A field's declaration as written, on one line; undefined for what is not a field. */
function fieldText(node: Parser.SyntaxNode, python: boolean): string | undefined {
  if (python) {
    // `x: int = 0`, `objects = Manager()`: an assignment at class level. A docstring or a bare call is not.
    const assignment = node.type === 'expression_statement' ? node.firstNamedChild : null;
    if (assignment?.type !== 'assignment') return undefined;
    return cut(firstLine(assignment.text), MAX_FIELD_CHARS);
  }
  if (!FIELD_TYPES.has(node.type)) return undefined;
  const text = firstLine(node.text);
  return cut(text, MAX_FIELD_CHARS);
}

function firstLine(text: string): string {
  const newline = text.indexOf('\n');
  return newline === -1 ? text.trim() : `${text.slice(0, newline).trim()} …`;
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** A docstring's first paragraph on one line, cut to MAX_DOC_CHARS. */
function summaryOf(docstring: string | undefined): string | undefined {
  if (!docstring) return undefined;
  const paragraph = docstring
    .split(/\n\s*\n/)[0]
    ?.replace(/\s+/g, ' ')
    .trim();
  return paragraph ? cut(paragraph, MAX_DOC_CHARS) : undefined;
}

function pythonDoc(summary: string): string {
  return `"""${summary.replace(/"""/g, '\\"\\"\\"')}"""`;
}

function docComment(summary: string, docs: DocConvention): string {
  switch (docs) {
    case 'go':
      return `// ${summary}`;
    case 'rustdoc':
    case 'xmldoc':
      return `/// ${summary}`;
    case 'yard':
      return `# ${summary}`;
    default:
      return `/** ${summary.replace(/\*\//g, '* /')} */`;
  }
}
