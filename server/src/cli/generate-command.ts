import { accessSync, constants, existsSync, type Stats, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { applyOffsetEdits } from '../agent/edits/unit-edit.js';
import { OFFLINE_HINT } from '../llm/offline-hint.js';
import { GrammarRegistry } from '../syntax/grammar-registry.js';
import { SyntaxDocument } from '../syntax/syntax-document.js';
import { createCliAgent } from './cli-agent.js';
import { type CliIo, printJson } from './cli-io.js';
import { generateLanguage } from './generate-language.js';
import { loadDocument } from './load-document.js';

export interface GenerateOptions {
  readonly language?: string;
  /** Append the code to this file (created when missing) instead of printing it. */
  readonly output?: string;
  readonly json?: boolean;
}

/**
 * `lantern generate "INSTRUCTION" [--language L] [-o FILE]`: the generate ability in the terminal. The
 * code is written for the end of FILE (so it fits what is there) and verified to parse; it is printed,
 * or appended to FILE with -o. Progress goes to stderr. The language: see generateLanguage.
 */
export async function generateCommand(
  instruction: string,
  io: CliIo,
  options: GenerateOptions = {},
): Promise<number> {
  if (instruction.trim() === '')
    throw new Error('usage: lantern generate "INSTRUCTION" [--language L] [-o FILE]');
  if (options.output) checkWritable(options.output);
  const registry = new GrammarRegistry();
  const document = targetDocument(options, registry);
  const { agent, lastFailure } = createCliAgent(io, registry, document);
  const choice = agent.provider();
  if (choice.kind === 'offline')
    throw new Error(`cannot generate without a model: ${choice.reason}. ${OFFLINE_HINT}`);
  const result = await agent.generator.generate(
    { document, offset: document.text.length, instruction },
    new AbortController().signal,
    (stage, detail) => io.progress(`${stage}${detail ? ` (${detail})` : ''}`),
  );
  io.progress(undefined);
  if (result.kind === 'rejected') throw new Error(lastFailure() ?? result.reason);
  const code = result.edit.edits.map((edit) => edit.newText).join('');
  if (options.output)
    writeFileSync(resolve(options.output), applyOffsetEdits(document.text, result.edit.edits));
  if (options.json) {
    printJson(io, {
      instruction,
      language: document.language?.spec.name,
      code,
      plan: result.plan,
      file: options.output ?? null,
      model: choice.provider.model,
    });
  } else if (options.output) {
    io.out(`Wrote ${code.split('\n').length - 1} lines to ${options.output}.\n`);
  } else {
    io.out(code.endsWith('\n') ? code : `${code}\n`);
  }
  return 0;
}

// Before the model is asked: a path the code cannot be written to would waste the answer (and its cost).
function checkWritable(output: string): void {
  const absolute = resolve(output);
  const folder = dirname(absolute);
  let folderStats: Stats;
  try {
    folderStats = statSync(folder);
  } catch {
    throw new Error(`${output}: no such directory ${dirname(output)}`);
  }
  if (!folderStats.isDirectory()) throw new Error(`${output}: ${dirname(output)} is not a directory`);
  try {
    accessSync(existsSync(absolute) ? absolute : folder, constants.W_OK);
  } catch {
    throw new Error(`${output}: not writable`);
  }
}

// The file the code is written for: the -o file (existing or new), else an empty one in the language.
function targetDocument(options: GenerateOptions, registry: GrammarRegistry): SyntaxDocument {
  const spec = generateLanguage(options, process.cwd());
  if (options.output && existsSync(resolve(options.output))) return loadDocument(options.output, registry);
  const uri = options.output
    ? pathToFileURL(resolve(options.output)).href
    : `untitled:generated${spec.extensions[0] ?? ''}`;
  return new SyntaxDocument(uri, spec.languageIds[0] ?? spec.name, 0, '', registry);
}
