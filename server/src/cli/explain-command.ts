import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AgentCore } from '../agent/agent-core.js';
import { describeUnit, structuralHeader } from '../agent/structural-header.js';
import { resolveConfig } from '../config.js';
import { environmentLayer, userConfigFile } from '../config-sources.js';
import type { CodeUnit } from '../syntax/code-units.js';
import { unitAt } from '../syntax/code-units.js';
import { GrammarRegistry } from '../syntax/grammar-registry.js';
import { languageFor } from '../syntax/languages.js';
import { type SymbolTarget, symbolAt } from '../syntax/symbol-at.js';
import { SyntaxDocument } from '../syntax/syntax-document.js';
import { parseFileLocation } from './file-location.js';

/** The terminal the CLI writes to, and its environment. */
export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly env: NodeJS.ProcessEnv;
}

const OFFLINE_HINT =
  '*Offline: structure only. Set ANTHROPIC_API_KEY (or LANTERN_PROVIDER=openai) for explanations.*';

/**
 * `lantern explain FILE[:LINE[:COL]]`: prints what a hover there would show — the structural header at
 * once, then the model's explanation as it streams in. With only a file, the header of every top-level
 * unit; with a line, the innermost unit there; with a column, the symbol there. Returns the exit code.
 */
export async function explainCommand(argument: string, io: CliIo): Promise<number> {
  const location = parseFileLocation(argument);
  const registry = new GrammarRegistry();
  const document = loadDocument(location.path, registry);
  if (!document.tree) throw new Error(`${location.path}: ${document.skipReason ?? 'not analysed'}`);

  if (location.line === undefined) {
    const topLevel = document.units().filter((unit) => unit.parentIndex === undefined);
    if (topLevel.length === 0) throw new Error(`${location.path}: no functions or classes found`);
    io.out(`${topLevel.map((unit) => describeUnit(document, unit, false)).join('\n\n---\n\n')}\n`);
    return 0;
  }
  const { unit, target } = findTarget(document, location.path, location.line, location.column);
  io.out(target ? structuralHeader(document, target) : describeUnit(document, unit, false));

  const file = userConfigFile(io.env);
  if (file.problem) io.err(`${file.problem}\n`);
  const { config, warnings } = resolveConfig([file.layer, environmentLayer(io.env)]);
  for (const warning of warnings) io.err(`${warning.message}\n`);
  let failure: string | undefined;
  const agent = new AgentCore({
    registry,
    env: io.env,
    notices: {
      modelProblem: (error) => {
        failure = error.message;
      },
      circuitOpened: () => undefined,
      cacheProblem: (message) => io.err(`${message}\n`),
      toolCall: () => undefined,
    },
  });
  agent.configure(config);
  const choice = agent.provider();
  if (choice.kind === 'offline') {
    io.out(config.provider === 'offline' ? '\n' : `\n\n---\n\n${OFFLINE_HINT}\n`);
    // Asking for a model and not having one is an error; having none by default is not.
    if (config.provider !== 'offline' && config.provider !== 'auto')
      throw new Error(`cannot explain: ${choice.reason}`);
    return 0;
  }
  io.out('\n\n---\n\n');
  let streamed = false;
  const explanation = await agent.explainer.explain(document, unit, {
    signal: new AbortController().signal,
    onText: (delta) => {
      streamed = true;
      io.out(delta);
    },
  });
  if (explanation.text && !streamed) io.out(explanation.text);
  if (explanation.text) {
    io.out(`\n\n*${explanation.model ?? 'model'}${explanation.source === 'cache' ? ' · cached' : ''}*\n`);
    return 0;
  }
  io.out('\n');
  throw new Error(failure ?? explanation.note ?? 'the model gave no explanation');
}

function findTarget(
  document: SyntaxDocument,
  path: string,
  line: number,
  column: number | undefined,
): { unit: CodeUnit; target: SymbolTarget | undefined } {
  const text = document.textDocument;
  if (line > text.lineCount)
    throw new Error(`${path} has ${text.lineCount} lines; line ${line} does not exist`);
  const lineText = text.getText({ start: { line: line - 1, character: 0 }, end: { line, character: 0 } });
  const character = column === undefined ? lineText.length - lineText.trimStart().length : column - 1;
  const offset = text.offsetAt({ line: line - 1, character });
  const target = column === undefined ? undefined : symbolAt(document, offset);
  if (target?.kind === 'unit') return { unit: target.unit, target };
  const unit = unitAt(document.units(), offset);
  if (!unit) throw new Error(`${path}:${line}: no function or class here`);
  return { unit, target: undefined };
}

function loadDocument(path: string, registry: GrammarRegistry): SyntaxDocument {
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
    registry,
  );
}
