/**
 * `npm run bench`: Lantern's latencies, each next to a baseline measured in the same run.
 *   1. spawn → `initialize` result          vs spawn → exit of `node -e 0`
 *   2. one-character didChange on a generated 5,000-line TypeScript file: in process, SyntaxDocument
 *      vs raw tree-sitter (target ≤ 1.5×); over stdio, didChange + request minus the request alone
 *   3. hover and documentSymbol over stdio on that file (target hover p50 < 5 ms) vs the transport floor
 *   4. documentSymbol (and hover) on the largest real files: effect's Effect.ts, the stdlib's largest .py
 *   5. a model-made fix on a 2,000-line file with a zero-latency fake model: resolve → edit, and the
 *      edit pipeline (with verification) in process
 *   6. an explain hover with a zero-latency fake model (cache miss, and hit: target p50 < 5 ms), and
 *      prompt tokens per explanation on real files next to a whole-file prompt
 *   7. model requests per 100 hovers during a replayed typing session (a hover after every keystroke),
 *      next to the floor of one per pause in the typing
 *   8. huge and hostile files (1.7 MB minified line, 1 MB of random bytes or of printable garbage,
 *      1.5 MB of code): open, hover, outline, edit, outline size and peak memory, a fresh server each
 *   9. valid TypeScript the grammar lacks (issue 12): syntax problems and outline of effect's Array.ts and
 *      HashMap.ts, Array.ts open + outline and one-character edit vs raw tree-sitter, effect files with errors
 *  10. Go, Rust, Java, C, C++, Ruby, C#: open (full parse) and one-character edit of a large real file of
 *      each vs raw tree-sitter with the same grammar; outline size and syntax problems found
 *  11. the performance monitor per agent request: a trivial ability called plain, monitored, and monitored
 *      with a Prometheus exporter (µs per request)
 *  12. context recall of explain prompts on 40 rxjs functions against the TypeScript compiler's resolution of
 *      their callees (target ≥ 90%), and the prompt's size over its whole file (target median ≤ 0.3)
 *  13. `lantern serve`: autocannon on /api/v1/health and an offline /api/v1/understand (requests/s, p99), and
 *      one understand request over HTTP vs the same work in process (target: HTTP layer under 1 ms at p50)
 *  14. the workspace index on effect and the Python stdlib: build time and peak RSS, warm restart, one
 *      file changed, workspace/symbol p50/p99, hover and didChange while indexing vs idle; event-loop
 *      delay with the parser in a worker vs on the main thread
 *  15. completion as you type (issue 15): an inline completion with a zero-latency model minus the same HTTP
 *      exchange (target p50 < 5 ms), hover and codeAction during a completion burst vs without (ratio),
 *      model calls per 100 keystrokes of a replayed typing session
 * Medians over repeated runs with min/max, and p99 where the sample is large. Results: RESULTS.md.
 */
