import type { GrammarRegistry } from '../../syntax/grammar-registry.js';
import { SyntaxDocument } from '../../syntax/syntax-document.js';
import { type BlockJudge, codeBlocks } from '../edits/code-block.js';
import { linesInsideStrings } from '../edits/code-shape.js';
import { reindent } from '../edits/indentation.js';
import type { Placement } from './placement.js';

/**
 * What counts as the generated code among an answer's blocks: when some define a function or class,
 * those (the others are usage examples); else any.
 */
export function generatedCodeJudge(
  answer: string,
  document: SyntaxDocument,
  registry: GrammarRegistry,
): BlockJudge {
  const defines = (code: string) => parse(document, code, registry).units().length > 0;
  let someDefine = false;
  try {
    someDefine = codeBlocks(answer).some((block) => defines(block.code));
  } catch {
    // no block at all: extractCodeBlock says so
  }
  return { what: 'the code to insert', isCandidate: (code) => !someDefine || defines(code) };
}

/**
 * The generated code at the placement's indentation, every line indented, in the file's indentation
 * style; the lines inside its multi-line strings and template literals are left as they are (their
 * whitespace is the string's value).
 */
export function indentedCode(
  document: SyntaxDocument,
  placement: Placement,
  code: string,
  registry: GrammarRegistry,
): string {
  const lines = code.replace(/^([ \t]*\n)+/, '');
  const root = parse(document, lines, registry).tree?.rootNode;
  const keep = root ? linesInsideStrings(root, 0, lines.length) : new Set<number>();
  // reindent leaves the first line to the caller (a unit's first line follows its own indentation).
  return `${placement.indent}${reindent(lines, placement.indent, { original: '', fileText: document.text, keep })}`;
}

function parse(document: SyntaxDocument, code: string, registry: GrammarRegistry): SyntaxDocument {
  return new SyntaxDocument('untitled:generated', document.languageId, 0, code, registry);
}
