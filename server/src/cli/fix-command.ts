import { writeFileSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import type { LanguageCheck } from '../agent/edits/language-check.js';
import { skippedNote } from '../agent/edits/second-gate.js';
import { unifiedDiff } from '../agent/edits/unified-diff.js';
import { applyOffsetEdits, type OffsetEdit } from '../agent/edits/unit-edit.js';
import type { Problem } from '../agent/fix.js';
import { unitFacts } from '../agent/structural-header.js';
import { OFFLINE_HINT } from '../llm/offline-hint.js';
import { unitAt } from '../syntax/code-units.js';
import { GrammarRegistry } from '../syntax/grammar-registry.js';
import type { SyntaxDocument } from '../syntax/syntax-document.js';
import { reportedSyntaxProblems, type SyntaxProblem } from '../syntax/syntax-errors.js';
import { createCliAgent } from './cli-agent.js';
import { type CliIo, printJson } from './cli-io.js';
import { type FileLocation, parseFileLocation } from './file-location.js';
import { lineOf, loadDocument, offsetOfLine } from './load-document.js';

export interface FixOptions {
  /** What is wrong at the line (a compiler's or linter's message); else Lantern's own syntax errors. */
  readonly error?: string;
  /** Write the fixed file instead of printing the diff. */
  readonly write?: boolean;
  readonly json?: boolean;
}

/**
 * `lantern fix FILE[:LINE] [--error MSG] [--write]`: the fix the "Fix with Lantern" code action would
 * make, through the same fixer and edit pipeline (verified before anything is written). Prints a unified
 * diff, or writes the file. Offline, only a missing token can be fixed (inserted, as the quick fix does).
 */
export async function fixCommand(argument: string, io: CliIo, options: FixOptions = {}): Promise<number> {
  const location = parseFileLocation(argument);
  const registry = new GrammarRegistry();
  const document = loadDocument(location.path, registry);
  const { problem, syntax } = findProblem(document, location, options.error);
  const unit = unitAt(document.units(), problem.startIndex);

  const { agent, lastFailure } = createCliAgent(io, registry, document);
  const choice = agent.provider();
  let edits: readonly OffsetEdit[];
  let summary: string;
  let model: string | null = null;
  let check: LanguageCheck | null = null;
  if (syntax?.missingToken !== undefined && (choice.kind === 'offline' || !unit)) {
    // The structural fix-it needs no model: the parser knows exactly which token is missing.
    edits = [{ startIndex: syntax.startIndex, endIndex: syntax.startIndex, newText: syntax.missingToken }];
    summary = `Inserted the missing \`${syntax.missingToken}\`.`;
  } else {
    if (!unit)
      throw new Error(
        `${location.path}:${problem.line}: not inside a function, method or class (Lantern fixes one unit at a time)`,
      );
    if (choice.kind === 'offline')
      throw new Error(`cannot fix without a model: ${choice.reason}. ${OFFLINE_HINT}`);
    io.progress(`asking ${choice.provider.model} to fix \`${unit.name}\``);
    const result = await agent.fixer.fix(document, unit, problem, new AbortController().signal);
    io.progress(undefined);
    if (result.kind === 'rejected') throw new Error(lastFailure() ?? result.reason);
    edits = result.edit.edits;
    summary = result.summary;
    model = choice.provider.model;
    check = result.check;
    const note = skippedNote(result.check);
    if (note && !options.json) io.err(`lantern: ${note}\n`);
  }

  const fixed = applyOffsetEdits(document.text, edits);
  const diff = unifiedDiff(diffLabel(location.path), document.text, fixed);
  if (options.write) writeFileSync(location.path, fixed);
  if (options.json) {
    printJson(io, {
      file: location.path,
      line: problem.line,
      problem: problem.message,
      unit: unit ? unitFacts(document, unit) : null,
      summary,
      model,
      check,
      diff,
      written: options.write === true,
    });
  } else if (options.write) {
    const { added, removed } = diffStat(diff);
    const what = unit ? `\`${unit.name}\`` : `line ${problem.line}`;
    io.out(`${location.path}: fixed ${what} (+${added} -${removed} lines)${summary ? `: ${summary}` : ''}\n`);
  } else io.out(diff);
  return 0;
}

// The problem to fix: the one given with --error at LINE, else Lantern's own syntax error there.
function findProblem(
  document: SyntaxDocument,
  location: FileLocation,
  error: string | undefined,
): { problem: Problem; syntax: SyntaxProblem | undefined } {
  const { path, line, column } = location;
  if (error !== undefined) {
    if (error.trim() === '') throw new Error('--error needs a message');
    if (line === undefined)
      throw new Error(`--error needs the line it is about: lantern fix ${path}:LINE --error MSG`);
    const startIndex = offsetOfLine(document, path, line, column);
    return { problem: { message: error.trim(), source: undefined, startIndex, line }, syntax: undefined };
  }
  // Checks that the line exists before looking for problems on it.
  if (line !== undefined) offsetOfLine(document, path, line, column);
  const spec = document.language?.spec;
  if (spec?.parsesBeforePreprocessor) {
    throw new Error(
      `${path}: ${spec.displayName} is parsed before the preprocessor, so Lantern reports no syntax error in it; say what is wrong with --error MSG`,
    );
  }
  const problems = reportedSyntaxProblems(document);
  const syntax = problems.find(
    (candidate) => line === undefined || lineOf(document, candidate.startIndex) === line,
  );
  if (!syntax) {
    const where = line === undefined ? path : `${path}:${line}`;
    throw new Error(`${where}: no syntax error found; say what is wrong with --error MSG`);
  }
  const problem: Problem = {
    message: syntax.message,
    source: 'lantern',
    startIndex: syntax.startIndex,
    line: lineOf(document, syntax.startIndex),
  };
  return { problem, syntax };
}

/** How many lines a unified diff adds and removes. */
export function diffStat(diff: string): { added: number; removed: number } {
  const body = diff.split('\n').slice(2); // past the --- and +++ headers
  return {
    added: body.filter((line) => line.startsWith('+')).length,
    removed: body.filter((line) => line.startsWith('-')).length,
  };
}

/**
 * A path in a diff as git prints it: relative to the current folder (absolute outside it), so
 * `patch -p1` applies the diff from there.
 */
export function diffLabel(path: string): string {
  const absolute = resolve(path);
  const inside = relative(process.cwd(), absolute);
  return inside.startsWith('..') || isAbsolute(inside) ? absolute.replace(/^\/+/, '') : inside;
}
