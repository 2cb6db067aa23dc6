import type { Explanation } from '../agent/explain.js';
import { describeUnit, structuralHeader, unitFacts } from '../agent/structural-header.js';
import { OFFLINE_HINT, OFFLINE_NOTE } from '../llm/offline-hint.js';
import type { CodeUnit } from '../syntax/code-units.js';
import { unitAt } from '../syntax/code-units.js';
import { GrammarRegistry } from '../syntax/grammar-registry.js';
import { type SymbolTarget, symbolAt } from '../syntax/symbol-at.js';
import type { SyntaxDocument } from '../syntax/syntax-document.js';
import { createCliAgent } from './cli-agent.js';
import { type CliIo, printJson } from './cli-io.js';
import { parseFileLocation } from './file-location.js';
import { loadDocument, offsetOfLine } from './load-document.js';
import { MarkdownOutput } from './terminal-markdown.js';

export interface ExplainOptions {
  /** One JSON document on stdout instead of markdown (nothing is streamed). */
  readonly json?: boolean;
}

/**
 * `lantern explain FILE[:LINE[:COL]]`: prints what a hover there would show — the structural header at
 * once, then the model's explanation as it streams in. With only a file, the header of every top-level
 * unit; with a line, the innermost unit there; with a column, the symbol there. Returns the exit code.
 */
export async function explainCommand(
  argument: string,
  io: CliIo,
  options: ExplainOptions = {},
): Promise<number> {
  const location = parseFileLocation(argument);
  const registry = new GrammarRegistry();
  const document = loadDocument(location.path, registry);
  // Everything but --json is Markdown: rendered on a terminal, as it is when piped.
  const markdown = new MarkdownOutput(io.out, io.markdown);

  if (location.line === undefined) {
    const topLevel = document.units().filter((unit) => unit.parentIndex === undefined);
    if (topLevel.length === 0) throw new Error(`${location.path}: no functions or classes found`);
    if (options.json) {
      printJson(io, {
        file: location.path,
        units: topLevel.map((unit) => ({
          ...unitFacts(document, unit),
          header: describeUnit(document, unit, false),
        })),
      });
    } else {
      markdown.write(`${topLevel.map((unit) => describeUnit(document, unit, false)).join('\n\n---\n\n')}\n`);
      markdown.end();
    }
    return 0;
  }
  const offset = offsetOfLine(document, location.path, location.line, location.column);
  const { unit, target } = findTarget(document, offset, location.column !== undefined);
  if (!unit) throw new Error(`${location.path}:${location.line}: no function or class here`);
  const header = target ? structuralHeader(document, target) : describeUnit(document, unit, false);
  if (!options.json) markdown.write(header);

  const { agent, config, lastFailure } = createCliAgent(io, registry, document);
  const choice = agent.provider();
  const json = (explanation: Explanation | undefined) =>
    printJson(io, {
      file: location.path,
      line: location.line,
      column: location.column ?? null,
      unit: unitFacts(document, unit),
      header,
      explanation: explanation?.text ?? null,
      source: explanation?.source ?? 'offline',
      model: explanation?.model ?? null,
      note: explanation?.note ?? (choice.kind === 'offline' ? choice.reason : null),
    });
  if (choice.kind === 'offline') {
    // Asking for a model and not having one is an error; having none by default is not.
    if (config.provider !== 'offline' && config.provider !== 'auto') {
      if (!options.json) markdown.write('\n');
      markdown.end();
      throw new Error(`cannot explain: ${choice.reason}. ${OFFLINE_HINT}`);
    }
    if (options.json) json(undefined);
    else markdown.write(config.provider === 'offline' ? '\n' : `\n\n---\n\n${OFFLINE_NOTE}\n`);
    markdown.end();
    return 0;
  }
  if (!options.json) markdown.write('\n\n---\n\n');
  let streamed = false;
  io.progress(`asking ${choice.provider.model}`);
  const explanation = await agent.explainer.explain(document, unit, {
    signal: new AbortController().signal,
    onText: (delta) => {
      if (!streamed) io.progress(undefined);
      streamed = true;
      if (!options.json) markdown.write(delta);
    },
  });
  io.progress(undefined);
  if (!explanation.text) {
    if (!options.json) markdown.write('\n');
    markdown.end();
    throw new Error(lastFailure() ?? explanation.note ?? 'the model gave no explanation');
  }
  if (options.json) json(explanation);
  else {
    if (!streamed) markdown.write(explanation.text);
    markdown.write(
      `\n\n*${explanation.model ?? 'model'}${explanation.source === 'cache' ? ' · cached' : ''}*\n`,
    );
    markdown.end();
  }
  return 0;
}

// With a column, the symbol there (a call resolves to its definition); else the innermost unit.
function findTarget(
  document: SyntaxDocument,
  offset: number,
  atSymbol: boolean,
): { unit: CodeUnit | undefined; target: SymbolTarget | undefined } {
  const target = atSymbol ? symbolAt(document, offset) : undefined;
  if (target?.kind === 'unit') return { unit: target.unit, target };
  return { unit: unitAt(document.units(), offset), target: undefined };
}
