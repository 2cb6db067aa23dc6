import type { CodeUnit } from '../../syntax/code-units.js';
import type { GrammarRegistry, LoadedLanguage } from '../../syntax/grammar-registry.js';
import { SyntaxDocument } from '../../syntax/syntax-document.js';
import { findSyntaxProblems } from '../../syntax/syntax-errors.js';
import { AnswerRejected, extractCodeBlock } from './code-block.js';
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

/**
 * The edit pipeline every model-made change of a unit goes through (docs/design.md): the answer's one code
 * block is the complete new unit → re-indented to the unit's place → split into new imports and the
 * unit itself (anything else in the block is a rejection: it would change code outside the unit) →
 * minimal line edits by diff → verified: the edited document parses with no new syntax errors.
 * Throws AnswerRejected with a reason a user understands; nothing is applied then.
 */
export function editUnitFromAnswer(
  document: SyntaxDocument,
  unit: CodeUnit,
  answer: string,
  registry: GrammarRegistry,
): VerifiedEdit {
  const language = document.language;
  if (!language || !document.tree) throw new AnswerRejected('the document is not analysed');
  const text = document.text;
  const code = extractCodeBlock(answer);
  const { imports, unitCode } = splitAnswer(code, unit, language, registry);

  const lineStart = text.lastIndexOf('\n', unit.startIndex - 1) + 1;
  const baseIndent = /^[ \t]*/.exec(text.slice(lineStart, unit.startIndex))?.[0] ?? '';
  const oldUnit = text.slice(unit.startIndex, unit.endIndex);
  const newUnit = reindent(unitCode, baseIndent, oldUnit);
  const edits = [...importEdits(document, imports), ...diffEdits(oldUnit, newUnit, unit.startIndex)];
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

// Separates the import lines a fix needs from the unit, and refuses blocks that define other code.
function splitAnswer(code: string, unit: CodeUnit, language: LoadedLanguage, registry: GrammarRegistry) {
  // A TS/JS method alone is not a valid program: parse it inside a class to see its structure.
  const wrap = unit.kind === 'method' && language.spec.name !== 'python';
  const languageId = language.spec.languageIds[0] ?? '';
  // The imports a fix needs come first in the block, and an import is not valid inside a class.
  const head = wrap ? code.slice(0, leadingImportsEnd(code, languageId, registry)) : '';
  const prefix = wrap ? 'class __LanternWrapper__ {\n' : '';
  const probe = new SyntaxDocument(
    'untitled:answer',
    languageId,
    0,
    `${head}${prefix}${code.slice(head.length)}${wrap ? '\n}' : ''}`,
    registry,
  );
  const importRanges = probe
    .imports()
    .map((statement) => [statement.startIndex, statement.endIndex] as const);
  const units = probe.units().filter((candidate) => candidate.name !== '__LanternWrapper__');
  const outermost = units.filter((candidate) => {
    const parent = candidate.parentIndex === undefined ? undefined : probe.units()[candidate.parentIndex];
    return parent === undefined || parent.name === '__LanternWrapper__';
  });
  const target = outermost.find((candidate) => candidate.name === unit.name);
  if (!target) {
    const named = outermost.map((candidate) => `\`${candidate.name}\``).join(', ');
    throw new AnswerRejected(
      named
        ? `the answer defines ${named}, not \`${unit.name}\``
        : `the answer does not contain \`${unit.name}\``,
    );
  }
  if (outermost.length > 1) {
    throw new AnswerRejected(
      `the answer changes more than \`${unit.name}\` (it also defines ${outermost
        .filter((u) => u !== target)
        .map((u) => `\`${u.name}\``)
        .join(', ')})`,
    );
  }
  // Everything outside the unit and its imports must be blank: anything else would land outside the unit.
  const probeText = probe.text;
  let rest =
    probeText.slice(0, target.startIndex) +
    ' '.repeat(target.endIndex - target.startIndex) +
    probeText.slice(target.endIndex);
  for (const [start, end] of importRanges)
    rest = rest.slice(0, start) + ' '.repeat(end - start) + rest.slice(end);
  if (wrap) rest = rest.replace('class __LanternWrapper__ {', '').replace(/}\s*$/, '');
  if (rest.trim() !== '')
    throw new AnswerRejected(
      `the answer contains code outside \`${unit.name}\`: \`${rest.trim().split('\n')[0]?.slice(0, 60)}\``,
    );
  const imports = importRanges.map(([start, end]) => probeText.slice(start, end));
  return { imports, unitCode: probeText.slice(target.startIndex, target.endIndex) };
}

/** Where the import statements at the very start of `code` end (0 when it starts with none). */
function leadingImportsEnd(code: string, languageId: string, registry: GrammarRegistry): number {
  const probe = new SyntaxDocument('untitled:answer-imports', languageId, 0, code, registry);
  let end = 0;
  for (const statement of probe.imports()) {
    if (code.slice(end, statement.startIndex).trim() !== '') break;
    end = statement.endIndex;
  }
  return end;
}

// New import statements go after the document's last import (or at the top); existing ones are kept.
function importEdits(document: SyntaxDocument, imports: readonly string[]): OffsetEdit[] {
  const existing = new Set(
    document
      .imports()
      .map((statement) => normalize(document.text.slice(statement.startIndex, statement.endIndex))),
  );
  const missing = imports.filter((statement) => !existing.has(normalize(statement)));
  if (missing.length === 0) return [];
  const last = document.imports().at(-1);
  if (last)
    return [{ startIndex: last.endIndex, endIndex: last.endIndex, newText: `\n${missing.join('\n')}` }];
  return [{ startIndex: 0, endIndex: 0, newText: `${missing.join('\n')}\n` }];
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
function changedRanges(edits: readonly OffsetEdit[]): [number, number][] {
  let shift = 0;
  return [...edits]
    .sort((a, b) => a.startIndex - b.startIndex)
    .map((edit) => {
      const start = edit.startIndex + shift;
      shift += edit.newText.length - (edit.endIndex - edit.startIndex);
      return [start, start + edit.newText.length];
    });
}
