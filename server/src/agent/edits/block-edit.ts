import type { SyntaxDocument } from '../../syntax/syntax-document.js';
import type { TextBlock } from '../../syntax/text-block.js';
import { AnswerRejected, extractCodeBlock } from './code-block.js';
import { reindent } from './indentation.js';
import { repeatedFromOutside } from './region-edit.js';
import { asksForRemoval, diffEdits, type EditRequest, type VerifiedEdit } from './unit-edit.js';

// Lines that hold no code in any language Lantern meets: comments (`//`, `#`, `--`, `;`, `%`, `/*`, `*`)
// and the placeholders a model leaves where it deleted the logic.
const NOT_CODE = /^(?:\/\/|#|--|;|%|\/\*|\*|\.\.\.$|…$|pass$|todo!?\(\)$|unimplemented!?\(\)$|undefined$)/i;

/**
 * The edit pipeline for a block of a file Lantern has no grammar for (blockAt): the answer's one code
 * block that is clearly the new version (several different versions, none marked: refused) → it may
 * repeat no line of the file outside the block (a whole-file rewrite does) → refused if it empties a
 * body the request did not ask to remove → re-indented to the block's place in the file's style →
 * minimal line edits inside the block, for the document's version. There is no parse check: without
 * a grammar Lantern cannot tell broken syntax, and the caller says so. Throws AnswerRejected.
 */
export function editBlockFromAnswer(
  document: SyntaxDocument,
  block: TextBlock,
  answer: string,
  request: EditRequest = {},
): VerifiedEdit {
  const text = document.text;
  const old = text.slice(block.startIndex, block.endIndex);
  const code = extractCodeBlock(answer, {
    what: block.description,
    isCandidate: () => true,
    isOriginal: (candidate) => sameCode(candidate, old),
    sameCode,
  });
  const repeated = repeatedFromOutside(text, block, code);
  if (repeated)
    throw new AnswerRejected(
      `the answer rewrites beyond ${block.description}: it repeats \`${repeated.slice(0, 60)}\` from outside it`,
    );
  // A selection is the lines the user chose, not a header, a body and a closing line: all of it is body.
  const framed = block.how !== 'selection' && old.split('\n').length >= 3;
  const emptied = codeLines(body(old, framed)) > 0 && codeLines(body(code, framed)) === 0;
  if (emptied && !asksForRemoval(request.text))
    throw new AnswerRejected(
      `the answer deletes the body of ${block.description}; Lantern applies that only when the request asks to remove, delete, empty or stub out the code`,
    );
  const lineStart = text.lastIndexOf('\n', block.startIndex - 1) + 1;
  const baseIndent = text.slice(lineStart, block.startIndex);
  const edits = diffEdits(
    old,
    reindent(code, baseIndent, { original: old, fileText: text }),
    block.startIndex,
  );
  if (edits.length === 0) throw new AnswerRejected('the answer does not change the code');
  return { version: document.version, edits };
}

// A framed block (three lines or more: a header, a body, a closing line): what is between its first and
// last line, in the original and in the answer alike. A block of one or two lines is all body.
function body(code: string, framed: boolean): string[] {
  const lines = code.replace(/\s+$/, '').split('\n');
  return framed ? lines.slice(1, -1) : lines;
}

function codeLines(lines: readonly string[]): number {
  return lines.filter((line) => line.trim() !== '' && !NOT_CODE.test(line.trim())).length;
}

// The same code, layout aside (a "Before:" block re-indented is still the original).
function sameCode(a: string, b: string): boolean {
  const squeeze = (code: string) => code.replace(/\s+/g, ' ').trim();
  return squeeze(a) === squeeze(b);
}
