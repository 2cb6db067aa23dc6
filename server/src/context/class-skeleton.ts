import type Parser from 'tree-sitter';
import { bodyOf, type CodeUnit } from '../syntax/code-units.js';
import type { DocConvention } from '../syntax/languages.js';
import type { SyntaxDocument } from '../syntax/syntax-document.js';

/** A docstring in a skeleton is its first sentence, cut here: the summary, not the examples. */
const MAX_DOC_CHARS = 100;
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

/** What a skeleton shows beside the class's header, docstring and fields. */
export interface SkeletonOptions {
  /** Members shown by their docstring and signature (and body, when short): the members the code calls. */
  readonly shown?: ReadonlySet<CodeUnit>;
  /** Only the members in `shown`: a class the code calls methods on but does not construct. */
  readonly calledOnly?: boolean;
  /** Leaves out what code outside the class does not call (`private`, `protected`, `#x`, `@internal`, `_x`). */
  readonly publicOnly?: boolean;
  /** A member not to name at all: the unit being explained, already shown whole. */
  readonly omit?: CodeUnit;
}

/**
 * A class (interface, struct, trait) as a model needs it when the code only uses it: its header and
 * docstring summary, its fields as declared, its constructor's signature, the members the code calls
 * (docstring summary and signature; the body too when short), and the other members by name alone.
 * A whole class pulled in for one constructor call cost 18.5K characters (rxjs' Observable); with every
 * member's signature and docstring it still cost 2.3K; by name, the members the code does not call
 * say what else the class offers in one line.
 */
