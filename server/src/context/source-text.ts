import { dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CodeUnit } from '../syntax/code-units.js';
import type { SyntaxDocument } from '../syntax/syntax-document.js';

/**
 * A unit's code as a block of its own. The unit starts after its line's indentation, so a method would
 * show its first line flush left and the rest indented (misleading in Python, and a shape a model
 * copies into its answer): that indentation is removed from every line.
 */
export function unitSource(document: SyntaxDocument, unit: CodeUnit): string {
  const code = document.text.slice(unit.startIndex, unit.endIndex);
  const lineStart = document.text.lastIndexOf('\n', unit.startIndex - 1) + 1;
  const indent = document.text.slice(lineStart, unit.startIndex);
  if (!/^[ \t]+$/.test(indent)) return code;
  return code
    .split('\n')
    .map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line))
    .join('\n');
}

export function fenced(language: string, code: string): string {
  const fence = code.includes('```') ? '~~~~' : '```';
  return `${fence}${language}\n${code}\n${fence}`;
}

export function filePath(uri: string): string | undefined {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
  } catch {
    return undefined;
  }
}

/** How prompts name a file: relative to the workspace root, else by its folder and name. */
export function labelFor(uri: string, workspaceRoot: string | undefined): string {
  const path = filePath(uri);
  if (!path) return uri;
  if (workspaceRoot && !relative(workspaceRoot, path).startsWith('..')) return relative(workspaceRoot, path);
  return relative(dirname(dirname(path)), path);
}

/**
 * How a callee's file is named beside the unit's: relative to the unit's folder, as the unit's own
 * imports name it (`./connect.ts`, `../util/isFunction.ts`), shorter than from the workspace root.
 */
export function calleeFileLabel(targetUri: string, fromUri: string): string {
  if (targetUri === fromUri) return 'this file';
  const target = filePath(targetUri);
  const from = filePath(fromUri);
  if (!target || !from) return targetUri;
  const path = relative(dirname(from), target);
  return path.startsWith('..') ? path : `./${path}`;
}
