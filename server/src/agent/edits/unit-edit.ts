import type { CodeUnit } from '../../syntax/code-units.js';
import type { GrammarRegistry } from '../../syntax/grammar-registry.js';
import { SyntaxDocument } from '../../syntax/syntax-document.js';
import { findSyntaxProblems } from '../../syntax/syntax-errors.js';
import { AnswerReader } from './answer-unit.js';
import { AnswerRejected, extractCodeBlock } from './code-block.js';
import { linesInsideStrings } from './code-shape.js';
import { withoutBoundNames } from './es-imports.js';
import { reindent } from './indentation.js';
import { diffLines } from './line-diff.js';

/** A replacement of text[startIndex, endIndex) in the document the edit was computed for. */
export interface OffsetEdit {
  readonly startIndex: number;
  readonly endIndex: number;
  readonly newText: string;
}

/** A verified edit: minimal replacements, for the document version it was computed against. */
export interface VerifiedEdit {
  readonly version: number;
  readonly edits: readonly OffsetEdit[];
}

/** What the request said, where it changes what the pipeline accepts. */
export interface EditRequest {
  /** The request's words (a problem's message, an instruction): may it empty the unit's body? */
  readonly text?: string;
}

// The phrasings that ask for a unit's logic to go: "remove the body", "delete …", "stub out …".
const REMOVAL_REQUEST = /\b(remove|delete|empty|stub|strip|gut)\b/i;

/** Whether a request asks for code to be removed (so an emptied body is what it wants). */
export function asksForRemoval(text: string | undefined): boolean {
  return text !== undefined && REMOVAL_REQUEST.test(text);
}

/**
 * The edit pipeline every model-made change of a unit goes through (docs/design.md): the answer's code
 * block that is clearly the new unit (see extractCodeBlock) → the unit read out of it, complete on its
 * own, with its imports (anything else new or changed is a rejection: it would change code outside
 * the unit) → refused if it empties a body the request did not ask to remove → re-indented to the
 * unit's place in the file's style, multi-line strings untouched → minimal line edits by diff →
 * verified: the edited document parses with no new syntax errors. Throws AnswerRejected with a reason
 * a user understands; nothing is applied then.
 */
export function editUnitFromAnswer(
  document: SyntaxDocument,
  unit: CodeUnit,
  answer: string,
  registry: GrammarRegistry,
  request: EditRequest = {},
): VerifiedEdit {
  if (!document.language || !document.tree) throw new AnswerRejected('the document is not analysed');
  const text = document.text;
  const reader = new AnswerReader(document, unit, registry);
  const code = extractCodeBlock(answer, {
    what: `\`${unit.name}\``,
    isCandidate: (block) => reader.accepts(block),
    isOriginal: (block) => reader.read(block).signature === reader.originalSignature,
    sameCode: (a, b) => reader.read(a).signature === reader.read(b).signature,
  });
  const found = reader.read(code);
  if (found.emptyBody && !reader.originalEmptyBody && !asksForRemoval(request.text))
    throw new AnswerRejected(
      `the answer deletes the body of \`${unit.name}\` (it leaves ${found.emptyBody}); Lantern applies that only when the request asks to remove, delete, empty or stub out the code`,
    );

  const lineStart = text.lastIndexOf('\n', unit.startIndex - 1) + 1;
  const baseIndent = /^[ \t]*/.exec(text.slice(lineStart, unit.startIndex))?.[0] ?? '';
  const oldUnit = text.slice(unit.startIndex, unit.endIndex);
  const newUnit = reindent(found.code, baseIndent, {
    original: oldUnit,
    fileText: text,
    keep: found.keep,
    keepInOriginal: linesInsideStrings(document.tree.rootNode, unit.startIndex, unit.endIndex),
  });
  const edits = [
    ...importEdits(document, found.imports, registry),
    ...diffEdits(oldUnit, newUnit, unit.startIndex),
  ];
  if (edits.length === 0) throw new AnswerRejected('the answer does not change the code');
  verifySyntax(document, edits, registry);
  return { version: document.version, edits };
}

/**
 * Applies non-overlapping offset edits to a text. Insertions at the same offset appear in list order,
 * as LSP specifies for TextEdits, so they are applied last-first.
 */
export function applyOffsetEdits(text: string, edits: readonly OffsetEdit[]): string {
  let result = text;
  const order = edits.map((edit, index) => ({ edit, index }));
  order.sort((a, b) => b.edit.startIndex - a.edit.startIndex || b.index - a.index);
  for (const { edit } of order) {
    result = result.slice(0, edit.startIndex) + edit.newText + result.slice(edit.endIndex);
  }
  return result;
}

