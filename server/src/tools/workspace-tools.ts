import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { kindOf, NotARegularFile, readFileStart } from '../workspace/regular-file.js';
import { MAX_PARSED_FILE_BYTES, type WorkspaceFiles } from '../workspace/workspace-files.js';
import { type AgentTool, stringArg, ToolError } from './agent-tool.js';
import { gitInFolder } from './git-command.js';
import { runTests, type TestRun, testCommandFor } from './run-tests.js';
import { WorkspaceCopy } from './workspace-copy.js';
import { insideWorkspace, resolveFolders, workspaceRelative } from './workspace-path.js';

const MAX_FILE_CHARS = 60_000;
/** read_file reads at most this much of a file: a 1 GB file must not become a 1 GB string. */
const MAX_READ_BYTES = 256 * 1024;
const MAX_MATCHES = 50;
const MAX_FILES_SEARCHED = 5_000;
const SKIPPED_DIRS = new Set(['node_modules', '.git', 'dist', '.venv', 'venv', '__pycache__', 'coverage']);

export interface WorkspaceToolOptions {
  /** The workspace folders; relative paths are taken from the first. */
  readonly folders: readonly string[];
  readonly files: WorkspaceFiles;
  /** The test command, and whether it may run in a folder (trusted workspaces only). */
  readonly tests: {
    readonly trusted: (folder: string) => boolean;
    readonly command: string;
    readonly timeoutMs: number;
    readonly maxOutputChars: number;
  };
}

/**
 * The model's tools, all confined to the workspace folders and read-only: changes only ever come back
 * as edits the editor applies. read_file, search_workspace, list_symbols, run_tests (trusted workspaces
 * only), git_diff and git_log.
 */
export function workspaceTools(options: WorkspaceToolOptions): AgentTool[] {
  const [root] = options.folders;
  if (root === undefined) return [];
  // Resolved once: paths are checked against the real folders, then named by the folders as written.
  const folders = resolveFolders(options.folders);
  const inside = (requested: string) => insideWorkspace(folders, requested);
  const optionalPath = (input: Readonly<Record<string, unknown>>) => {
    const requested = stringArg(input, 'path');
    return requested === undefined ? undefined : inside(requested);
  };
  return [
    {
      name: 'read_file',
      description:
        'Read a text file of the workspace (path relative to the workspace root, or absolute in another workspace folder), optionally a line range.',
      inputSchema: {
        type: 'object',
        properties: {
          path: { type: 'string' },
          startLine: { type: 'integer' },
          endLine: { type: 'integer' },
        },
        required: ['path'],
      },
      async run(input) {
        const requested = stringArg(input, 'path', true);
        const { path } = inside(requested);
        const file = await readable(() => readFileStart(path, MAX_READ_BYTES), requested);
        if (file.text.includes('\u0000')) throw new ToolError('that file is binary');
        const lines = file.text.split('\n');
        const from = Math.max(1, lineArg(input.startLine) ?? 1);
        const to = Math.min(lines.length, lineArg(input.endLine) ?? lines.length);
        const slice = lines.slice(from - 1, to).join('\n');
        // First, where a cut of the result for its length cannot take it away.
        const partial = file.truncated
          ? `(the file is ${file.size} bytes; only its first ${MAX_READ_BYTES} were read)\n`
          : '';
        return slice.length > MAX_FILE_CHARS
          ? `${partial}${slice.slice(0, MAX_FILE_CHARS)}\n… (truncated; ask for a line range)`
          : `${partial}${slice}`;
      },
    },
    {
      name: 'search_workspace',
      description:
        'Find lines containing a text (case-insensitive) in the workspace files; returns path:line: text.',
      inputSchema: { type: 'object', properties: { query: { type: 'string' } }, required: ['query'] },
      async run(input, signal) {
        const query = stringArg(input, 'query', true).toLowerCase();
        const matches: string[] = [];
        for await (const path of walk(folders.real, signal)) {
          const text = await searchableText(path);
          if (text === undefined) continue;
          text.split('\n').forEach((line, index) => {
            if (matches.length < MAX_MATCHES && line.toLowerCase().includes(query)) {
              matches.push(`${workspaceRelative(folders, path)}:${index + 1}: ${line.trim().slice(0, 200)}`);
            }
          });
          if (matches.length >= MAX_MATCHES) break;
        }
        return matches.length === 0 ? 'no matches' : matches.join('\n');
      },
    },
    {
      name: 'list_symbols',
      description:
        'List the functions, classes and methods of a workspace file with their lines and signatures.',
      inputSchema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] },
      async run(input) {
        const requested = stringArg(input, 'path', true);
        const { path } = inside(requested);
        // Checked first: a FIFO must not be opened for reading, and a huge file is not worth parsing.
        const stats = await readable(() => stat(path), requested);
        if (!stats.isFile()) throw new ToolError(new NotARegularFile(requested, kindOf(stats)).message);
        if (stats.size > MAX_PARSED_FILE_BYTES)
          throw new ToolError(
            `${requested} is too large to list (${stats.size} bytes; the limit is ${MAX_PARSED_FILE_BYTES})`,
          );
        const document = options.files.document(path);
        if (!document) throw new ToolError('not a TypeScript, JavaScript or Python file Lantern can read');
        const units = document.units();
        if (units.length === 0) return 'no symbols';
        return units
          .map(
            (unit) =>
              `${document.textDocument.positionAt(unit.startIndex).line + 1}: ${unit.kind} ${unit.signature}`,
          )
          .join('\n');
      },
    },
    {
      name: 'run_tests',
      description:
        "Run the project's tests for one test file (path relative to the root); returns the output's end.",
      inputSchema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] },
      async run(input, signal) {
        const { path, folder } = inside(stringArg(input, 'path', true));
        if (!options.tests.trusted(folder))
          throw new ToolError(
            'refused: this workspace is not trusted to run commands (tests.trustedWorkspaces)',
          );
        if (!options.tests.command)
          throw new ToolError('refused: no test command is configured (tests.command)');
        const { command, timeoutMs, maxOutputChars } = options.tests;
        // In a copy, as the debug flow does: the model picks the file, and tests write (fixtures,
        // snapshots, caches); nothing of that may reach the user's files.
        const copy = await WorkspaceCopy.create(folder, new Map(), signal);
        let result: TestRun;
        try {
          const run = await runTests({
            command: testCommandFor(command, copy.pathOf(path)),
            timeoutMs,
            maxOutputChars,
            cwd: copy.root,
            signal,
          });
          result = { ...run, output: run.output.replaceAll(copy.root, folder) };
        } finally {
          copy.dispose();
        }
        return `${result.passed ? 'PASSED' : result.timedOut ? 'TIMED OUT' : `FAILED (exit ${result.exitCode})`}\n${result.output}`;
      },
    },
    {
      name: 'git_diff',
      description: 'Show uncommitted changes (git diff), optionally for one path.',
      inputSchema: { type: 'object', properties: { path: { type: 'string' } } },
      async run(input, signal) {
        const path = optionalPath(input);
        const args = [
          'diff',
          '--no-color',
          '--no-ext-diff',
          '--no-textconv',
          '--relative',
          '--ignore-submodules=all',
        ];
        return gitInFolder(path?.folder ?? root, args, path?.path ?? '.', signal);
      },
    },
    {
      name: 'git_log',
      description: 'Show recent commits (git log --oneline), optionally for one path.',
      inputSchema: { type: 'object', properties: { path: { type: 'string' }, limit: { type: 'integer' } } },
      async run(input, signal) {
        const path = optionalPath(input);
        const asked = Number(input.limit ?? 20);
        const limit = Math.min(50, Math.max(1, Number.isFinite(asked) ? Math.trunc(asked) : 20));
        const args = ['log', '--oneline', '--no-color', '--no-show-signature', '-n', String(limit)];
        return gitInFolder(path?.folder ?? root, args, path?.path ?? '.', signal);
      },
    },
  ];
}

