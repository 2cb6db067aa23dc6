/**
 * 14. The workspace index (issue 14) on real workloads — effect's src/ and the Python standard library,
 * each copied to a temp folder (edits must not touch the workloads) and opened as the workspace folder
 * of a fresh server with an empty cache folder:
 *   - build (crawl + parse in the worker) time, and the server's peak RSS next to an idle server's;
 *   - hover and didChange + hover on an open file while the crawl runs, next to the same once idle;
 *   - workspace/symbol round trips for exact, prefix, hump and subsequence queries, vs the transport floor;
 *   - one file changed on disk → didChangeWatchedFiles → its new symbol found;
 *   - a restart on the same cache folder (warm: facts from the store, nothing parsed).
 * And in process, the event loop's delay while effect is indexed with the parser in the worker thread
 * and on the main thread: why the server parses in a worker.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { CAPABILITIES, REPO_ROOT, startServer } from './lsp-client.mjs';
import { ms, printTable, summarize } from './stats.mjs';
import { identifierPositions, transportFloor } from './stdio-requests.mjs';
import { ensureWorkloads, WORKLOADS_DIR } from './workloads.mjs';

const SYMBOL_QUERIES = 400;
const UPDATES = 10;
const IDLE_SAMPLES = 150;

const INDEX_CAPABILITIES = {
  ...CAPABILITIES,
  window: { workDoneProgress: true },
  workspace: { didChangeWatchedFiles: { dynamicRegistration: true }, symbol: {} },
};

const dist = (path) => import(pathToFileURL(join(REPO_ROOT, 'dist', path)).href);

function workloads() {
  const fetched = ensureWorkloads();
  const list = [];
  if (fetched.ok)
    list.push({
      name: 'effect src',
      root: join(WORKLOADS_DIR, 'npm', 'effect-4.1.0', 'package', 'src'),
      languageId: 'typescript',
      extension: '.ts',
      openFile: 'Schema.ts',
    });
  else console.log(`\n14. effect unavailable, its rows are skipped: ${fetched.reason}`);
  list.push({
    name: 'Python stdlib',
    root: '/usr/lib/python3.11',
    languageId: 'python',
    extension: '.py',
    openFile: 'argparse.py',
  });
  return list;
}

/** The process's peak resident set size in MB (VmHWM: threads included). */
function peakRssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

/** A server on `root` with its index log line awaited; `during` runs while the crawl is under way. */
async function indexedServer(root, cacheDir, during) {
  const logged = [];
  let markIndexed;
  const indexed = new Promise((resolve) => {
    markIndexed = resolve;
  });
  const started = performance.now();
  const { client } = await startServer({
    env: { LANTERN_CACHE_DIR: cacheDir },
    capabilities: INDEX_CAPABILITIES,
    rootUri: pathToFileURL(root).href,
  });
  client.connection.onNotification('window/logMessage', ({ message }) => {
    logged.push(message);
    if (message.startsWith('Lantern indexed')) markIndexed(performance.now());
  });
  let done = false;
  const doneAt = indexed.then((at) => {
    done = true;
    return at;
  });
  const duringResult = during ? await during(client, () => done) : undefined;
  const wallMs = (await doneAt) - started;
  const summary = logged.find((line) => line.startsWith('Lantern indexed'));
  return { client, wallMs, summary, duringResult, serverMs: Number(/in (\d+) ms/.exec(summary)?.[1]) };
}

/** Hover, and didChange + hover, at spread positions of an open file until `stop()` says so (or `count`). */
async function requestLoop(client, uri, positions, stop, count = Number.POSITIVE_INFINITY) {
  const hover = [];
  const changed = [];
  for (let i = 0; !stop() && hover.length < count; i++) {
    const position = positions[i % positions.length];
    let started = performance.now();
    await client.request('textDocument/hover', { textDocument: { uri }, position });
    hover.push(performance.now() - started);
    // Type one character at the identifier, then take it back (two edits, text unchanged after).
    const at = { line: position.line, character: position.character };
    for (const change of [
      { range: { start: at, end: at }, text: 'x' },
      { range: { start: at, end: { line: at.line, character: at.character + 1 } }, text: '' },
    ]) {
      started = performance.now();
      await client.change(uri, [change]);
      await client.request('textDocument/hover', { textDocument: { uri }, position });
      changed.push(performance.now() - started);
    }
  }
  return { hover, changed };
}

