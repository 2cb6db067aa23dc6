import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBounded } from '../../tools/run-bounded.js';

/**
 * What the language's own checker said about an edited file, the second gate after tree-sitter (which
 * accepts `break` outside a loop, duplicate parameters, mixed tabs and spaces …): passed, refused with
 * its message and line, or skipped, with why.
 */
export type LanguageCheck =
  | { readonly kind: 'passed'; readonly checker: string }
  | { readonly kind: 'refused'; readonly checker: string; readonly message: string; readonly line: number }
  | { readonly kind: 'skipped'; readonly checker: string; readonly reason: string };

export interface LanguageCheckOptions {
  /** Where the workspace's own `typescript` package is looked up from. */
  readonly workspaceRoot: string | undefined;
  /** Loading the workspace's `typescript` runs its code: only in a trusted workspace. */
  readonly trusted: boolean;
  readonly timeoutMs?: number;
}

/** A checker's verdict on one text: fine, or the first error and its line (1-based). */
type Verdict =
  | { readonly ok: true }
  | { readonly ok: false; readonly message: string; readonly line: number };

// A check takes ~50 ms (python3 or node starting, then parsing one file); the cap is for a checker that
// hangs. At 3 s a busy machine (a CI runner, a laptop compiling) skipped the check now and then, so a
// fix went out with one gate fewer; the user is waiting on the model anyway.
const DEFAULT_TIMEOUT_MS = 10_000;
const PYTHON = 'Python (compile())';
const TYPESCRIPT = 'the TypeScript parser';

// Reads the source from stdin and compiles it; CPython reports the errors its parser and symbol table
// find (TabError, 'break' outside loop, duplicate argument, unbound nonlocal …) as SyntaxError.
const PYTHON_SCRIPT = `
import json, sys
source = sys.stdin.buffer.read()
try:
    compile(source, "<lantern>", "exec", dont_inherit=True)
    print(json.dumps({"ok": True}))
except (SyntaxError, ValueError) as error:
    print(json.dumps({"ok": False, "message": getattr(error, "msg", str(error)), "line": getattr(error, "lineno", None) or 0}))
`;

// The workspace's TypeScript (argv[1]), its syntactic diagnostics only (no type check, no program).
const TYPESCRIPT_SCRIPT = `
const ts = require(process.argv[1]);
let source = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { source += chunk; });
process.stdin.on('end', () => {
  if (typeof ts.createSourceFile !== 'function') {
    process.stdout.write(JSON.stringify({ unsupported: String(ts.version) }));
    return;
  }
  const kind = process.argv[2].endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const file = ts.createSourceFile(process.argv[2], source, ts.ScriptTarget.Latest, true, kind);
  const first = file.parseDiagnostics[0];
  if (!first) { process.stdout.write(JSON.stringify({ ok: true })); return; }
  const line = file.getLineAndCharacterOfPosition(first.start).line + 1;
  process.stdout.write(JSON.stringify({ ok: false, message: ts.flattenDiagnosticMessageText(first.messageText, ' '), line }));
});
`;

/**
 * Checks `text` with the language's own checker, in a child process with no secrets in its
 * environment, bounded in time: Python with `python3`'s compile(), TypeScript with the syntactic
 * diagnostics of the `typescript` package the workspace resolves (a trusted workspace only). Other
 * languages, or no checker, give `skipped`.
 */
export async function checkWithLanguage(
  language: string,
  text: string,
  options: LanguageCheckOptions,
): Promise<LanguageCheck> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (language === 'python') {
    const run = await runChecker('python3', ['-I', '-c', PYTHON_SCRIPT], text, timeoutMs);
    return verdictOf(PYTHON, run, 'python3');
  }
  if (language === 'typescript' || language === 'tsx') {
    const skip = (reason: string): LanguageCheck => ({ kind: 'skipped', checker: TYPESCRIPT, reason });
    if (!options.workspaceRoot) return skip('there is no workspace folder to find `typescript` in');
    const path = resolveTypescript(options.workspaceRoot);
    if (!path) return skip('no `typescript` package is resolvable from the workspace');
    if (!options.trusted)
      return skip('the workspace is not trusted, and loading its `typescript` runs its code');
    const file = language === 'tsx' ? 'answer.tsx' : 'answer.ts';
    const run = await runChecker(process.execPath, ['-e', TYPESCRIPT_SCRIPT, path, file], text, timeoutMs);
    return verdictOf(TYPESCRIPT, run, 'node');
  }
  return { kind: 'skipped', checker: 'none', reason: `Lantern knows no checker for ${language}` };
}

/** The `typescript` package the workspace itself would load, if there is one. */
function resolveTypescript(root: string): string | undefined {
  try {
    return createRequire(join(root, 'package.json')).resolve('typescript');
  } catch {
    return undefined;
  }
}

type CheckerRun =
  | { readonly kind: 'output'; readonly stdout: string; readonly stderr: string }
  | { readonly kind: 'missing' }
  | { readonly kind: 'timeout' };

function verdictOf(checker: string, run: CheckerRun, program: string): LanguageCheck {
  if (run.kind === 'missing') return { kind: 'skipped', checker, reason: `\`${program}\` is not on PATH` };
  if (run.kind === 'timeout') return { kind: 'skipped', checker, reason: `\`${program}\` took too long` };
  let parsed: (Verdict & { unsupported?: undefined }) | { unsupported: string } | undefined;
  try {
    parsed = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '');
  } catch {
    parsed = undefined;
  }
  if (!parsed)
    return {
      kind: 'skipped',
      checker,
      reason: `\`${program}\` failed: ${run.stderr.trim().split('\n').at(-1) ?? ''}`,
    };
  if (parsed.unsupported !== undefined)
    return {
      kind: 'skipped',
      checker,
      reason: `the workspace's typescript ${parsed.unsupported} has no createSourceFile`,
    };
  if (parsed.ok) return { kind: 'passed', checker };
  return { kind: 'refused', checker, message: parsed.message, line: parsed.line };
}

// Only what a checker needs to start: never the model's keys or anything else of the server's.
const PASSED_VARIABLES = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'LC_CTYPE', 'TMPDIR', 'SYSTEMROOT'];

/** The environment a checker runs with: the few variables it needs to start, nothing else. */
export function checkerEnvironment(from: NodeJS.ProcessEnv = process.env): Record<string, string> {
  return Object.fromEntries(
    PASSED_VARIABLES.flatMap((name) => {
      const value = from[name];
      return value === undefined ? [] : [[name, value]];
    }),
  );
}

// Through runBounded, as every child process: scrubbed environment, killed with all it started on timeout.
async function runChecker(
  program: string,
  args: readonly string[],
  input: string,
  timeoutMs: number,
): Promise<CheckerRun> {
  const run = await runBounded(program, args, {
    cwd: tmpdir(),
    timeoutMs,
    input,
    baseEnv: checkerEnvironment(),
    maxOutputChars: 100_000,
  });
  if (run.startErrorCode === 'ENOENT') return { kind: 'missing' };
  if (run.startError !== undefined) return { kind: 'output', stdout: '', stderr: run.startError };
  if (run.timedOut) return { kind: 'timeout' };
  return { kind: 'output', stdout: run.stdout, stderr: run.stderr.slice(0, 4_000) };
}
