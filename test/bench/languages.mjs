/**
 * Section 10 of `npm run bench`: the languages beyond TypeScript and Python (issue 12 #2), each on one
 * large, real, hand-written file fetched by scripts/get-language-files.sh (Go's net/http/server.go,
 * Rust's Iterator trait, the JDK's ConcurrentHashMap, Ruby's optparse, nlohmann/json, UniTask, and
 * tree-sitter's own query.c): the full parse when a document opens and a one-character edit (type `x`
 * in an identifier, then delete it), in process, each against raw tree-sitter doing the least for the
 * same work with the same grammar; and the outline and syntax problems Lantern finds in the file (a
 * grammar that fails on real code defeats incremental reparse and publishes false errors).
 *
 * Alone: `node test/bench/languages.mjs [languageId …]` (after `npm run build`), all seven by default.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { editScript, measureIncrementalEdits } from './incremental-edit.mjs';
import { REPO_ROOT } from './lsp-client.mjs';
import { printTable, summarize } from './stats.mjs';
import { WORKLOADS_DIR } from './workloads.mjs';

const LANGUAGES_DIR = join(WORKLOADS_DIR, 'languages');
const FETCH_SCRIPT = join(REPO_ROOT, 'scripts', 'get-language-files.sh');
const FETCH_TIMEOUT_MS = 300_000;
const FILES = [
  { languageId: 'go', name: 'server.go' },
  { languageId: 'rust', name: 'iterator.rs' },
  { languageId: 'java', name: 'ConcurrentHashMap.java' },
  { languageId: 'c', name: 'query.c' },
  { languageId: 'cpp', name: 'json.hpp' },
  { languageId: 'ruby', name: 'optparse.rb' },
  { languageId: 'csharp', name: 'UnityAsyncExtensions.cs' },
];
const OPEN_RUNS = 9;
const EDIT_POSITIONS = 30;
const EDIT_ROUNDS = 3;
const EDIT_WARMUP = 10;
// Node types that name things in all seven grammars: the edit lands inside a name, as typing does.
const NAME_TYPES = ['identifier', 'field_identifier', 'type_identifier', 'constant'];

const dist = (path) => import(pathToFileURL(join(REPO_ROOT, 'dist', path)).href);

function fetchFiles() {
  const missing = () => FILES.filter(({ name }) => !existsSync(join(LANGUAGES_DIR, name)));
  if (missing().length === 0) return undefined;
  const result = spawnSync('bash', [FETCH_SCRIPT, LANGUAGES_DIR], {
    encoding: 'utf8',
    timeout: FETCH_TIMEOUT_MS,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (missing().length === 0) return undefined;
  const why = result.error?.message ?? (result.stderr ?? '').trim().split('\n').pop();
  return `get-language-files.sh could not fetch ${missing()
    .map(({ name }) => name)
    .join(', ')} (${why})`;
}

/** Evenly spread positions in the middle of names, read off Lantern's own tree of the file. */
function namePositions(tree, count) {
  const names = tree.rootNode
    .descendantsOfType(NAME_TYPES)
    .filter((node) => node.endIndex - node.startIndex > 1);
  const step = Math.max(1, Math.floor(names.length / count));
  const positions = [];
  for (let index = 0; index < names.length && positions.length < count; index += step) {
    const node = names[index];
    const middle = Math.floor((node.endIndex - node.startIndex) / 2);
    positions.push({ line: node.startPosition.row, character: node.startPosition.column + middle });
  }
  return positions;
}

export async function languages(only = []) {
  const failure = fetchFiles();
  if (failure) {
    console.log(`\n10. languages beyond TypeScript and Python: skipped — ${failure}`);
    return;
  }
  const { SyntaxDocument } = await dist('syntax/syntax-document.js');
  const { GrammarRegistry } = await dist('syntax/grammar-registry.js');
  const { findSyntaxProblems } = await dist('syntax/syntax-errors.js');
  const { languageFor } = await dist('syntax/languages.js');
  const registry = new GrammarRegistry();
  const openRows = [];
  const editRows = [];
  const shapes = [];
  for (const { languageId, name } of FILES.filter(
    (file) => only.length === 0 || only.includes(file.languageId),
  )) {
    const path = join(LANGUAGES_DIR, name);
    const text = readFileSync(path, 'utf8');
    const uri = pathToFileURL(path).href;
    const open = () => new SyntaxDocument(uri, languageId, 1, text, registry);
    const document = open();
    if (!document.tree)
      throw new Error(`${name}: Lantern did not parse it (${document.skipReason ?? 'no reason'})`);
    const rawParser = registry.get(languageFor(languageId, uri).name).parser;
    const lantern = [];
    const raw = [];
    for (let run = 0; run < OPEN_RUNS; run++) {
      let started = performance.now();
      open().tree;
      lantern.push(performance.now() - started);
      started = performance.now();
      rawParser.parse(text);
      raw.push(performance.now() - started);
    }
    const lines = text.split('\n').length;
    const label = `${languageId}, ${name} (${lines.toLocaleString('en')} lines)`;
    openRows.push({
      label: `open: ${label}`,
      stats: summarize(lantern),
      baseline: { label: 'parser.parse', stats: summarize(raw) },
    });
    const edits = editScript(namePositions(document.tree, EDIT_POSITIONS), EDIT_ROUNDS);
    const { lanternMs, rawMs } = await measureIncrementalEdits(text, edits, EDIT_WARMUP, languageId);
    editRows.push({
      label: `keystroke: ${label}`,
      stats: summarize(lanternMs),
      baseline: { label: 'raw reparse', stats: summarize(rawMs) },
    });
    const units = document.units();
    shapes.push(
      `  ${languageId.padEnd(7)} ${name.padEnd(24)} outline: ${String(units.length).padStart(4)} units ` +
        `(${units.filter((unit) => unit.parentIndex === undefined).length} top-level); syntax problems: ` +
        `${findSyntaxProblems(document.tree, 100_000).length}`,
    );
  }
  printTable('10a. languages: open a large real file (full parse) vs raw tree-sitter parse', openRows);
  printTable('10b. languages: one-character edit (incremental reparse) vs raw tree-sitter', editRows);
  console.log('\n10c. what Lantern finds in each file');
  for (const line of shapes) console.log(line);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await languages(process.argv.slice(2));
