/**
 * Section 12: does the explain prompt hold what the code calls? On a sample of rxjs functions, each
 * callee the TypeScript compiler resolves (typescript-5's type checker over the whole of rxjs' src) is
 * looked for in the prompt Lantern builds for the function (in process, as the Explainer builds it):
 *   - context recall: the share of callee definitions found in the prompt (target ≥ 90%);
 *   - the prompt's size over the size of the function's whole file (target median ≤ 0.3).
 * A callee counts as found when the prompt holds one of its declarations' headers — `name(parameters)`
 * as written, whitespace and comments aside; for a class constructed with `new`, `class Name` and, where it has one,
 * its `constructor(…)`. Callees declared outside rxjs' src (the standard library) or inside the function
 * itself are not counted. Run alone: `node test/bench/context-recall.mjs [--verbose]` (after a build).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript-5';
import { REPO_ROOT } from './lsp-client.mjs';
import { printTable, summarize } from './stats.mjs';
import { ensureWorkloads, WORKLOADS_DIR } from './workloads.mjs';

const SAMPLE = 40;
const RXJS = join(WORKLOADS_DIR, 'npm', 'rxjs-7.8.2', 'package');
const dist = (path) => import(pathToFileURL(join(REPO_ROOT, 'dist', path)).href);

/** rxjs' src as one program, as its own tsconfig sees it (`rxjs` and `rxjs/*` mapped to src). */
function rxjsProgram() {
  const src = join(RXJS, 'src');
  const files = readdirSync(src, { recursive: true })
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.d.ts'))
    .map((name) => join(src, name));
  const program = ts.createProgram(files, {
    target: ts.ScriptTarget.ES2020,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    lib: ['lib.es2020.d.ts', 'lib.dom.d.ts'],
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    baseUrl: src,
    paths: { rxjs: ['./'], 'rxjs/*': ['./*'] },
  });
  return { program, checker: program.getTypeChecker(), src };
}

const CALLABLE = new Set([
  ts.SyntaxKind.FunctionDeclaration,
  ts.SyntaxKind.MethodDeclaration,
  ts.SyntaxKind.MethodSignature,
  ts.SyntaxKind.Constructor,
  ts.SyntaxKind.ClassDeclaration,
]);

/** The declarations a call resolves to, as the checker sees them: a function's, a method's, a class's. */
function calleeSymbol(checker, call) {
  const expression = call.expression;
  const at = ts.isPropertyAccessExpression(expression) ? expression.name : expression;
  let symbol = checker.getSymbolAtLocation(at);
  if (expression.kind === ts.SyntaxKind.SuperKeyword) {
    const declaration = checker.getResolvedSignature(call)?.declaration;
    symbol = declaration?.parent && ts.isClassLike(declaration.parent) ? declaration.parent.symbol : symbol;
  }
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  return symbol;
}

function isDefinition(declaration) {
  if (CALLABLE.has(declaration.kind)) return true;
  // const f = (…) => …  /  const f = function (…) {…}
  return (
    ts.isVariableDeclaration(declaration) &&
    declaration.initializer !== undefined &&
    (ts.isArrowFunction(declaration.initializer) || ts.isFunctionExpression(declaration.initializer))
  );
}

const collapse = (text) => text.replace(/\s+/g, ' ');

/** What of a declaration must be in the prompt for it to count as there. */
function headersOf(declaration, source) {
  if (ts.isClassDeclaration(declaration)) {
    const name = declaration.name?.text ?? '';
    const initializer = declaration.members.find(ts.isConstructorDeclaration);
    const headers = [new RegExp(`\\bclass ${name}\\b`)];
    if (initializer) headers.push(...headersOf(initializer, source));
    return headers;
  }
  if (ts.isVariableDeclaration(declaration) && declaration.initializer)
    return [header(declaration.getStart(source), declaration.initializer, source)];
  if (ts.isConstructorDeclaration(declaration))
    return [header(source.text.indexOf('constructor', declaration.getStart(source)), declaration, source)];
  return [header(declaration.name.getStart(source), declaration, source)];
}

/**
 * A declaration's text from `start` (its name) to the end of its parameter list, type parameters
 * included, without the comments in it (a doc comment on each parameter is no part of the declaration).
 */
function header(start, fn, source) {
  const text = source.text.slice(start, fn.parameters.end + 1);
  return collapse(text.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/(^|\s)\/\/[^\n]*/g, '$1'));
}

function holds(prompt, headers) {
  return headers.every((header) =>
    typeof header === 'string' ? prompt.includes(header) : header.test(prompt),
  );
}

/** The functions and methods of rxjs with at least one callee in rxjs itself, each with its callees. */
function candidates({ program, checker, src }) {
  const found = [];
  for (const source of program.getSourceFiles()) {
    if (!source.fileName.startsWith(src) || source.isDeclarationFile) continue;
    const visit = (node) => {
      if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) && node.body && node.name) {
        const callees = calleesOf(checker, node, src);
        if (callees.length > 0)
          found.push({
            path: source.fileName,
            name: node.name.getText(source),
            nameStart: node.name.getStart(source),
            callees,
          });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found.sort((a, b) => a.path.localeCompare(b.path) || a.nameStart - b.nameStart);
}

function calleesOf(checker, fn, src) {
  const bySymbol = new Map();
  const visit = (node) => {
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      const symbol = calleeSymbol(checker, node);
      const declarations = (symbol?.declarations ?? []).filter(
        (declaration) =>
          isDefinition(declaration) &&
          declaration.getSourceFile().fileName.startsWith(src) &&
          !(
            declaration.pos >= fn.pos &&
            declaration.end <= fn.end &&
            declaration.getSourceFile() === fn.getSourceFile()
          ),
      );
      if (symbol && declarations.length > 0 && !bySymbol.has(symbol)) {
        const isNew = ts.isNewExpression(node) || node.expression.kind === ts.SyntaxKind.SuperKeyword;
        const kept = isNew ? declarations.filter(ts.isClassDeclaration) : declarations;
        if (kept.length > 0)
          bySymbol.set(symbol, {
            label: `${node.expression.getText().slice(0, 60)}`,
            file: kept[0].getSourceFile().fileName,
            headers: kept.map((declaration) => headersOf(declaration, declaration.getSourceFile())),
          });
      }
    }
    ts.forEachChild(node, visit);
  };
  if (fn.body) visit(fn.body);
  return [...bySymbol.values()];
}

