import type { SyntaxDocument } from '../../syntax/syntax-document.js';
import { checkWithLanguage, type LanguageCheck, type LanguageCheckOptions } from './language-check.js';
import { applyOffsetEdits, changedRanges, type OffsetEdit } from './unit-edit.js';

/**
 * The language's own checker on the edited document. A refusal counts against the edit only if it is
 * on a line the edit wrote, or the file passed before the edit: a file the checker refused already
 * (new syntax tree-sitter knows and the local Python does not, say) makes the check say nothing, and
 * it is reported as skipped, with why.
 */
export async function checkEdit(
  document: SyntaxDocument,
  edits: readonly OffsetEdit[],
  options: LanguageCheckOptions,
): Promise<LanguageCheck> {
  const language = document.language?.spec.name ?? document.languageId;
  const edited = applyOffsetEdits(document.text, edits);
  const after = await checkWithLanguage(language, edited, options);
  if (after.kind !== 'refused') return after;
  const lineOf = (offset: number) => edited.slice(0, offset).split('\n').length;
  const written = changedRanges(edits).some(
    ([start, end]) => after.line >= lineOf(start) && after.line <= lineOf(end),
  );
  if (written) return after;
  const before = await checkWithLanguage(language, document.text, options);
  if (before.kind !== 'refused') return after;
  return {
    kind: 'skipped',
    checker: after.checker,
    reason: `the file did not pass it before the change either (${before.message}, line ${before.line})`,
  };
}

/** How a refusal reads to the user: "Python refuses the change: 'break' outside loop (line 6)". */
export function refusalOf(check: LanguageCheck & { kind: 'refused' }, language: string): string {
  const name = language === 'python' ? 'Python' : 'TypeScript';
  return `${name} refuses the change: ${check.message.replace(/\.$/, '')} (line ${check.line})`;
}

/** A note for the user when the check did not run: "the TypeScript parser was skipped: …". */
export function skippedNote(check: LanguageCheck): string | undefined {
  return check.kind === 'skipped' && check.checker !== 'none'
    ? `the check with ${check.checker} was skipped: ${check.reason}`
    : undefined;
}
