import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describeUnit, structuralHeader } from '../agent/structural-header.js';
import { unitAt } from '../syntax/code-units.js';
import { GrammarRegistry } from '../syntax/grammar-registry.js';
import { languageFor } from '../syntax/languages.js';
import { symbolAt } from '../syntax/symbol-at.js';
import { SyntaxDocument } from '../syntax/syntax-document.js';
import { parseFileLocation } from './file-location.js';

/**
 * `lantern explain FILE[:LINE[:COL]]`: prints what a hover there would show. With only a file, every
 * top-level unit in it; with a line, the innermost unit at that line; with a column, the symbol there.
 */
export function explainCommand(argument: string, write: (text: string) => void): void {
  const location = parseFileLocation(argument);
  const document = loadDocument(location.path);
  if (!document.tree) throw new Error(`${location.path}: ${document.skipReason ?? 'not analysed'}`);
  const text = document.textDocument;

  if (location.line === undefined) {
    const topLevel = document.units().filter((unit) => unit.parentIndex === undefined);
    if (topLevel.length === 0) throw new Error(`${location.path}: no functions or classes found`);
    write(`${topLevel.map((unit) => describeUnit(document, unit, false)).join('\n\n---\n\n')}\n`);
    return;
  }
  if (location.line > text.lineCount) {
    throw new Error(`${location.path} has ${text.lineCount} lines; line ${location.line} does not exist`);
  }
  const lineText = text.getText({
    start: { line: location.line - 1, character: 0 },
    end: { line: location.line, character: 0 },
  });
  const column =
    location.column === undefined ? lineText.length - lineText.trimStart().length : location.column - 1;
  const offset = text.offsetAt({ line: location.line - 1, character: column });
  const target = location.column === undefined ? undefined : symbolAt(document, offset);
  if (target) {
    write(`${structuralHeader(document, target)}\n`);
    return;
  }
  const unit = unitAt(document.units(), offset);
  if (!unit) throw new Error(`${location.path}:${location.line}: no function or class here`);
  write(`${describeUnit(document, unit, false)}\n`);
}

function loadDocument(path: string): SyntaxDocument {
  const absolute = resolve(path);
  let size: number;
  try {
    size = statSync(absolute).size;
  } catch {
    throw new Error(`${path}: no such file`);
  }
  const uri = pathToFileURL(absolute).href;
  const language = languageFor('', uri);
  if (!language)
    throw new Error(`${path}: unsupported language (Lantern reads TypeScript, JavaScript and Python)`);
  if (size > 20_000_000) throw new Error(`${path}: file too large (${size} bytes)`);
  return new SyntaxDocument(
    uri,
    language.languageIds[0] ?? language.name,
    0,
    readFileSync(absolute, 'utf8'),
    new GrammarRegistry(),
  );
}
