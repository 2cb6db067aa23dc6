import { labelFor } from '../context/unit-context.js';
import type { SyntaxDocument } from '../syntax/syntax-document.js';
import type { TextBlock } from '../syntax/text-block.js';

// Lines of the file shown around a block, each side: the block alone may not say what it belongs to.
const SURROUNDING_LINES = 15;

/** The fence tag for a language Lantern has no grammar for: its languageId, as a fence allows it. */
export function fenceOf(document: SyntaxDocument): string {
  return document.language?.spec.fence ?? document.languageId.replace(/[^\w+#.-]/g, '');
}

/**
 * What a prompt about a block (a language without a grammar) shows: the block's lines as the file has
 * them, the file around it, which block, and the editor's languageId (all the model is told about the
 * language).
 */
export function blockPromptValues(
  document: SyntaxDocument,
  block: TextBlock,
  workspaceRoot: string | undefined,
): Record<string, string> {
  const lines = document.text.split('\n');
  const lineStart = document.textDocument.offsetAt({ line: block.startLine, character: 0 });
  return {
    block: block.description,
    file: labelFor(document.uri, workspaceRoot),
    languageId: document.languageId,
    fence: fenceOf(document),
    code: document.text.slice(lineStart, block.endIndex),
    surroundings: lines
      .slice(Math.max(0, block.startLine - SURROUNDING_LINES), block.endLine + 1 + SURROUNDING_LINES)
      .join('\n'),
  };
}
