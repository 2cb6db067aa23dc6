import type { CodeUnit } from '../../syntax/code-units.js';
import { docAnchorIndex } from '../../syntax/doc-comments.js';
import type { SyntaxDocument } from '../../syntax/syntax-document.js';
import type { OffsetEdit } from '../edits/unit-edit.js';
import {
  COMMENT_SHAPES,
  type CommentDocStyle,
  commentRunStart,
  commentSkeleton,
  prefixedLines,
} from './doc-conventions.js';

export type DocStyle = 'google' | 'rest' | 'numpy' | 'jsdoc' | CommentDocStyle;

/**
 * The documentation style of the file: Python's Google, reST or NumPy, whichever it already uses; the
 * language's own convention elsewhere (JSDoc, Go doc comments, rustdoc, Javadoc, Doxygen, YARD, XML doc).
 */
export function prevailingStyle(document: SyntaxDocument): DocStyle {
  const convention = document.language?.spec.docs ?? 'jsdoc';
  if (convention !== 'python') return convention;
  const docs = document.units().map((unit) => unit.docstring ?? '');
  if (docs.some((doc) => /^\s*:param\b/m.test(doc))) return 'rest';
  if (docs.some((doc) => /^\s*-{3,}\s*$/m.test(doc))) return 'numpy';
  return 'google';
}

/** Parameter names as a caller passes them (no types, defaults, `self`/`cls`, TS modifiers or `...`). */
export function parameterNames(unit: CodeUnit): string[] {
  return unit.parameters
    .map((parameter) => {
      // A TS parameter property (`private readonly prices: …`) is documented by its name alone.
      const bare = parameter.trim().replace(/^(?:(?:public|private|protected|readonly|override)\s+)+/, '');
      if (bare.startsWith('{')) return 'options';
      return (bare.split(/[:=]/)[0] ?? '')
        .trim()
        .replace(/^\.\.\./, '')
        .replace(/\?$/, '');
    })
    .filter((name) => name !== '' && name !== 'self' && name !== 'cls' && name !== '*' && name !== '/');
}

/**
 * An honest skeleton from the signature alone (offline): every parameter listed, every description a
 * TODO — nothing pretends to know what the code does.
 */
export function skeletonDoc(unit: CodeUnit, style: DocStyle): string {
  const names = parameterNames(unit);
  // Constructors return nothing to document, annotated or not.
  const returns =
    unit.kind !== 'class' &&
    unit.name !== 'constructor' &&
    unit.name !== '__init__' &&
    !/\)\s*(->\s*None|:\s*void)\s*$/.test(unit.signature);
  const summary = `TODO: describe what \`${unit.name}\` does.`;
  switch (style) {
    case 'go':
    case 'rustdoc':
    case 'javadoc':
    case 'doxygen':
    case 'yard':
    case 'xmldoc':
      return commentSkeleton(unit, style);
    case 'jsdoc':
      return [
        summary,
        ...names.map((name) => `@param ${name} - TODO`),
        ...(returns ? ['@returns TODO'] : []),
      ].join('\n');
    case 'rest':
      return [
        summary,
        '',
        ...names.map((name) => `:param ${name}: TODO`),
        ...(returns ? [':returns: TODO'] : []),
      ].join('\n');
    case 'numpy':
      return [
        summary,
        ...(names.length
          ? ['', 'Parameters', '----------', ...names.flatMap((name) => [name, '    TODO'])]
          : []),
        ...(returns ? ['', 'Returns', '-------', 'TODO'] : []),
      ].join('\n');
    case 'google':
      return [
        summary,
        ...(names.length ? ['', 'Args:', ...names.map((name) => `    ${name}: TODO`)] : []),
        ...(returns ? ['', 'Returns:', '    TODO'] : []),
      ].join('\n');
  }
}

/**
 * The edit that puts `doc` on a unit: a Python docstring as the body's first statement, or the
 * language's doc comment above the declaration (a `/** *\/` block, or `//`, `///`, `#` lines); an
 * existing one is replaced.
 */
export function docstringEdit(document: SyntaxDocument, unit: CodeUnit, doc: string): OffsetEdit {
  const text = document.text;
  const lines = doc.replace(/\r\n/g, '\n').trim().split('\n');
  if (document.language?.spec.name === 'python') {
    const body = unit.bodyStartIndex;
    if (body === undefined || text.lastIndexOf('\n', body) < unit.startIndex) {
      throw new Error(`\`${unit.name}\` has its body on its own line; put it on the next line first`);
    }
    const lineStart = text.lastIndexOf('\n', body - 1) + 1;
    const indent = text.slice(lineStart, body);
    const quoted =
      lines.length === 1
        ? `"""${lines[0]}"""`
        : `"""${lines[0]}\n${lines
            .slice(1)
            .map((line) => (line ? indent + line : ''))
            .join('\n')}\n${indent}"""`;
    const existing = unit.docstring === undefined ? undefined : /^("""|''')[\s\S]*?\1/.exec(text.slice(body));
    if (existing) return { startIndex: body, endIndex: body + existing[0].length, newText: quoted };
    return { startIndex: lineStart, endIndex: lineStart, newText: `${indent}${quoted}\n` };
  }
  const anchor = document.tree ? docAnchorIndex(document.tree, unit.startIndex) : unit.startIndex;
  const lineStart = text.lastIndexOf('\n', anchor - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '';
  const shape = COMMENT_SHAPES[prevailingStyle(document) as keyof typeof COMMENT_SHAPES] ?? { block: true };
  if (!shape.block) {
    const comment = `${prefixedLines(lines, indent, shape.prefix)}\n`;
    const existing =
      unit.docstring === undefined ? undefined : commentRunStart(text, lineStart, shape.prefix);
    return { startIndex: existing ?? lineStart, endIndex: lineStart, newText: comment };
  }
  const block = [
    `${indent}/**`,
    ...lines.map((line) => (line ? `${indent} * ${line}` : `${indent} *`)),
    `${indent} */`,
  ].join('\n');
  const before = text.slice(0, lineStart);
  const existing = /\/\*\*[\s\S]*?\*\/[ \t]*\n$/.exec(before);
  if (existing && unit.docstring !== undefined) {
    const start = before.lastIndexOf('\n', existing.index - 1) + 1;
    return { startIndex: start, endIndex: lineStart, newText: `${block}\n` };
  }
  // Doxygen also reads `///` lines: those give way to the block.
  const tripleSlashRun = unit.docstring === undefined ? undefined : commentRunStart(text, lineStart, '///');
  if (tripleSlashRun !== undefined)
    return { startIndex: tripleSlashRun, endIndex: lineStart, newText: `${block}\n` };
  return { startIndex: lineStart, endIndex: lineStart, newText: `${block}\n` };
}
