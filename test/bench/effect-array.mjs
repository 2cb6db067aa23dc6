/**
 * Section 9 of `npm run bench`: valid TypeScript the grammar lacks (issue 12 #1), on effect's
 * `src/Array.ts` (dual-style overloads throughout) and `src/HashMap.ts` (variance annotations): syntax
 * problems Lantern finds, top-level outline entries, the time to open the document and list its outline,
 * and a one-character edit (type `x` in an identifier, then delete it), in process, against raw
 * tree-sitter on the same edits; and how many of effect's sources have any syntax problem.
 *
 * Alone: `node test/bench/effect-array.mjs [dist …]` measures each built `dist/` given (default this
 * checkout's), so that a build of an older commit can be compared in the same run.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { editScript } from './incremental-edit.mjs';
import { REPO_ROOT } from './lsp-client.mjs';
import { ms, summarize } from './stats.mjs';
import { identifierPositions } from './stdio-requests.mjs';
import { ensureWorkloads, WORKLOADS_DIR } from './workloads.mjs';

const require = createRequire(import.meta.url);
const Parser = require('tree-sitter');
const { typescript } = require('tree-sitter-typescript');

const EFFECT_SRC = join(WORKLOADS_DIR, 'npm', 'effect-4.1.0', 'package', 'src');
const OPEN_RUNS = 7;
const EDIT_POSITIONS = 20;
const EDIT_ROUNDS = 2;

async function loadDist(dist) {
  const load = (path) => import(pathToFileURL(join(dist, path)).href);
  const { SyntaxDocument } = await load('syntax/syntax-document.js');
  const { GrammarRegistry } = await load('syntax/grammar-registry.js');
  const { findSyntaxProblems } = await load('syntax/syntax-errors.js');
  const registry = new GrammarRegistry();
  const open = (path, text) => new SyntaxDocument(`file://${path}`, 'typescript', 1, text, registry);
  return { open, findSyntaxProblems };
}

/** Problems (all, and as published: the first 100) and top-level outline entries of one file. */
function shapeOf(lantern, path) {
  const text = readFileSync(path, 'utf8');
  const document = lantern.open(path, text);
  const problems = document.tree ? lantern.findSyntaxProblems(document.tree, 100_000).length : 0;
  const topLevel = document.units().filter((unit) => unit.parentIndex === undefined).length;
  return { problems, published: Math.min(problems, 100), topLevel };
}

function openAndOutlineMs(lantern, path) {
  const text = readFileSync(path, 'utf8');
  const samples = [];
  for (let run = 0; run < OPEN_RUNS; run++) {
    const started = performance.now();
    lantern.open(path, text).units();
    samples.push(performance.now() - started);
  }
  return summarize(samples);
}

/** One-character edits in process: Lantern's applyChanges and raw tree-sitter, alternating. */
function keystrokeMs(lantern, path) {
  const text = readFileSync(path, 'utf8');
  const document = lantern.open(path, text);
  const parser = new Parser();
  parser.setLanguage(typescript);
  let rawText = text;
  let rawTree = parser.parse(rawText);
  const lineStarts = [0];
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) {
    lineStarts.push(index + 1);
  }
  const lantern_ = [];
  const raw = [];
  let version = 1;
  for (const edit of editScript(identifierPositions(text, 'typescript', EDIT_POSITIONS), EDIT_ROUNDS)) {
    const start = { line: edit.line, character: edit.character };
    const end = edit.insert ? start : { line: edit.line, character: edit.character + 1 };
    let started = performance.now();
    document.applyChanges([{ range: { start, end }, text: edit.insert ? 'x' : '' }], ++version);
    lantern_.push(performance.now() - started);

    const index = lineStarts[edit.line] + edit.character;
    const point = { row: edit.line, column: edit.character };
    const after = { row: edit.line, column: edit.character + 1 };
    started = performance.now();
    rawText = edit.insert
      ? `${rawText.slice(0, index)}x${rawText.slice(index)}`
      : rawText.slice(0, index) + rawText.slice(index + 1);
    rawTree.edit({
      startIndex: index,
      oldEndIndex: edit.insert ? index : index + 1,
      newEndIndex: edit.insert ? index + 1 : index,
      startPosition: point,
      oldEndPosition: edit.insert ? point : after,
      newEndPosition: edit.insert ? after : point,
    });
    rawTree = parser.parse(rawText, rawTree);
    raw.push(performance.now() - started);
  }
  return { lantern: summarize(lantern_), raw: summarize(raw) };
}

function effectFilesWithProblems(lantern) {
  const files = readdirSync(EFFECT_SRC, { recursive: true, withFileTypes: true }).filter(
    (entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts'),
  );
  let withProblems = 0;
  for (const entry of files) {
    const path = join(entry.parentPath, entry.name);
    const document = lantern.open(path, readFileSync(path, 'utf8'));
    if (document.tree && lantern.findSyntaxProblems(document.tree, 1).length > 0) withProblems++;
  }
  return { withProblems, files: files.length };
}

/** Measures each build; prints one block per build and returns the figures. */
export async function effectArray(dists = [join(REPO_ROOT, 'dist')]) {
  const fetched = ensureWorkloads();
  if (!fetched.ok) {
    console.log(`\n9. effect Array.ts: skipped (${fetched.reason})`);
    return [];
  }
  const arrayTs = join(EFFECT_SRC, 'Array.ts');
  const hashMapTs = join(EFFECT_SRC, 'HashMap.ts');
  const results = [];
  for (const dist of dists) {
    const lantern = await loadDist(dist);
    const array = shapeOf(lantern, arrayTs);
    const hashMap = shapeOf(lantern, hashMapTs);
    const open = openAndOutlineMs(lantern, arrayTs);
    const keystroke = keystrokeMs(lantern, arrayTs);
    const corpus = effectFilesWithProblems(lantern);
    results.push({ dist, array, hashMap, open, keystroke, corpus });
    console.log(`\n9. valid TypeScript the grammar lacks (${dist})`);
    console.log(
      `  Array.ts: ${array.problems} syntax problems (${array.published} published), ${array.topLevel} top-level outline entries`,
    );
    console.log(
      `  HashMap.ts: ${hashMap.problems} syntax problems (${hashMap.published} published), ${hashMap.topLevel} top-level outline entries`,
    );
    console.log(
      `  Array.ts open + outline: median ${ms(open.median)} ms (min ${ms(open.min)}, max ${ms(open.max)}, n ${open.n})`,
    );
    console.log(
      `  Array.ts one-character edit: applyChanges median ${ms(keystroke.lantern.median)} ms ` +
        `(min ${ms(keystroke.lantern.min)}, max ${ms(keystroke.lantern.max)}, n ${keystroke.lantern.n}); ` +
        `raw tree-sitter ${ms(keystroke.raw.median)} ms`,
    );
    console.log(`  effect sources with a syntax problem: ${corpus.withProblems} of ${corpus.files}`);
  }
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const dists = process.argv.slice(2).map((dist) => resolve(dist));
  await effectArray(dists.length > 0 ? dists : undefined);
}