export function classSkeleton(
  document: SyntaxDocument,
  type: CodeUnit,
  options: SkeletonOptions = {},
): string {
  const { shown = new Set<CodeUnit>(), calledOnly = false, publicOnly = false, omit } = options;
  const python = document.language?.spec.name === 'python';
  const docs = document.language?.spec.docs ?? 'jsdoc';
  const units = document.units();
  const index = units.indexOf(type);
  const members = units.filter((candidate) => candidate.parentIndex === index);
  const indent = python ? '    ' : '  ';
  const lines: string[] = [];
  const overloads = overloadCounts(members);
  const listed = new Set<string>();
  const others: string[] = [];
  const shownNames = new Set([...shown].map((member) => member.name));
  const typeSummary = summaryOf(type.docstring);
  for (const child of bodyChildren(type)) {
    const member = members.find(
      (candidate) => candidate.startIndex <= child.endIndex && candidate.endIndex >= child.startIndex,
    );
    if (member) {
      const called = shown.has(member);
      // Overloads: the one the code calls, else the first, stands for all.
      if (member === omit || listed.has(member.name) || (!called && shownNames.has(member.name))) continue;
      const initializer = !calledOnly && isConstructor(member, type);
      if (!called && !initializer) {
        if (!calledOnly && !(publicOnly && isPrivate(member, python))) {
          listed.add(member.name);
          others.push(declaresType(member) || !isCallable(member) ? member.name : `${member.name}()`);
        }
        continue;
      }
      listed.add(member.name);
      const more = (overloads.get(member.name) ?? 1) - 1;
      if (more > 0 && !called)
        lines.push(`${indent}${python ? '#' : '//'} ${member.name}: ${more + 1} overloads, the first:`);
      if (called && member.bodyStartIndex !== undefined && isShort(member, document))
        lines.push(...wholeMember(member, type, document, docs, indent, typeSummary));
      else lines.push(...memberLines(member, document, python, docs, indent, typeSummary));
      continue;
    }
    const field = fieldText(child, python);
    if (!field || calledOnly || (publicOnly && /^(private|protected|#)|^_[^_]/.test(field))) continue;
    lines.push(`${indent}${field}${python ? '' : terminator(child, document)}`);
  }
  if (others.length > 0) lines.push(`${indent}${python ? '#' : '//'} also: ${others.join(', ')}`);
  // A class the code only calls methods on is there for those methods: its own docstring is not.
  const summary = calledOnly ? undefined : typeSummary;
  if (python) {
    const doc = summary ? [`${indent}${pythonDoc(summary)}`] : [];
    const body = [...doc, ...lines];
    return [`${type.signature}:`, ...(body.length > 0 ? body : [`${indent}...`])].join('\n');
  }
  const doc = summary ? [docComment(summary, docs)] : [];
  return [...doc, `${type.signature} {`, ...lines, '}'].join('\n');
}

/** A member that is a type (a nested class, interface or enum): named without `()`. */
function declaresType(unit: CodeUnit): boolean {
  return unit.kind === 'class' || unit.kind === 'interface' || unit.kind === 'enum';
}

function isCallable(unit: CodeUnit): boolean {
  return unit.kind === 'function' || unit.kind === 'method';
}

/** TS/JS `constructor`, Python's `__init__`, a Java/C#/C++ constructor named after its class. */
function isConstructor(member: CodeUnit, type: CodeUnit): boolean {
  return member.name === 'constructor' || member.name === '__init__' || member.name === type.name;
}

/** How many declarations each member name has (TypeScript overloads, Python's @overload). */
function overloadCounts(members: readonly CodeUnit[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const member of members) counts.set(member.name, (counts.get(member.name) ?? 0) + 1);
  return counts;
}

/**
 * What code outside the class does not call: `private`, `protected` and `#x` members, those documented
 * `@internal`, Python's `_x` (not `__init__`).
 */
function isPrivate(member: CodeUnit, python: boolean): boolean {
  if (python) return /^_[^_]|^__\w*[^_]$|^_$/.test(member.name);
  return (
    /^(private\s|protected\s|#)/.test(member.signature) ||
    member.name.startsWith('#') ||
    /^\s*@internal\b/m.test(member.docstring ?? '')
  );
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
  classSummary?: string,
): string[] {
  const summary = ownSummary(member, classSummary);
  if (python) {
    const decorators = pythonDecorators(member, document).map((line) => `${indent}${line}`);
    if (!summary) return [...decorators, `${indent}${member.signature}: ...`];
    // `...` after the docstring: a body of a docstring alone would read as a function returning None.
    // The body one level in from the `def`, whatever the `def`'s own indentation (none for a function).
    const body = `${indent}    `;
    return [...decorators, `${indent}${member.signature}:`, `${body}${pythonDoc(summary)}`, `${body}...`];
  }
  const doc = summary ? [`${indent}${docComment(summary, docs)}`] : [];
  const signature = member.signature.endsWith(';') ? member.signature : `${member.signature};`;
  return [...doc, `${indent}${signature}`];
}

/**
 * Lines of a callee past which the prompt shows its declaration alone: a one- or two-statement helper
 * says what it does best by its code; a longer one by its contract. At 8 lines, callee bodies were a
 * third of rxjs' explain prompts, and the explanation is of the unit, not of what it calls.
 */
export const MAX_WHOLE_CALLEE_LINES = 4;

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
  classSummary: string | undefined,
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
  const summary = docs === 'python' ? undefined : ownSummary(member, classSummary);
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

/** Cut at a word's end where there is one. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const space = text.lastIndexOf(' ', max - 1);
  return `${text.slice(0, space > max / 2 ? space : max - 1)}…`;
}

/** A member's summary, unless it only repeats its class's (a deprecation on both, say). */
function ownSummary(member: CodeUnit, classSummary: string | undefined): string | undefined {
  const summary = summaryOf(member.docstring);
  return summary === classSummary ? undefined : summary;
}

/**
 * A docstring's summary on one line: its first sentence, before any block tag (`@param`, `:param`),
 * with `{@link X}` read as `X`, cut to MAX_DOC_CHARS. A docstring that is only a deprecation says so.
 */
export function summaryOf(docstring: string | undefined): string | undefined {
  if (!docstring) return undefined;
  const text = docstring.replace(/\{@link(?:code|plain)?\s+([^}|\s]+)[^}]*\}/g, '$1');
  const prose =
    text
      .split(/\n\s*\n|^\s*[@:](?=\w)/m)[0]
      ?.replace(/\s+/g, ' ')
      .trim() ?? '';
  const deprecation = /^\s*@deprecated\b([\s\S]*?)(?=^\s*@\w|\n\s*\n|(?![\s\S]))/m
    .exec(text)?.[1]
    ?.replace(/\s+/g, ' ')
    .trim();
  const sentence = firstSentence(prose || (deprecation ?? ''));
  const summary = prose || deprecation === undefined ? sentence : `Deprecated. ${sentence}`;
  return summary.trim() ? cut(summary.trim(), MAX_DOC_CHARS) : undefined;
}

function firstSentence(text: string): string {
  return /^.*?[.!?](?=\s|$)/.exec(text)?.[0] ?? text;
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
