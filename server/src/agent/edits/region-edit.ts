import type Parser from 'tree-sitter';
import type { GrammarRegistry } from '../../syntax/grammar-registry.js';
import { SyntaxDocument } from '../../syntax/syntax-document.js';
import type { TopLevelRegion } from '../../syntax/top-level-region.js';
import { AnswerRejected, extractCodeBlock } from './code-block.js';
import { linesInsideStrings } from './code-shape.js';
import { reindent } from './indentation.js';
import { diffEdits, type VerifiedEdit, verifySyntax } from './unit-edit.js';

// Lines this short (`}`, `pass`, `else:`) are everywhere; only longer ones tell a repeat of the file.
const MIN_TELLING_LINE = 10;

/**
 * The edit pipeline for a problem outside every unit (docs/design.md's, with the region for the unit): the
 * answer's one code block is the complete new text of the region → it may define no function, class or
 * other unit, an import block may hold only imports, and it may not repeat lines from elsewhere in the
 * file (a whole-file rewrite does all three) → re-indented → minimal line edits inside the region →
 * verified: the edited document parses with no new syntax errors. Throws AnswerRejected with a reason
 * a user understands; nothing is applied then.
 */
export function editRegionFromAnswer(
  document: SyntaxDocument,
  region: TopLevelRegion,
  answer: string,
  registry: GrammarRegistry,
): VerifiedEdit {
  const language = document.language;
  if (!language || !document.tree) throw new AnswerRejected('the document is not analysed');
  const code = extractCodeBlock(answer);
  const probe = new SyntaxDocument('untitled:answer', language.spec.languageIds[0] ?? '', 0, code, registry);
  const defined = probe.units().filter((unit) => unit.parentIndex === undefined);
  if (defined.length > 0) {
    const names = defined.map((unit) => `\`${unit.name}\``).join(', ');
    throw new AnswerRejected(`the answer changes more than ${region.description} (it also defines ${names})`);
  }
  if (region.kind === 'imports') {
    const other = outsideImports(probe);
    if (other) throw new AnswerRejected(`the answer contains code other than imports: \`${other}\``);
  }
  const text = document.text;
  const old = text.slice(region.startIndex, region.endIndex);
  const repeated = repeatedFromOutside(text, region, code);
  if (repeated)
    throw new AnswerRejected(
      `the answer repeats code from outside ${region.description}: \`${repeated.slice(0, 60)}\``,
    );
  // Top-level code sits at column 0, unless the file indents it (the first line keeps its place).
  const lineStart = text.lastIndexOf('\n', region.startIndex - 1) + 1;
  const baseIndent = /^[ \t]*/.exec(text.slice(lineStart, region.startIndex))?.[0] ?? '';
  // Lines inside multi-line strings are the strings' values: never re-indented.
  const strings = (root: Parser.SyntaxNode | undefined, start: number, end: number) =>
    root ? linesInsideStrings(root, start, end) : new Set<number>();
  const newCode = reindent(code, baseIndent, {
    original: old,
    fileText: text,
    keep: strings(probe.tree?.rootNode, 0, code.length),
    keepInOriginal: strings(document.tree.rootNode, region.startIndex, region.endIndex),
  });
  const edits = diffEdits(old, newCode, region.startIndex);
  if (edits.length === 0) throw new AnswerRejected('the answer does not change the code');
  verifySyntax(document, edits, registry);
  return { version: document.version, edits };
}

/**
 * A line of `code` that the file has outside [startIndex, endIndex) and not inside it, if any: an
 * answer that repeats the file around the code it was asked to change rewrites beyond it.
 */
export function repeatedFromOutside(
  text: string,
  span: { readonly startIndex: number; readonly endIndex: number },
  code: string,
): string | undefined {
  const elsewhere = new Set(
    `${text.slice(0, span.startIndex)}\n${text.slice(span.endIndex)}`.split('\n').map((line) => line.trim()),
  );
  const inside = new Set(
    text
      .slice(span.startIndex, span.endIndex)
      .split('\n')
      .map((line) => line.trim()),
  );
  return code
    .split('\n')
    .map((line) => line.trim())
    .find((line) => line.length >= MIN_TELLING_LINE && elsewhere.has(line) && !inside.has(line));
}

// The first line of code in the probe that is neither an import nor a comment, if any.
function outsideImports(probe: SyntaxDocument): string | undefined {
  let rest = probe.text;
  const blank = (start: number, end: number) => {
    rest = rest.slice(0, start) + ' '.repeat(end - start) + rest.slice(end);
  };
  for (const statement of probe.imports()) blank(statement.startIndex, statement.endIndex);
  for (const node of probe.tree?.rootNode.namedChildren ?? [])
    if (node.type === 'comment') blank(node.startIndex, node.endIndex);
  return rest
    .split('\n')
    .map((line) => line.trim())
    .find((line) => line !== '')
    ?.slice(0, 60);
}
