import { type CodeUnit, parameterNamesOf } from '../../syntax/code-units.js';

/** The doc comment conventions of the languages beyond JS/TS and Python. */
export type CommentDocStyle = 'go' | 'rustdoc' | 'javadoc' | 'doxygen' | 'yard' | 'xmldoc';

/** How each convention writes its comment: a `/** … *\/` block, or a prefix on every line. */
export const COMMENT_SHAPES: Record<
  CommentDocStyle | 'jsdoc',
  { block: true } | { block: false; prefix: string }
> = {
  jsdoc: { block: true },
  javadoc: { block: true },
  doxygen: { block: true },
  go: { block: false, prefix: '//' },
  rustdoc: { block: false, prefix: '///' },
  xmldoc: { block: false, prefix: '///' },
  yard: { block: false, prefix: '#' },
};

/** How the prompt names each convention. */
export const COMMENT_STYLE_NAMES: Record<CommentDocStyle, string> = {
  go: 'Go doc comment (starting with the name, no markup)',
  rustdoc: 'rustdoc (Markdown, with `# Arguments` and `# Returns` sections when useful)',
  javadoc: 'Javadoc with @param and @return',
  doxygen: 'Doxygen with @brief, @param and @return',
  yard: 'YARD with @param [Type] and @return [Type]',
  xmldoc: 'C# XML documentation comment (<summary>, <param name="…">, <returns>)',
};

/** The skeleton in a comment convention, as lines without comment markers. */
export function commentSkeleton(unit: CodeUnit, style: CommentDocStyle): string {
  const names = unit.kind === 'class' || unit.kind === 'interface' ? [] : parameterNamesOf(unit.node);
  const returns = returnsSomething(unit);
  const summary = `TODO: describe what \`${unit.name}\` does.`;
  switch (style) {
    case 'go':
      // Go doc comments are sentences that begin with the name they document.
      return `${unit.name} TODO: describe what it does.`;
    case 'rustdoc':
      return [
        summary,
        ...(names.length ? ['', '# Arguments', '', ...names.map((name) => `* \`${name}\` - TODO`)] : []),
        ...(returns ? ['', '# Returns', '', 'TODO'] : []),
      ].join('\n');
    case 'javadoc':
    case 'doxygen':
      return [
        style === 'doxygen' ? `@brief ${summary}` : summary,
        ...(names.length || returns ? [''] : []),
        ...names.map((name) => `@param ${name} TODO`),
        ...(returns ? ['@return TODO'] : []),
      ].join('\n');
    case 'yard':
      return [
        summary,
        ...(names.length || returns ? [''] : []),
        ...names.map((name) => `@param ${name} [Object] TODO`),
        ...(returns ? ['@return [Object] TODO'] : []),
      ].join('\n');
    case 'xmldoc':
      return [
        '<summary>',
        summary,
        '</summary>',
        ...names.map((name) => `<param name="${name}">TODO</param>`),
        ...(returns ? ['<returns>TODO</returns>'] : []),
      ].join('\n');
  }
}

// The fields that hold a function's result type in each grammar (Go `result`, Rust `return_type`,
// Java/C/C++ `type`, C# `returns`). Ruby declares none: every method returns something.
const RESULT_FIELDS = ['result', 'return_type', 'type', 'returns'];

function returnsSomething(unit: CodeUnit): boolean {
  if (unit.kind !== 'function' && unit.kind !== 'method') return false;
  const node = unit.node;
  if (node.type === 'method') return unit.name !== 'initialize'; // Ruby
  const result = RESULT_FIELDS.map((field) => node.childForFieldName(field)).find(Boolean);
  return result !== undefined && result !== null && result.text !== 'void';
}

/** Lines of a doc comment, each with the convention's prefix (an empty line keeps the bare prefix). */
export function prefixedLines(lines: readonly string[], indent: string, prefix: string): string {
  return lines.map((line) => (line ? `${indent}${prefix} ${line}` : `${indent}${prefix}`)).join('\n');
}

/** The start of the run of `prefix` comment lines ending right before `lineStart`, if there is one. */
export function commentRunStart(text: string, lineStart: number, prefix: string): number | undefined {
  let start: number | undefined;
  for (let end = lineStart; end > 0; ) {
    const from = text.lastIndexOf('\n', end - 2) + 1;
    const line = text.slice(from, end).trim();
    if (!line.startsWith(prefix) || line[prefix.length] === prefix[prefix.length - 1]) break;
    start = from;
    end = from;
  }
  return start;
}

/** A model's doc text without the comment markers it added anyway. */
export function withoutMarkers(doc: string, prefix: string | undefined): string {
  const bare = doc.replace(/^\s*(\/\*\*|"""|''')|(\*\/|"""|''')\s*$/g, '');
  // A block the model wrote whole (`/**`, ` * …`, ` */`) loses its ` * ` margin too.
  if (prefix === undefined) return (/^\s*\/\*\*/.test(doc) ? bare.replace(/^[ \t]*\* ?/gm, '') : bare).trim();
  const lines = bare.split('\n');
  const escaped = prefix.replace(/[/#]/g, (char) => `\\${char}`);
  const pattern = new RegExp(`^\\s*${escaped} ?`);
  return (
    lines.every((line) => line.trim() === '' || pattern.test(line))
      ? lines.map((line) => line.replace(pattern, ''))
      : lines
  )
    .join('\n')
    .trim();
}
