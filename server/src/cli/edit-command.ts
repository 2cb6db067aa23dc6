import { writeFileSync } from 'node:fs';
import { selectionTarget } from '../agent/edit-selection.js';
import { skippedNote } from '../agent/edits/second-gate.js';
import { unifiedDiff } from '../agent/edits/unified-diff.js';
import { applyOffsetEdits } from '../agent/edits/unit-edit.js';
import { OFFLINE_HINT } from '../llm/offline-hint.js';
import { GrammarRegistry } from '../syntax/grammar-registry.js';
import type { SyntaxDocument } from '../syntax/syntax-document.js';
import { createCliAgent } from './cli-agent.js';
import { type CliIo, printJson } from './cli-io.js';
import { parseFileLocation } from './file-location.js';
import { diffLabel, diffStat } from './fix-command.js';
import { loadDocument } from './load-document.js';

export interface EditOptions {
  /** Write the edited file instead of printing the diff. */
  readonly write?: boolean;
  readonly json?: boolean;
}

/**
 * `lantern edit FILE:START-END "INSTRUCTION" [--write]`: what `lantern.edit` does to a selection in an
 * editor — lines START to END (1-based; `FILE:LINE` is the function at LINE) rewritten per the
 * instruction through the same edit pipeline, verified before anything is written. Prints a unified
 * diff, or writes the file.
 */
export async function editCommand(
  argument: string,
  instruction: string,
  io: CliIo,
  options: EditOptions = {},
): Promise<number> {
  if (instruction.trim() === '') throw new Error('the instruction is empty: say how to change the code');
  const { path, first, last } = parseLineRange(argument);
  const registry = new GrammarRegistry();
  const document = loadDocument(path, registry);
  const { start, end } = selectionOf(document, path, first, last);
  const target = selectionTarget(document, start, end);
  if ('reason' in target) throw new Error(`${argument}: ${target.reason.replace(/^Lantern:? ?/, '')}`);

  const { agent, lastFailure } = createCliAgent(io, registry, document);
  const choice = agent.provider();
  if (choice.kind === 'offline')
    throw new Error(`cannot edit without a model: ${choice.reason}. ${OFFLINE_HINT}`);
  io.progress(`asking ${choice.provider.model} to edit ${target.description}`);
  const result = await agent.selectionEditor.edit(
    document,
    target,
    instruction.trim(),
    new AbortController().signal,
  );
  io.progress(undefined);
  if (result.kind === 'rejected') throw new Error(lastFailure() ?? result.reason);
  const note = skippedNote(result.check);
  if (note && !options.json) io.err(`lantern: ${note}\n`);

  const edited = applyOffsetEdits(document.text, result.edit.edits);
  const diff = unifiedDiff(diffLabel(path), document.text, edited);
  if (options.write) writeFileSync(path, edited);
  if (options.json) {
    printJson(io, {
      file: path,
      lines: { start: target.startLine + 1, end: target.endLine + 1 },
      instruction: instruction.trim(),
      summary: result.summary,
      model: choice.provider.model,
      check: result.check,
      diff,
      written: options.write === true,
    });
  } else if (options.write) {
    const { added, removed } = diffStat(diff);
    const summary = result.summary ? `: ${result.summary}` : '';
    io.out(`${path}: edited ${target.description} (+${added} -${removed} lines)${summary}\n`);
  } else io.out(diff);
  return 0;
}

/** `path:START-END` (1-based, inclusive) or `path:LINE`. */
function parseLineRange(argument: string): { path: string; first: number; last: number | undefined } {
  const range = /^(.+):(\d+)-(\d+)$/.exec(argument);
  if (range) {
    const first = Number(range[2]);
    const last = Number(range[3]);
    if (first < 1 || last < first)
      throw new Error(`bad line range in '${argument}': expected START-END with 1 <= START <= END`);
    return { path: range[1] as string, first, last };
  }
  const { path, line, column } = parseFileLocation(argument);
  if (line === undefined || column !== undefined)
    throw new Error(
      `'${argument}': say which lines to edit, FILE:START-END (or FILE:LINE for the function there)`,
    );
  return { path, first: line, last: undefined };
}

// The offsets of the lines asked for; with one line, the cursor at its first non-blank character.
function selectionOf(document: SyntaxDocument, path: string, first: number, last: number | undefined) {
  const text = document.textDocument;
  const lines = text.lineCount;
  const beyond = Math.max(first, last ?? first);
  if (beyond > lines) throw new Error(`${path} has ${lines} lines; line ${beyond} does not exist`);
  if (last === undefined) {
    const line = text.getText({
      start: { line: first - 1, character: 0 },
      end: { line: first, character: 0 },
    });
    const start = text.offsetAt({ line: first - 1, character: line.length - line.trimStart().length });
    return { start, end: start };
  }
  const start = text.offsetAt({ line: first - 1, character: 0 });
  const end = last >= lines ? document.text.length : text.offsetAt({ line: last, character: 0 }) - 1;
  return { start, end: Math.max(end, start + 1) };
}
