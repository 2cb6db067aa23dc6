import type Parser from 'tree-sitter';
import type { DocConvention } from './languages.js';

/**
 * What opens a doc comment in each convention that writes it above the declaration. A block convention
 * is one `/** … *\/` comment; a line convention is the run of line comments right above, each opened so
 * (`//` Go, `///` rustdoc and C# XML doc, `#` YARD). Doxygen takes either.
 */
const OPENERS: Record<Exclude<DocConvention, 'python'>, { block: boolean; lines: readonly string[] }> = {
  jsdoc: { block: true, lines: [] },
  javadoc: { block: true, lines: [] },
  doxygen: { block: true, lines: ['///', '//!'] },
  go: { block: false, lines: ['//'] },
  rustdoc: { block: false, lines: ['///'] },
  xmldoc: { block: false, lines: ['///'] },
  yard: { block: false, lines: ['#'] },
};

// Nodes that may stand between a doc comment and what it documents: Rust attributes (`#[derive]`).
const BETWEEN = new Set(['attribute_item']);

/**
 * Where the doc comment of the declaration starting at `startIndex` belongs: above the attributes right
 * above it (Rust's `#[inline]`, which rustdoc and rustfmt keep below the doc), else the declaration's start.
 */
export function docAnchorIndex(tree: Parser.Tree, startIndex: number): number {
  let node: Parser.SyntaxNode | null = tree.rootNode.descendantForIndex(startIndex);
  while (node?.parent && node.parent.startIndex === startIndex && node.parent.type !== tree.rootNode.type) {
    node = node.parent;
  }
  let below = node;
  let previous = node?.previousNamedSibling ?? null;
  while (
    below &&
    previous &&
    BETWEEN.has(previous.type) &&
    below.startPosition.row - previous.endPosition.row <= 1
  ) {
    below = previous;
    previous = previous.previousNamedSibling;
  }
  return below?.startIndex ?? startIndex;
}

/** The doc comment right above `first` (the unit's first node), without its comment markers. */
export function docCommentBefore(first: Parser.SyntaxNode, convention: DocConvention): string | undefined {
  if (convention === 'python') return undefined;
  const { block, lines } = OPENERS[convention];
  let below = first;
  let previous = first.previousNamedSibling;
  // Ruby keeps the comments above a body's first statement outside the body: `class A` ⏎ `# doc`
  // ⏎ `def m` has the comment beside the body, not beside `def m`.
  for (let body = first.parent; !previous && body?.type === 'body_statement'; body = body.parent) {
    if (body.firstNamedChild?.id !== below.id) break;
    below = body;
    previous = body.previousNamedSibling;
  }
  while (previous && BETWEEN.has(previous.type) && below.startPosition.row - previous.endPosition.row <= 1) {
    below = previous;
    previous = previous.previousNamedSibling;
  }
  if (!previous?.type.includes('comment')) return undefined;
  if (below.startPosition.row - previous.endPosition.row > 1) return undefined;
  const text = previous.text;
  if (block && text.startsWith('/**') && !text.startsWith('/**/')) return blockDoc(text);
  const opener = lines.find((candidate) => lineOpened(text, candidate));
  if (!opener) return undefined;
  // The run of line comments, each on the line above the next.
  const run: string[] = [];
  for (
    let comment: Parser.SyntaxNode | null = previous, next = below;
    comment?.type.includes('comment') &&
    lineOpened(comment.text, opener) &&
    next.startPosition.row - comment.endPosition.row <= 1;
    next = comment, comment = comment.previousNamedSibling
  ) {
    run.unshift(comment.text.trimEnd().slice(opener.length).replace(/^ /, ''));
  }
  const joined = run.join('\n');
  // An XML doc's summary is its prose; the other tags (param, returns) read well as they are.
  return cleanDoc(convention === 'xmldoc' ? joined.replace(/<\/?summary>/g, '') : joined);
}

// `///` opens rustdoc but `////` is an ordinary comment; `//` opens Go docs but not a `///` banner.
function lineOpened(text: string, opener: string): boolean {
  return text.startsWith(opener) && text[opener.length] !== opener[opener.length - 1];
}

function blockDoc(text: string): string | undefined {
  const body = text
    .replace(/^\/\*\*/, '')
    .replace(/\*\/$/, '')
    .split('\n')
    .map((line) => line.replace(/^\s*\* ?/, ''))
    .join('\n');
  return cleanDoc(body);
}

/** A doc text without the indentation its lines share after the first, trimmed; undefined when empty. */
export function cleanDoc(raw: string): string | undefined {
  const lines = raw.split('\n');
  const indents = lines
    .slice(1)
    .filter((line) => line.trim() !== '')
    .map((line) => line.length - line.trimStart().length);
  const common = indents.reduce((least, indent) => Math.min(least, indent), indents[0] ?? 0);
  const text = [lines[0]?.trim() ?? '', ...lines.slice(1).map((line) => line.slice(common).trimEnd())]
    .join('\n')
    .trim();
  return text === '' ? undefined : text;
}
