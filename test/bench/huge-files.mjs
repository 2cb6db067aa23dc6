/**
 * Section 8: huge and hostile files over stdio (issue 11, item 15). Each file gets a fresh server, so
 * its peak memory is its own: open → first answer, hover, outline and a one-character edit, with the
 * outline's size and the server's peak RSS. Lantern decides before parsing (too large, binary,
 * minified) and stops a parse that crawls, so none of these should take seconds. Run alone with
 * `node test/bench/huge-files.mjs` (after `npm run build`).
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { startServer } from './lsp-client.mjs';
import { printTable, summarize } from './stats.mjs';

const RUNS = 5;

/** A pseudo-random string of `length` characters drawn from `alphabet` (a fixed seed: same every run). */
function pseudoRandom(length, alphabet) {
  let state = 12_345;
  let out = '';
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    out += alphabet[state % alphabet.length];
  }
  return out;
}

const CONTROL_AND_TEXT = Array.from({ length: 254 }, (_, i) => String.fromCharCode(i + 1)).join('');
const PRINTABLE = Array.from({ length: 95 }, (_, i) => String.fromCharCode(i + 32)).join('');

/** The workloads: what the issue measured, and ordinary code of the largest size Lantern parses. */
function workloads() {
  const functions = Array.from(
    { length: 36_000 },
    (_, n) => `var g${n}=function(x,y){return x[${n % 89}]-y||[x,y]}`,
  );
  const bundle = readFileSync(new URL('../../dist/bundle/lantern-ls.mjs', import.meta.url), 'utf8');
  return [
    {
      name: 'minified.js (1.7 MB, one line)',
      languageId: 'javascript',
      text: `(function(){${functions.join(';')}})();\n`,
    },
    {
      name: 'random-bytes.ts (1 MB)',
      languageId: 'typescript',
      text: pseudoRandom(1_000_000, CONTROL_AND_TEXT),
    },
    {
      name: 'garbage.ts (1 MB printable, 80-char lines)',
      languageId: 'typescript',
      text: pseudoRandom(1_000_000, PRINTABLE).replace(/.{80}/g, '$&\n'),
    },
    { name: 'lantern-ls.mjs ×3 (1.5 MB of code)', languageId: 'javascript', text: bundle.repeat(3) },
  ];
}

function peakRssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

async function measure({ name, languageId, text }) {
  const { client } = await startServer();
  try {
    const uri = `file:///bench/huge/${name.split(' ')[0]}`;
    const textDocument = { uri };
    const opened = performance.now();
    await client.open(uri, languageId, text);
    await client.request('lantern/status', {});
    const open = performance.now() - opened;
    const hovers = [];
    const outlines = [];
    const edits = [];
    let outlineBytes = 0;
    let hoverText = '';
    for (let run = 0; run < RUNS; run++) {
      const hover = await client.timed('textDocument/hover', {
        textDocument,
        position: { line: 0, character: 200 + run },
      });
      hovers.push(hover.ms);
      hoverText = hover.result?.contents?.value ?? '(none)';
      const outline = await client.timed('textDocument/documentSymbol', { textDocument });
      outlines.push(outline.ms);
      outlineBytes = JSON.stringify(outline.result).length;
      const at = { line: 0, character: 100 + run };
      const edited = performance.now();
      await client.change(uri, [{ range: { start: at, end: at }, text: 'x' }]);
      await client.request('lantern/status', {});
      edits.push(performance.now() - edited);
    }
    const rows = [
      { label: `${name}: didOpen → next answer`, stats: summarize([open]) },
      { label: `${name}: hover`, stats: summarize(hovers) },
      { label: `${name}: documentSymbol`, stats: summarize(outlines) },
      { label: `${name}: didChange → next answer`, stats: summarize(edits) },
    ];
    const facts = `${name}: outline ${outlineBytes.toLocaleString('en')} bytes, peak RSS ${peakRssMb(client.child.pid).toFixed(0)} MB; hover: ${hoverText.slice(0, 120)}`;
    return { rows, facts };
  } finally {
    await client.stop();
  }
}

export async function hugeFiles() {
  const rows = [];
  const facts = [];
  for (const workload of workloads()) {
    const result = await measure(workload);
    rows.push(...result.rows);
    facts.push(result.facts);
  }
  printTable('8. huge and hostile files over stdio (a fresh server each)', rows);
  for (const line of facts) console.log(`  ${line}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await hugeFiles();
