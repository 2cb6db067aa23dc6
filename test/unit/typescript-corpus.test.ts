/**
 * Differential corpus test, with the TypeScript compiler as the oracle: over the sources of real
 * libraries (effect, rxjs, @blueprintjs/core, fetched by scripts/get-workloads.sh), every file tsc 5
 * parses without a syntax error gets no syntax diagnostic from Lantern, and Lantern's outline holds the
 * top-level declarations tsc sees (reported per corpus, at least 98%).
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript-5';
import { beforeAll, describe, expect, it } from 'vitest';
import { syntaxDiagnosticsOf } from '../../server/src/lsp/features/syntax-diagnostics.js';
import { DEFAULT_PARSE_LIMITS } from '../../server/src/syntax/analysable.js';
import { GrammarRegistry } from '../../server/src/syntax/grammar-registry.js';
import { SyntaxDocument } from '../../server/src/syntax/syntax-document.js';
import { reportMissingProgram } from '../support/missing-program.js';
import { REPO_ROOT } from '../support/paths.js';

const WORKLOADS = join(REPO_ROOT, 'test', 'bench', 'workloads', 'npm');
const CORPORA = ['effect-4.1.0', 'rxjs-7.8.2', 'blueprintjs-core-6.20.0'] as const;
const MIN_OUTLINE_COVERAGE = 0.98;
const FETCH_TIMEOUT_MS = 600_000;
// The corpus is about what the grammar accepts, not how fast: a loaded CI machine must not turn a slow
// parse (effect's Effect.ts is 877 KB) into an unanalysed file.
const LIMITS = { ...DEFAULT_PARSE_LIMITS, maxParseMs: 60_000 };

let fetchFailure: string | undefined;

beforeAll(async () => {
  fetchFailure = await fetchWorkloads();
  if (fetchFailure) reportMissingProgram('typescript corpus', fetchFailure);
}, FETCH_TIMEOUT_MS + 10_000);

describe.each(CORPORA)('%s', (corpus) => {
  it('files tsc parses clean get no syntax diagnostic, and the outline holds tsc top-level declarations', (context) => {
    if (fetchFailure) return context.skip();
    const result = compare(join(WORKLOADS, corpus, 'package', 'src'));
    const coverage = result.declarations === 0 ? 1 : result.outlined / result.declarations;
    console.log(
      `${corpus}: ${result.files} files, ${result.accepted} parsed clean by tsc, ` +
        `${result.withDiagnostics.length} of them with Lantern syntax diagnostics, ` +
        `${result.notAnalysed} not analysed (size/minified); outline holds ${result.outlined} of ` +
        `${result.declarations} top-level declarations (${(coverage * 100).toFixed(2)}%)`,
    );
    if (result.missing.length > 0) {
      console.log(
        `${corpus}: first declarations missing from the outline:\n  ${result.missing.slice(0, 10).join('\n  ')}`,
      );
    }
    expect(result.accepted).toBeGreaterThan(100);
    expect(result.withDiagnostics.slice(0, 10)).toEqual([]);
    expect(coverage).toBeGreaterThanOrEqual(MIN_OUTLINE_COVERAGE);
  }, 600_000);
});

interface Comparison {
  files: number;
  accepted: number;
  notAnalysed: number;
  withDiagnostics: string[];
  declarations: number;
  outlined: number;
  missing: string[];
}

function compare(root: string): Comparison {
  const registry = new GrammarRegistry();
  const result: Comparison = {
    files: 0,
    accepted: 0,
    notAnalysed: 0,
    withDiagnostics: [],
    declarations: 0,
    outlined: 0,
    missing: [],
  };
  for (const path of typeScriptFiles(root)) {
    result.files++;
    const text = readFileSync(path, 'utf8');
    const tsx = path.endsWith('.tsx');
    const source = ts.createSourceFile(
      path,
      text,
      ts.ScriptTarget.Latest,
      false,
      tsx ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
    );
    if ((source as unknown as { parseDiagnostics: readonly ts.Diagnostic[] }).parseDiagnostics.length > 0)
      continue;
    result.accepted++;
    const name = relative(root, path);
    const document = new SyntaxDocument(
      `file://${path}`,
      tsx ? 'typescriptreact' : 'typescript',
      1,
      text,
      registry,
      LIMITS,
    );
    if (!document.tree) {
      result.notAnalysed++;
      continue;
    }
    const diagnostics = syntaxDiagnosticsOf(document);
    const first = diagnostics[0];
    if (first) {
      result.withDiagnostics.push(
        `${name}:${first.range.start.line + 1}: ${first.message} (${diagnostics.length} in all)`,
      );
    }
    const outline = new Set(
      document
        .units()
        .filter((unit) => unit.parentIndex === undefined)
        .map((unit) => unit.name),
    );
    for (const declared of topLevelDeclarations(source)) {
      result.declarations++;
      if (outline.has(declared)) result.outlined++;
      else result.missing.push(`${name}: ${declared}`);
    }
  }
  return result;
}

/**
 * The names of the top-level declarations tsc sees, of the kinds an outline lists: functions, classes,
 * interfaces, type aliases, enums, namespaces and modules, and variables whose value is a function
 * (`const f = () => …`) or a call given one (`const map = dual(2, (self, f) => …)`). Overloads count once.
 */
function topLevelDeclarations(source: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  for (const statement of source.statements) {
    if (
      ts.isFunctionDeclaration(statement) ||
      ts.isClassDeclaration(statement) ||
      ts.isInterfaceDeclaration(statement) ||
      ts.isTypeAliasDeclaration(statement) ||
      ts.isEnumDeclaration(statement) ||
      ts.isModuleDeclaration(statement)
    ) {
      if (statement.name) names.add(statement.name.getText(source));
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (
          ts.isIdentifier(declaration.name) &&
          declaration.initializer &&
          isFunctionValued(declaration.initializer)
        ) {
          names.add(declaration.name.text);
        }
      }
    }
  }
  return names;
}

function isFunctionValued(expression: ts.Expression): boolean {
  const isFunction = (node: ts.Node) => ts.isArrowFunction(node) || ts.isFunctionExpression(node);
  return isFunction(expression) || (ts.isCallExpression(expression) && expression.arguments.some(isFunction));
}

function typeScriptFiles(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/** Runs scripts/get-workloads.sh (a no-op once fetched); the reason it failed, or undefined. */
function fetchWorkloads(): Promise<string | undefined> {
  const fetched = () => CORPORA.every((corpus) => existsSync(join(WORKLOADS, corpus, 'package', 'src')));
  if (fetched()) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const child = spawn('bash', [join(REPO_ROOT, 'scripts', 'get-workloads.sh')], {
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: FETCH_TIMEOUT_MS,
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', (error) => resolve(`get-workloads.sh could not run: ${error.message}`));
    child.on('close', (code) => {
      if (fetched()) resolve(undefined);
      else resolve(`get-workloads.sh failed (exit ${code}): ${stderr.trim().split('\n').pop() ?? ''}`);
    });
  });
}
