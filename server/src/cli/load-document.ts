import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { GrammarRegistry } from '../syntax/grammar-registry.js';
import { allLanguages, languageFor } from '../syntax/languages.js';
import { SyntaxDocument } from '../syntax/syntax-document.js';

const MAX_FILE_BYTES = 20_000_000;

/** Reads and parses a file the CLI was pointed at; throws a one-line error a user can act on. */
export function loadDocument(path: string, registry: GrammarRegistry): SyntaxDocument {
  const absolute = resolve(path);
  let size: number;
  try {
    const stats = statSync(absolute);
    if (stats.isDirectory()) throw new Error(`${path}: is a directory, not a file`);
    size = stats.size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === undefined) throw error;
    throw new Error(`${path}: no such file`);
  }
  const uri = pathToFileURL(absolute).href;
  const language = languageFor('', uri);
  if (!language) throw new Error(`${path}: no grammar for this file (${grammarLanguages()})`);
  if (size > MAX_FILE_BYTES) throw new Error(`${path}: file too large (${size} bytes)`);
  const document = new SyntaxDocument(
    uri,
    language.languageIds[0] ?? language.name,
    0,
    readFileSync(absolute, 'utf8'),
    registry,
  );
  if (!document.tree) throw new Error(`${path}: ${document.skipReason ?? 'not analysed'}`);
  return document;
}

/**
 * The offset of a 1-based line (and column, else its first non-blank character); throws past the end
 * of the file or of the line: a column beyond the line's last character would silently mean its end.
 */
export function offsetOfLine(
  document: SyntaxDocument,
  path: string,
  line: number,
  column: number | undefined,
): number {
  const text = document.textDocument;
  if (line > text.lineCount)
    throw new Error(`${path} has ${text.lineCount} lines; line ${line} does not exist`);
  const lineText = text
    .getText({ start: { line: line - 1, character: 0 }, end: { line, character: 0 } })
    .replace(/\r?\n$/, '');
  // Columns count UTF-16 code units, as LSP positions do; an empty line still has column 1.
  const columns = Math.max(lineText.length, 1);
  if (column !== undefined && column > columns)
    throw new Error(`${path}:${line} has ${columns} columns; column ${column} does not exist`);
  const character = column === undefined ? lineText.length - lineText.trimStart().length : column - 1;
  return text.offsetAt({ line: line - 1, character });
}

/** The 1-based line of an offset. */
export function lineOf(document: SyntaxDocument, offset: number): number {
  return document.textDocument.positionAt(offset).line + 1;
}

// The editors also serve other languages through the block around the cursor; the CLI needs a grammar.
function grammarLanguages(): string {
  const names = [...new Set(allLanguages().map((spec) => spec.displayName))];
  return `Lantern reads ${names.slice(0, -1).join(', ')} and ${names.at(-1)} from the command line; an editor also serves other languages`;
}
