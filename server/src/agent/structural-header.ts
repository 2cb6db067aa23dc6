import type { CodeUnit } from '../syntax/code-units.js';
import type { SymbolTarget } from '../syntax/symbol-at.js';
import type { SyntaxDocument } from '../syntax/syntax-document.js';

const MAX_CALLS_SHOWN = 12;
const MAX_DOCSTRING_CHARS = 1200;

/**
 * The structural part of an explanation, in markdown: what tree-sitter alone can say about a symbol
 * (kind, signature, docstring, where it is defined, what it calls, its size). Shown at once on hover,
 * before and without any model.
 */
export function structuralHeader(document: SyntaxDocument, target: SymbolTarget): string {
  if (target.kind === 'import') {
    const source = target.statement.source ? ` from \`${target.statement.source}\`` : '';
    const line = document.textDocument.positionAt(target.statement.startIndex).line + 1;
    return `**import** \`${target.name}\`${source} — imported at line ${line}`;
  }
  return describeUnit(document, target.unit, target.via !== 'declaration');
}

/** Markdown describing one unit of a document. */
export function describeUnit(document: SyntaxDocument, unit: CodeUnit, showWhereDefined: boolean): string {
  const text = document.textDocument;
  const firstLine = text.positionAt(unit.startIndex).line + 1;
  const lastLine = text.positionAt(unit.endIndex).line + 1;
  const lineCount = lastLine - firstLine + 1;
  const fence = document.language?.spec.fence ?? '';
  const parts: string[] = [`\`\`\`${fence}\n${unit.signature}\n\`\`\``];

  const container = unit.parentIndex === undefined ? undefined : document.units()[unit.parentIndex];
  const inContainer = container ? ` in ${container.kind} \`${container.name}\`` : '';
  const size = `${lineCount} line${lineCount === 1 ? '' : 's'}`;
  const where = showWhereDefined
    ? `defined at line ${firstLine} of \`${fileName(document.uri)}\``
    : `lines ${firstLine}–${lastLine}`;
  parts.push(`*${unit.kind}* **${unit.name}**${inContainer} — ${where} (${size})`);

  if (unit.parameters.length > 0 && unit.kind !== 'class') {
    parts.push(`**Parameters:** ${unit.parameters.map((parameter) => `\`${parameter}\``).join(', ')}`);
  }
  if (unit.docstring) {
    const doc =
      unit.docstring.length > MAX_DOCSTRING_CHARS
        ? `${unit.docstring.slice(0, MAX_DOCSTRING_CHARS)}…`
        : unit.docstring;
    parts.push(doc);
  }
  const calls = describeCalls(document, unit);
  if (calls) parts.push(calls);
  return parts.join('\n\n');
}

/** A unit's facts as JSON answers show them (the CLI's --json, the service); lines are 1-based. */
export function unitFacts(document: SyntaxDocument, unit: CodeUnit) {
  const text = document.textDocument;
  return {
    kind: unit.kind,
    name: unit.name,
    startLine: text.positionAt(unit.startIndex).line + 1,
    endLine: text.positionAt(unit.endIndex).line + 1,
    signature: unit.signature,
  };
}

function describeCalls(document: SyntaxDocument, unit: CodeUnit): string | undefined {
  const names: string[] = [];
  for (const call of document.callsIn(unit)) {
    if (!names.includes(call.callee)) names.push(call.callee);
  }
  if (names.length === 0) return undefined;
  const units = document.units();
  const shown = names.slice(0, MAX_CALLS_SHOWN).map((name) => {
    const local = units.find((candidate) => candidate.name === name);
    if (!local) return `\`${name}\``;
    return `\`${name}\` (line ${document.textDocument.positionAt(local.startIndex).line + 1})`;
  });
  const more = names.length > MAX_CALLS_SHOWN ? `, and ${names.length - MAX_CALLS_SHOWN} more` : '';
  return `**Calls:** ${shown.join(', ')}${more}`;
}

function fileName(uri: string): string {
  const path = uri.replace(/[?#].*$/, '');
  const name = path.slice(path.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(name);
  } catch {
    return name; // a malformed %-escape: show the name as sent
  }
}
