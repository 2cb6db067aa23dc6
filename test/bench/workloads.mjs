/**
 * Real workloads for the benchmark, fetched from npm by scripts/get-workloads.sh into test/bench/workloads
 * (git-ignored) on first use, then reused. A failed fetch is reported and those measurements skipped.
 * Run alone (`node test/bench/workloads.mjs`) to fetch and list what the benchmark would use.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from './lsp-client.mjs';

export const WORKLOADS_DIR = join(REPO_ROOT, 'test', 'bench', 'workloads');
const FETCH_SCRIPT = join(REPO_ROOT, 'scripts', 'get-workloads.sh');
const NPM_DIR = join(WORKLOADS_DIR, 'npm');
// The packages scripts/get-workloads.sh unpacks (each whole, then moved into place), as npm names them.
const PACKAGES = ['effect-4.1.0', 'rxjs-7.8.2'];
const PYTHON_STDLIB = '/usr/lib/python3.11';
const FETCH_TIMEOUT_MS = 120_000;

/**
 * Fetches the workloads unless present. Returns `{ ok: true }` or `{ ok: false, reason }`; never throws.
 */
export function ensureWorkloads() {
  if (allFetched()) return { ok: true };
  if (!existsSync(FETCH_SCRIPT)) return { ok: false, reason: `${FETCH_SCRIPT} not found` };
  const result = spawnSync('bash', [FETCH_SCRIPT, WORKLOADS_DIR], {
    encoding: 'utf8',
    timeout: FETCH_TIMEOUT_MS,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (allFetched()) return { ok: true };
  const why =
    result.error?.message ?? `exit ${result.status}: ${(result.stderr ?? '').trim().split('\n').pop()}`;
  return { ok: false, reason: `get-workloads.sh failed (${why})` };
}

/** The TypeScript source with the most lines among the fetched npm packages (effect's Effect.ts). */
export function largestTypeScriptFile() {
  return largestByLines(
    sourceFiles(NPM_DIR, (name) => /\.tsx?$/.test(name) && !name.endsWith('.d.ts')),
    1,
  )[0];
}

/** The `count` Python files with the most lines in the system's standard library. */
export function largestPythonFiles(count) {
  if (!existsSync(PYTHON_STDLIB)) return [];
  return largestByLines(
    sourceFiles(PYTHON_STDLIB, (name) => name.endsWith('.py')),
    count,
  );
}

/**
 * `count` source files spread evenly by size over a workload (files of at least `minLines` lines), each
 * with the folder that acts as its workspace root (the package, or the stdlib), for cross-file context.
 */
export function filesSpreadBySize(language, count, minLines = 100) {
  const roots =
    language === 'python' ? [PYTHON_STDLIB] : PACKAGES.map((name) => join(NPM_DIR, name, 'package'));
  const keep =
    language === 'python'
      ? (name) => name.endsWith('.py')
      : (name) => /\.tsx?$/.test(name) && !name.endsWith('.d.ts');
  const files = roots
    .flatMap((root) =>
      largestByLines(sourceFiles(root, keep), Number.POSITIVE_INFINITY).map((file) => ({ ...file, root })),
    )
    .filter((file) => file.lines >= minLines)
    .sort((a, b) => a.lines - b.lines);
  const step = Math.max(1, Math.floor(files.length / count));
  return files.filter((_, index) => index % step === 0).slice(0, count);
}

function allFetched() {
  return PACKAGES.every((name) => existsSync(join(NPM_DIR, name, 'package', 'src')));
}

function sourceFiles(root, keep) {
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && keep(entry.name))
    .map((entry) => join(entry.parentPath ?? entry.path, entry.name));
}

function largestByLines(paths, count) {
  return paths
    .map((path) => {
      const text = readFileSync(path, 'utf8');
      let lines = 0;
      for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) lines++;
      return { path, lines, text };
    })
    .sort((a, b) => b.lines - a.lines)
    .slice(0, count);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const fetched = ensureWorkloads();
  console.log(fetched.ok ? `workloads in ${WORKLOADS_DIR}` : `no workloads: ${fetched.reason}`);
  for (const file of [largestTypeScriptFile(), ...largestPythonFiles(2)]) {
    if (file) console.log(`${file.lines} lines  ${file.path}`);
  }
}