/** A line number the model gave, or undefined when it gave none or something else ("top"). */
function lineArg(value: unknown): number | undefined {
  const line = Number(value ?? Number.NaN);
  return Number.isFinite(line) ? Math.trunc(line) : undefined;
}

/** Runs a file read, turning a refusal or a file system error into a ToolError the model can read. */
async function readable<T>(read: () => Promise<T>, requested: string): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof NotARegularFile) throw new ToolError(error.message.replace(error.path, requested));
    throw new ToolError(
      `cannot read ${requested}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}

// The files of every folder, the first folder's first; a folder nested in another is walked once.
// Read asynchronously, one file at a time: a search over thousands of files must not hold the server.
async function searchableText(path: string): Promise<string | undefined> {
  try {
    const file = await readFileStart(path, MAX_PARSED_FILE_BYTES);
    return file.truncated || file.text.includes('\u0000') ? undefined : file.text;
  } catch {
    return undefined; // gone, unreadable, or not a regular file any more
  }
}

async function* walk(folders: readonly string[], signal: AbortSignal): AsyncGenerator<string> {
  const pending = [...folders].reverse();
  const walked = new Set<string>();
  let seen = 0;
  while (pending.length > 0 && !signal.aborted) {
    const dir = pending.pop() as string;
    if (walked.has(dir)) continue;
    walked.add(dir);
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      // Symlinks are not followed: a link out of the workspace must not widen the search.
      if (entry.isDirectory() && !SKIPPED_DIRS.has(entry.name) && !entry.name.startsWith('.'))
        pending.push(join(dir, entry.name));
      else if (entry.isFile()) {
        if (++seen > MAX_FILES_SEARCHED) return;
        yield join(dir, entry.name);
      }
    }
  }
}