import { cpus, loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { completionBench } from './completion-bench.mjs';
import { contextRecall } from './context-recall.mjs';
import { effectArray } from './effect-array.mjs';
import { explainOverhead } from './explain-overhead.mjs';
import { fixOverhead } from './fix-overhead.mjs';
import { generateTypeScript, typingPositions } from './generate-typescript.mjs';
import { hugeFiles } from './huge-files.mjs';
import { editScript, measureIncrementalEdits } from './incremental-edit.mjs';
import { languages } from './languages.mjs';
import { bareNodeMs, startServer } from './lsp-client.mjs';
import { monitorOverhead } from './monitor-overhead.mjs';
import { serviceOverhead } from './service.mjs';
import { ms, printTable, summarize } from './stats.mjs';
import {
  changeThenRequest,
  hoverLatencies,
  identifierPositions,
  openAndFirstSymbols,
  symbolLatencies,
  syntaxErrorCount,
  transportFloor,
} from './stdio-requests.mjs';
import { typingHovers } from './typing-hovers.mjs';
import { ensureWorkloads, largestPythonFiles, largestTypeScriptFile } from './workloads.mjs';
import { workspaceIndexBench } from './workspace-index.mjs';

const SPAWN_RUNS = 12;
const EDIT_POSITIONS = 60;
const EDIT_ROUNDS = 5; // × 2 edits (type, delete) per position and round
const EDIT_WARMUP = 40;
const STDIO_EDITS = 150;
const HOVERS = 300;
const SYMBOL_RUNS = 100;
const FLOOR_RUNS = 200;
const REAL_SYMBOL_RUNS = 30;
const REAL_HOVERS = 200;
const MIN_REAL_HOVERS = 20;
const REAL_EDITS = 40;
const REAL_EDIT_POSITIONS = 12; // in process, × 2 edits: ~0.3 s each on a tree full of errors

const checks = [];
const check = (target, met, figure) => checks.push({ target, met, figure });
const stat = (label, samples) => ({ label, stats: summarize(samples) });

async function spawnToInitialize() {
  const server = [];
  const node = [];
  // One of each first, unrecorded: the first spawn pays for a cold file cache.
  for (let run = -1; run < SPAWN_RUNS; run++) {
    const bare = await bareNodeMs();
    const { client, initializeMs } = await startServer();
    await client.stop();
    if (run < 0) continue;
    node.push(bare);
    server.push(initializeMs);
  }
  const baseline = stat('node -e 0', node);
  printTable('1. spawn → initialize result', [
    { ...stat('lantern-ls --stdio', server), baseline, compare: 'minus' },
  ]);
}

/** A row of "didChange + request" against "request alone": the difference is what the change costs. */
function changeRow(method, { withChange, alone }) {
  return {
    ...stat(`didChange + ${method}`, withChange),
    baseline: stat(`${method} alone`, alone),
    compare: 'minus',
  };
}

function spreadEvenly(items, count) {
  const step = Math.max(1, Math.floor(items.length / count));
  return items.filter((_, index) => index % step === 0).slice(0, count);
}

async function incrementalEditInProcess(text, positions, realTypeScript) {
  const edits = editScript(spreadEvenly(positions, EDIT_POSITIONS), EDIT_ROUNDS);
  const rows = [
    editRow('5,000-line generated file', await measureIncrementalEdits(text, edits, EDIT_WARMUP)),
  ];
  if (realTypeScript) {
    const { path, lines, text: realText } = realTypeScript;
    const realEdits = editScript(identifierPositions(realText, 'typescript', REAL_EDIT_POSITIONS), 1);
    const name = `${path.split('/').pop()} (${lines.toLocaleString('en')} lines)`;
    rows.push(editRow(name, await measureIncrementalEdits(realText, realEdits, 4)));
  }
  printTable('2a. one-character edit, in process, until the tree is updated', rows);
  const [generated] = rows;
  const ratio = generated.stats.median / generated.baseline.stats.median;
  check(
    'didChange in process ≤ 1.5× raw tree-sitter (median, 5,000 lines)',
    ratio <= 1.5,
    `${ratio.toFixed(2)}×`,
  );
}

function editRow(name, { lanternMs, rawMs }) {
  return {
    ...stat(`${name}: SyntaxDocument.applyChanges`, lanternMs),
    baseline: stat('raw tree-sitter', rawMs),
  };
}

async function generatedFileOverStdio(client, text, positions) {
  const uri = 'file:///bench/generated-5000.ts';
  const open = await openAndFirstSymbols(client, uri, 'typescript', text);
  const floor = stat('transport floor', await transportFloor(client, FLOOR_RUNS));
  const hovers = await hoverLatencies(client, uri, identifierPositions(text, 'typescript', HOVERS));
  const symbols = await symbolLatencies(client, uri, SYMBOL_RUNS);

  const edits = editScript(spreadEvenly(positions, STDIO_EDITS / 2), 1);
  const codeAction = await changeThenRequest(client, uri, edits, 'textDocument/codeAction', (edit) => ({
    textDocument: { uri },
    range: { start: { line: edit.line, character: 0 }, end: { line: edit.line + 1, character: 0 } },
    context: { diagnostics: [] },
  }));
  const hoverAfter = await changeThenRequest(client, uri, edits, 'textDocument/hover', (edit) => ({
    textDocument: { uri },
    position: { line: edit.line, character: edit.character - 1 },
  }));
  const symbolsAfter = await changeThenRequest(client, uri, edits, 'textDocument/documentSymbol', () => ({
    textDocument: { uri },
  }));

  printTable('2b. one-character didChange over stdio, then a request that needs the new tree', [
    changeRow('codeAction', codeAction),
    changeRow('hover', hoverAfter),
    changeRow('documentSymbol', symbolsAfter),
  ]);

  const hover = stat(`hover (${hovers.answered}/${HOVERS} answered)`, hovers.samples);
  const symbol = stat(`documentSymbol (${open.symbols} symbols)`, symbols);
  printTable('3. requests over stdio on the 5,000-line file (warm)', [
    { ...hover, baseline: floor, compare: 'minus' },
    { ...symbol, baseline: floor, compare: 'minus' },
    { label: 'didOpen → first documentSymbol (cold)', stats: summarize([open.ms]) },
  ]);
  check('hover p50 < 5 ms (5,000-line file)', hover.stats.median < 5, `${ms(hover.stats.median)} ms`);
  check('hover p99 ≤ 10 ms (5,000-line file)', hover.stats.p99 <= 10, `${ms(hover.stats.p99)} ms`);
  await client.settled(uri);
}

/** documentSymbol (and hover, and an outline refresh after a keystroke) on one real file. */
async function realFileRows(client, file) {
  const uri = pathToFileURL(file.path).href;
  const name = `${file.path.split('/').pop()} (${file.lines.toLocaleString('en')} lines)`;
  const open = await openAndFirstSymbols(client, uri, file.languageId, file.text);
  const floor = stat('transport floor', await transportFloor(client, FLOOR_RUNS / 4));
  const symbols = await symbolLatencies(client, uri, REAL_SYMBOL_RUNS);
  const symbol = stat(`${name}: documentSymbol (${open.symbols} symbols)`, symbols);
  const rows = [
    { label: `${name}: didOpen → first documentSymbol`, stats: summarize([open.ms]) },
    { ...symbol, baseline: floor, compare: 'minus' },
  ];
  check(
    `documentSymbol p99-level (max) ≤ 50 ms, ${name}`,
    symbol.stats.max <= 50,
    `${ms(symbol.stats.max)} ms`,
  );
  const positions = identifierPositions(file.text, file.languageId, REAL_HOVERS);
  // A file that is one big literal (pydoc's topics.py) has too few names to hover meaningfully.
  if (positions.length >= MIN_REAL_HOVERS) {
    const hovers = await hoverLatencies(client, uri, positions);
    const hover = stat(`${name}: hover (${hovers.answered}/${positions.length} answered)`, hovers.samples);
    rows.push({ ...hover, baseline: floor, compare: 'minus' });
    const tail = hover.stats.p99 ?? hover.stats.max; // p99 needs 100 samples; the max is stricter
    check(`hover p99 ≤ 10 ms, ${name}`, tail <= 10, `${ms(tail)} ms`);
    // Typing inside identifiers keeps the file valid; an editor's outline asks again after each change.
    const edits = editScript(spreadEvenly(positions, REAL_EDITS / 2), 1);
    const refresh = await changeThenRequest(client, uri, edits, 'textDocument/documentSymbol', () => ({
      textDocument: { uri },
    }));
    rows.push({ ...changeRow('documentSymbol', refresh), label: `${name}: didChange + documentSymbol` });
  }
  // The last edit's diagnostics are computed after a quiet time: let them finish before the next file.
  await client.settled(uri);
  return rows;
}

/** The largest real files: effect's Effect.ts (if the workloads could be fetched) and the stdlib's .py. */
function realFiles() {
  const fetched = ensureWorkloads();
  if (!fetched.ok) console.log(`\nnpm workloads unavailable, their rows are skipped: ${fetched.reason}`);
  const typescript = fetched.ok ? largestTypeScriptFile() : undefined;
  const python = largestPythonFiles(2);
  const files = [
    ...(typescript ? [{ ...typescript, languageId: 'typescript' }] : []),
    ...python.map((file) => ({ ...file, languageId: 'python' })),
  ];
  for (const file of files) {
    const errors = syntaxErrorCount(file.text, file.languageId);
    console.log(`real file: ${file.path} (${file.lines} lines, ${errors} ERROR nodes in its tree)`);
  }
  return { typescript: files.find((file) => file.languageId === 'typescript'), files };
}

async function realFilesOverStdio(client, files) {
  if (files.length === 0) return;
  const rows = [];
  for (const file of files) rows.push(...(await realFileRows(client, file)));
  printTable('4. largest real files over stdio (warm unless marked)', rows);
}

function loadAverage() {
  return loadavg()
    .map((load) => load.toFixed(2))
    .join(' / ');
}

async function main() {
  const started = performance.now();
  console.log(
    `Lantern benchmark — ${new Date().toISOString()}, Node ${process.version}, ${cpus().length} cores`,
  );
  // Tails (max, p99) mean little on a machine busy with other work: say how busy it was.
  console.log(`load average (1/5/15 min) at start: ${loadAverage()}`);
  const text = generateTypeScript(5000);
  const positions = typingPositions(text);
  const real = realFiles();

  await spawnToInitialize();
  await incrementalEditInProcess(text, positions, real.typescript);
  const { client } = await startServer();
  try {
    await generatedFileOverStdio(client, text, positions);
    await realFilesOverStdio(client, real.files);
  } finally {
    await client.stop();
  }
  await fixOverhead();
  checks.push(...(await explainOverhead()));
  checks.push(...(await typingHovers()));
  await hugeFiles();
  await effectArray();
  await languages();
  await monitorOverhead();
  checks.push(...(await contextRecall()));
  checks.push(...(await serviceOverhead()));
  checks.push(...(await workspaceIndexBench()));
  checks.push(...(await completionBench()));

  console.log('\nTargets');
  for (const { target, met, figure } of checks)
    console.log(`  ${met ? 'met   ' : 'MISSED'}  ${target}: ${figure}`);
  console.log(`\nload average (1/5/15 min) at end: ${loadAverage()}`);
  console.log(`benchmark took ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

await main();