/** The explain prompt Lantern sends for the unit named at `nameStart` in `path`. */
async function lanternPrompts() {
  const { GrammarRegistry } = await dist('syntax/grammar-registry.js');
  const { WorkspaceFiles } = await dist('workspace/workspace-files.js');
  const { explainValues } = await dist('agent/explain.js');
  const { loadPrompt, renderTemplate } = await dist('agent/prompt-templates.js');
  const { DEFAULT_CONFIG } = await dist('config.js');
  const files = new WorkspaceFiles(new GrammarRegistry(), () => undefined);
  const sources = { files, workspaceRoot: RXJS };
  const explain = loadPrompt('explain');
  return (path, nameStart) => {
    const document = files.document(path);
    const unit = document?.units().find((candidate) => candidate.nameStartIndex === nameStart);
    if (!document || !unit) return undefined;
    const values = explainValues(document, unit, sources, DEFAULT_CONFIG.context.maxTokens);
    const prompt = renderTemplate(explain.user, values);
    return { prompt, unitChars: unit.endIndex - unit.startIndex };
  };
}

/** Measures the sample; returns per-function rows. */
export async function measureRecall() {
  const tsProgram = rxjsProgram();
  const all = candidates(tsProgram);
  const sample = Array.from(
    { length: Math.min(SAMPLE, all.length) },
    (_, index) => all[Math.floor((index * all.length) / SAMPLE)],
  );
  const promptFor = await lanternPrompts();
  return sample.map((fn) => {
    const { prompt, unitChars } = promptFor(fn.path, fn.nameStart) ?? {};
    const fileChars = readFileSync(fn.path, 'utf8').length;
    if (prompt === undefined)
      return { ...fn, found: 0, missed: fn.callees.map((callee) => callee.label), ratio: undefined };
    const flat = collapse(prompt);
    const missed = fn.callees.filter((callee) => !callee.headers.some((headers) => holds(flat, headers)));
    return {
      ...fn,
      found: fn.callees.length - missed.length,
      missed: missed.map((callee) => `${callee.label} (${relative(RXJS, callee.file)})`),
      promptChars: prompt.length,
      fileChars,
      unitChars,
      ratio: prompt.length / fileChars,
    };
  });
}

/** Runs section 10 and returns its target checks. */
export async function contextRecall({ verbose = false } = {}) {
  const fetched = ensureWorkloads();
  if (!fetched.ok) {
    console.log(`\n12. context recall: skipped, ${fetched.reason}`);
    return [];
  }
  const rows = await measureRecall();
  const callees = rows.reduce((sum, row) => sum + row.callees.length, 0);
  const found = rows.reduce((sum, row) => sum + row.found, 0);
  const ratios = rows.flatMap((row) => (row.ratio === undefined ? [] : [row.ratio]));
  const recall = found / callees;
  const ratio = summarize(ratios);
  printTable(
    `12. explain prompt vs the TypeScript compiler's callees, ${rows.length} rxjs functions (${callees} callees)`,
    [
      {
        label: 'explain prompt',
        stats: summarize(rows.map((row) => row.promptChars ?? 0)),
        baseline: { label: 'whole file', stats: summarize(rows.map((row) => row.fileChars)) },
      },
    ],
    { unit: 'chars' },
  );
  const floor = summarize(rows.flatMap((row) => (row.unitChars ? [row.unitChars / row.fileChars] : [])));
  console.log(
    `    prompt/whole-file ratio: median ${ratio.median.toFixed(2)} (min ${ratio.min.toFixed(2)}, max ${ratio.max.toFixed(2)}); the unit alone/whole file: median ${floor.median.toFixed(2)}`,
  );
  console.log(
    `    context recall: ${found} of ${callees} callee definitions in the prompt (${(100 * recall).toFixed(1)}%)`,
  );
  if (verbose)
    for (const row of rows)
      console.log(
        `    ${relative(RXJS, row.path)} ${row.name}: ${row.found}/${row.callees.length}, ratio ${row.ratio?.toFixed(2)}${row.missed.length ? `; missed ${row.missed.join(', ')}` : ''}`,
      );
  return [
    { target: 'context recall on rxjs ≥ 90%', met: recall >= 0.9, figure: `${(100 * recall).toFixed(1)}%` },
    { target: 'prompt/whole-file median ≤ 0.3', met: ratio.median <= 0.3, figure: ratio.median.toFixed(2) },
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const checks = await contextRecall({ verbose: process.argv.includes('--verbose') });
  for (const { target, met, figure } of checks)
    console.log(`${met ? 'met' : 'NOT met'}: ${target} (${figure})`);
}