/** Queries of every rank built from real unit names: exact, prefix, camel-case humps, subsequence. */
function symbolQueries(files, count) {
  const names = new Set();
  for (const file of files.slice(0, 200)) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/(?:function|class|def|const|interface|type)\s+([A-Za-z_]\w{3,})/g))
      names.add(match[1]);
  }
  const list = [...names];
  const step = Math.max(1, Math.floor(list.length / (count / 4)));
  const queries = [];
  for (let index = 0; index < list.length && queries.length < count; index += step) {
    const name = list[index];
    const humps =
      name
        .replace(/^_+/, '')
        .match(/^[a-z]|[A-Z]|_[a-z]/g)
        ?.join('')
        .replace(/_/g, '') ?? name[0];
    queries.push(
      name,
      name.slice(0, 3),
      humps.length >= 2 ? humps : name.slice(0, 2),
      name[0] + name.slice(-2),
    );
  }
  return queries;
}

async function listFiles(root, extension) {
  const { listSourceFiles } = await dist('workspace/index/source-files.js');
  const limits = { exclude: ['node_modules/', '__pycache__/'], maxFileBytes: 1_000_000, maxFiles: 50_000 };
  const { files } = await listSourceFiles(root, limits);
  return files.map((file) => file.path).filter((path) => path.endsWith(extension));
}