// New import statements go after the document's last import (or at the top); existing ones are kept.
// Go groups imports (`import ( "fmt" … )`): they are compared spec by spec, so an answer repeating the
// file's group with one import more adds that one import, not a second group that redeclares the rest.
// In ES modules a statement naming a binding the file has is cut down to the new names (es-imports.ts).
function importEdits(
  document: SyntaxDocument,
  imports: readonly string[],
  registry: GrammarRegistry,
): OffsetEdit[] {
  const existing = new Set(
    document
      .imports()
      .flatMap((statement) => importSpecs(document.text.slice(statement.startIndex, statement.endIndex)))
      .map(normalize),
  );
  const bound = new Map(
    document
      .imports()
      .flatMap((statement) => statement.locals.map((local) => [local, statement.source] as const)),
  );
  const missing = [...new Set(imports.flatMap(importSpecs))]
    .filter((spec) => !existing.has(normalize(spec)))
    .map((spec) => withoutBoundNames(document, spec, bound, registry))
    .filter((spec) => spec !== undefined);
  if (missing.length === 0) return [];
  const last = document.imports().at(-1);
  if (last)
    return [{ startIndex: last.endIndex, endIndex: last.endIndex, newText: `\n${missing.join('\n')}` }];
  return [{ startIndex: 0, endIndex: 0, newText: `${missing.join('\n')}\n` }];
}

/** An import statement as the statements it stands for (as written): a Go group as one `import <spec>` per line. */
function importSpecs(statement: string): string[] {
  const group = /^import\s*\(([\s\S]*)\)\s*;?\s*$/.exec(statement.trim());
  if (!group) return [statement];
  return (group[1] ?? '')
    .split('\n')
    .map((line) => line.replace(/\/\/.*$/, '').trim())
    .filter((spec) => spec !== '')
    .map((spec) => `import ${spec}`);
}

function normalize(statement: string): string {
  return statement.replace(/\s+/g, ' ').replace(/;$/, '').trim();
}

/** Minimal edits turning oldUnit (at unitStart) into newUnit: only the lines that differ are replaced. */
export function diffEdits(oldUnit: string, newUnit: string, unitStart: number): OffsetEdit[] {
  const oldLines = oldUnit.split('\n');
  const newLines = newUnit.split('\n');
  const lineOffsets: number[] = [];
  let at = unitStart;
  for (const line of oldLines) {
    lineOffsets.push(at);
    at += line.length + 1;
  }
  lineOffsets.push(unitStart + oldUnit.length + 1);
  return diffLines(oldLines, newLines).map((change) => {
    const startIndex = lineOffsets[change.oldStart] as number;
    const inserted = newLines.slice(change.newStart, change.newEnd);
    if (change.oldEnd === change.oldStart) {
      // Pure insertion before line oldStart (or after the last line).
      if (change.oldStart >= oldLines.length)
        return {
          startIndex: unitStart + oldUnit.length,
          endIndex: unitStart + oldUnit.length,
          newText: `\n${inserted.join('\n')}`,
        };
      return { startIndex, endIndex: startIndex, newText: `${inserted.join('\n')}\n` };
    }
    const endIndex = Math.min((lineOffsets[change.oldEnd] as number) - 1, unitStart + oldUnit.length);
    if (change.newEnd === change.newStart) {
      // Pure deletion: take the line break with the lines.
      const deleteEnd = change.oldEnd >= oldLines.length ? endIndex : endIndex + 1;
      const deleteStart =
        change.oldEnd >= oldLines.length && startIndex > unitStart ? startIndex - 1 : startIndex;
      return { startIndex: deleteStart, endIndex: deleteEnd, newText: '' };
    }
    return { startIndex, endIndex, newText: inserted.join('\n') };
  });
}

/** Throws AnswerRejected when the edits would add a syntax error (anywhere, or inside the new text). */
export function verifySyntax(
  document: SyntaxDocument,
  edits: readonly OffsetEdit[],
  registry: GrammarRegistry,
): void {
  const tree = document.tree;
  if (!tree) return;
  const before = findSyntaxProblems(tree).length;
  const edited = new SyntaxDocument(
    document.uri,
    document.languageId,
    document.version,
    applyOffsetEdits(document.text, edits),
    registry,
  );
  const problems = edited.tree ? findSyntaxProblems(edited.tree) : [];
  const changed = changedRanges(edits);
  // New = more problems than before, or any problem inside the text the edit wrote.
  const introduced =
    problems.find((problem) =>
      changed.some(([start, end]) => problem.startIndex >= start && problem.startIndex <= end),
    ) ?? (problems.length > before ? problems[0] : undefined);
  if (introduced) {
    const line = edited.textDocument.positionAt(introduced.startIndex).line + 1;
    throw new AnswerRejected(`the change would break the syntax (${introduced.message} at line ${line})`);
  }
}

/** Where each edit's new text lies in the edited document. */
export function changedRanges(edits: readonly OffsetEdit[]): [number, number][] {
  let shift = 0;
  return [...edits]
    .sort((a, b) => a.startIndex - b.startIndex)
    .map((edit) => {
      const start = edit.startIndex + shift;
      shift += edit.newText.length - (edit.endIndex - edit.startIndex);
      return [start, start + edit.newText.length];
    });
}
