/**
 * Section 5: what Lantern adds to a model-made fix. A fake Anthropic server on 127.0.0.1 answers at
 * once with a corrected unit, so `codeAction/resolve` → edit measures our overhead: context, prompt,
 * the SDK's HTTP + SSE, the edit pipeline and its verification. The baseline is the same HTTP exchange
 * made directly with fetch. In process: the edit pipeline alone, next to a full reparse of the file.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startFakeAnthropic } from './fake-anthropic.mjs';
import { generateTypeScript } from './generate-typescript.mjs';
import { CAPABILITIES, REPO_ROOT, startServer } from './lsp-client.mjs';
import { printTable, summarize } from './stats.mjs';

const RESOLVES = 40;
const PIPELINE_RUNS = 60;

const dist = (path) => import(pathToFileURL(join(REPO_ROOT, 'dist', path)).href);

/** A unit in the middle of the file with a body of a few lines, and its fixed version. */
async function pickUnit(text) {
  const { GrammarRegistry } = await dist('syntax/grammar-registry.js');
  const { SyntaxDocument } = await dist('syntax/syntax-document.js');
  const registry = new GrammarRegistry();
  const document = new SyntaxDocument('file:///bench/fix.ts', 'typescript', 1, text, registry);
  const units = document.units().filter((unit) => unit.kind === 'method');
  const unit = units[Math.floor(units.length / 2)];
  const code = text.slice(unit.startIndex, unit.endIndex);
  const lines = code.split('\n');
  const fixed = [lines[0], `    // checked by Lantern`, ...lines.slice(1)].join('\n');
  const line = document.textDocument.positionAt(unit.startIndex).line;
  return {
    document,
    registry,
    unit,
    fixed,
    line,
    answer: `The value was not checked.\n\n\`\`\`ts\n${fixed}\n\`\`\``,
  };
}

export async function fixOverhead() {
  const text = generateTypeScript(2000);
  const { document, registry, unit, line, answer } = await pickUnit(text);
  const { editUnitFromAnswer } = await dist('agent/edits/unit-edit.js');
  const { default: Parser } = await import('tree-sitter');
  const { createRequire } = await import('node:module');
  const grammar = createRequire(import.meta.url)('tree-sitter-typescript').typescript;
  const parser = new Parser();
  parser.setLanguage(grammar);

  const pipeline = [];
  const reparse = [];
  for (let run = -5; run < PIPELINE_RUNS; run++) {
    let started = performance.now();
    editUnitFromAnswer(document, unit, answer, registry);
    const pipelineMs = performance.now() - started;
    started = performance.now();
    parser.parse(text);
    const reparseMs = performance.now() - started;
    if (run < 0) continue; // warm-up
    pipeline.push(pipelineMs);
    reparse.push(reparseMs);
  }

  const fake = await startFakeAnthropic(answer);
  const capabilities = {
    ...CAPABILITIES,
    textDocument: {
      ...CAPABILITIES.textDocument,
      codeAction: {
        ...CAPABILITIES.textDocument.codeAction,
        resolveSupport: { properties: ['edit'] },
        dataSupport: true,
      },
    },
    workspace: { workspaceEdit: { documentChanges: true } },
  };
  const { client } = await startServer({
    env: { ANTHROPIC_API_KEY: 'bench-key', ANTHROPIC_BASE_URL: fake.url },
    capabilities,
  });
  const resolves = [];
  const exchanges = [];
  try {
    const uri = 'file:///bench/fix.ts';
    await client.open(uri, 'typescript', text);
    const diagnostic = {
      range: { start: { line: line + 1, character: 4 }, end: { line: line + 1, character: 10 } },
      message: 'value is not checked',
      source: 'bench',
    };
    const actions = await client.request('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    });
    const action = actions.find((candidate) => candidate.title.startsWith('Fix with Lantern'));
    for (let run = -3; run < RESOLVES; run++) {
      const { ms, result } = await client.timed('codeAction/resolve', action);
      if (!result.edit) throw new Error(`the bench fix was not applied: ${JSON.stringify(result)}`);
      const exchange = await fake.directExchangeMs();
      if (run < 0) continue;
      resolves.push(ms);
      exchanges.push(exchange);
    }
  } finally {
    await client.stop();
    await fake.close();
  }
  printTable('5. model-made fix on a 2,000-line file, zero-latency fake model', [
    {
      label: 'codeAction/resolve → verified edit',
      stats: summarize(resolves),
      baseline: { label: 'same HTTP+SSE via fetch', stats: summarize(exchanges) },
      compare: 'minus',
    },
    {
      label: 'edit pipeline in process (verify included)',
      stats: summarize(pipeline),
      baseline: { label: 'full tree-sitter parse', stats: summarize(reparse) },
    },
  ]);
}