async function measureWorkload(workload, idleRssMb, checks) {
  const copy = mkdtempSync(join(tmpdir(), 'lantern-bench-index-'));
  const cacheDir = mkdtempSync(join(tmpdir(), 'lantern-bench-cache-'));
  cpSync(workload.root, copy, { recursive: true, filter: (source) => !source.includes('__pycache__') });
  try {
    const files = await listFiles(copy, workload.extension);
    const lines = files.reduce((sum, file) => sum + readFileSync(file, 'utf8').split('\n').length - 1, 0);
    const openPath = files.find((file) => file.endsWith(`/${workload.openFile}`)) ?? files[0];
    const openText = readFileSync(openPath, 'utf8');
    const uri = pathToFileURL(openPath).href;
    const positions = identifierPositions(openText, workload.languageId, 200);
    const label = `${workload.name} (${files.length} files, ${lines.toLocaleString('en')} lines)`;

    // Cold: while it indexes, hover and type in an open file.
    const cold = await indexedServer(copy, cacheDir, async (client, indexed) => {
      await client.open(uri, workload.languageId, openText);
      return requestLoop(client, uri, positions, indexed);
    });
    const { client } = cold;
    const coldRss = peakRssMb(client.child.pid);
    const idle = await requestLoop(client, uri, positions, () => false, IDLE_SAMPLES);
    const floor = summarize(await transportFloor(client, 100));

    const queries = symbolQueries(files, SYMBOL_QUERIES);
    const symbolMs = [];
    for (const query of queries) {
      const started = performance.now();
      await client.request('workspace/symbol', { query });
      symbolMs.push(performance.now() - started);
    }

    const updateMs = [];
    for (let run = 0; run < UPDATES; run++) {
      const file = files[Math.floor(((run + 0.5) * files.length) / UPDATES)];
      const name = workload.languageId === 'python' ? `lantern_bench_${run}` : `lanternBench${run}`;
      const added =
        workload.languageId === 'python'
          ? `\n\ndef ${name}():\n    pass\n`
          : `\nexport function ${name}() {}\n`;
      writeFileSync(file, readFileSync(file, 'utf8') + added);
      const started = performance.now();
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
        changes: [{ uri: pathToFileURL(file).href, type: 2 }],
      });
      for (;;) {
        const found = await client.request('workspace/symbol', { query: name });
        if (found.some((symbol) => symbol.name === name)) break;
      }
      updateMs.push(performance.now() - started);
    }
    await client.stop();

    const warm = await indexedServer(copy, cacheDir);
    const warmRss = peakRssMb(warm.client.child.pid);
    await warm.client.stop();

    console.log(`\n${label}\n  cold: ${cold.summary}\n  warm: ${warm.summary}`);
    printTable(`14. workspace index: ${label}`, [
      { label: 'build, cold (initialized → indexed, client side)', stats: summarize([cold.wallMs]) },
      {
        label: 'restart, warm store (initialized → indexed)',
        stats: summarize([warm.wallMs]),
        baseline: { label: 'cold', stats: summarize([cold.wallMs]) },
      },
      { label: 'one file changed → its symbol found', stats: summarize(updateMs) },
      {
        label: `workspace/symbol (${queries.length} queries)`,
        stats: summarize(symbolMs),
        baseline: { label: 'transport floor', stats: floor },
        compare: 'minus',
      },
      {
        label: 'hover while indexing',
        stats: summarize(cold.duringResult.hover),
        baseline: { label: 'idle', stats: summarize(idle.hover) },
      },
      {
        label: 'didChange + hover while indexing',
        stats: summarize(cold.duringResult.changed),
        baseline: { label: 'idle', stats: summarize(idle.changed) },
      },
    ]);
    printTable(
      `14. peak RSS: ${label}`,
      [
        {
          label: 'server, cold build',
          stats: summarize([coldRss]),
          baseline: { label: 'idle server', stats: summarize([idleRssMb]) },
        },
        {
          label: 'server, warm restart',
          stats: summarize([warmRss]),
          baseline: { label: 'idle server', stats: summarize([idleRssMb]) },
        },
      ],
      { unit: 'MB' },
    );
    const symbols = summarize(symbolMs);
    checks.push({
      target: `workspace/symbol p99 ≤ 50 ms, ${workload.name}`,
      met: (symbols.p99 ?? symbols.max) <= 50,
      figure: `${ms(symbols.p99 ?? symbols.max)} ms`,
    });
    const hoverRatio = summarize(cold.duringResult.hover).median / summarize(idle.hover).median;
    checks.push({
      target: `hover p50 while indexing ≤ 2× idle, ${workload.name}`,
      met: hoverRatio <= 2,
      figure: `${hoverRatio.toFixed(2)}×`,
    });
    checks.push({
      target: `warm restart parses nothing, ${workload.name}`,
      met: /\(0 parsed/.test(warm.summary ?? ''),
      figure: warm.summary ?? 'no summary',
    });
  } finally {
    rmSync(copy, { recursive: true, force: true });
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

/** The event loop's delay in this process while a crawl runs with the given parser. */
async function loopDelayDuringCrawl(root, makeParser) {
  const { WorkspaceIndex } = await dist('workspace/index/workspace-index.js');
  const { IndexBuilder } = await dist('workspace/index/index-builder.js');
  const index = new WorkspaceIndex();
  index.setRoots([root]);
  const parser = await makeParser();
  const builder = new IndexBuilder({
    index,
    parser,
    store: undefined,
    limits: () => ({ exclude: ['node_modules/', '__pycache__/'], maxFileBytes: 1_000_000, maxFiles: 50_000 }),
    log: () => undefined,
  });
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const summary = await builder.crawl([root], () => undefined);
  delay.disable();
  await parser.close();
  return { summary, p50: delay.percentile(50) / 1e6, p99: delay.percentile(99) / 1e6, max: delay.max / 1e6 };
}

async function mainThreadVersusWorker(root) {
  const { GrammarRegistry } = await dist('syntax/grammar-registry.js');
  const { InlineFactsParser, WorkerFactsParser } = await dist('workspace/index/facts-parser.js');
  const worker = await loopDelayDuringCrawl(
    root,
    () => new WorkerFactsParser(pathToFileURL(join(REPO_ROOT, 'dist', 'bundle', 'index-worker.mjs'))),
  );
  const inline = await loopDelayDuringCrawl(root, () => new InlineFactsParser(new GrammarRegistry()));
  console.log(
    `\n14. event loop delay while effect is indexed, in process (ms; p50 / p99 / max): the time a request waits`,
  );
  for (const [label, run] of [
    ['parser in a worker thread', worker],
    ['parser on the main thread', inline],
  ])
    console.log(
      `  ${label.padEnd(28)} ${ms(run.p50)} / ${ms(run.p99)} / ${ms(run.max)}   (crawl ${run.summary.ms} ms, ${run.summary.parsed} files parsed)`,
    );
  return [
    {
      target: 'event loop p99 while indexing, worker vs main thread',
      met: worker.p99 < inline.p99,
      figure: `${ms(worker.p99)} vs ${ms(inline.p99)} ms`,
    },
  ];
}

export async function workspaceIndexBench() {
  const checks = [];
  const idle = await startServer({ capabilities: INDEX_CAPABILITIES });
  const idleRssMb = peakRssMb(idle.client.child.pid);
  await idle.client.stop();
  const list = workloads();
  for (const workload of list) await measureWorkload(workload, idleRssMb, checks);
  const effect = list.find((workload) => workload.name === 'effect src');
  if (effect) checks.push(...(await mainThreadVersusWorker(effect.root)));
  return checks;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const checks = await workspaceIndexBench();
  for (const { target, met, figure } of checks)
    console.log(`  ${met ? 'met   ' : 'MISSED'}  ${target}: ${figure}`);
}
