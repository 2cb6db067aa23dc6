import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  watch,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach } from 'vitest';
import type { CancellationToken } from 'vscode-jsonrpc';
import type { ClientCapabilities, ShowMessageRequestParams } from 'vscode-languageserver-protocol';
import type { DebugOutcome } from '../../server/src/lsp/protocol.js';
import { ApplyEditRecorder } from './apply-edit-recorder.js';
import { FakeModelServer } from './fake-model-server.js';
import { FULL_CAPABILITIES, LspSession } from './lsp-session.js';
import { FAKE_KEYS, freshDir } from './model-session.js';
import { FIXTURES_DIR, REPO_ROOT } from './paths.js';

export type ProjectName = 'python-project' | 'ts-project';

/** A fixture project of test/fixtures/debug/, copied to a fresh temp dir: the "user's" workspace. */
export interface DebugProject {
  readonly name: ProjectName;
  readonly root: string;
  readonly rootUri: string;
  readonly languageId: 'python' | 'typescript';
  /** The failing test file and the file with the bug, relative to the root. */
  readonly testFile: string;
  readonly sourceFile: string;
  uri(file: string): string;
  read(file: string): string;
  write(file: string, text: string): void;
  /** Every file under the root with its bytes, to check nothing was written, created or removed. */
  snapshot(): Map<string, Buffer>;
  /** Temporary workspace copies the debug workflow made of this project (named after its root). */
  workspaceCopies(): string[];
}

const PROJECT_FILES: Readonly<Record<ProjectName, { testFile: string; sourceFile: string }>> = {
  'python-project': { testFile: 'tests/test_cart.py', sourceFile: 'shop/cart.py' },
  'ts-project': { testFile: 'test/cart.test.ts', sourceFile: 'src/cart.ts' },
};

/** Copies a fixture project to a fresh temp dir, so each test checks its own "user's files". */
export function copyProject(name: ProjectName): DebugProject {
  // Not `lantern-debug-*`: that prefix belongs to the server's own temporary copies.
  const root = mkdtempSync(join(tmpdir(), `lantern-project-${name}-`));
  cpSync(join(FIXTURES_DIR, 'debug', name), root, { recursive: true });
  const path = (file: string) => join(root, file);
  return {
    name,
    root,
    rootUri: pathToFileURL(root).href,
    languageId: name === 'python-project' ? 'python' : 'typescript',
    ...PROJECT_FILES[name],
    uri: (file) => pathToFileURL(path(file)).href,
    read: (file) => readFileSync(path(file), 'utf8'),
    write: (file, text) => writeFileSync(path(file), text),
    snapshot: () => {
      const files = new Map<string, Buffer>();
      for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
        const full = join(entry.parentPath, entry.name);
        files.set(relative(root, full), entry.isFile() ? readFileSync(full) : Buffer.alloc(0));
      }
      return files;
    },
    workspaceCopies: () =>
      readdirSync(tmpdir()).filter((entry) => entry.startsWith(`lantern-debug-${basename(root)}-`)),
  };
}

let pytest: string | undefined;

/**
 * The command that runs one Python test file: the first python3 that has pytest (the one on PATH,
 * then Debian's). CI installs python3-pytest when neither has it, so a missing pytest is an error here.
 */
export function pytestCommand(): string {
  if (pytest) return pytest;
  for (const python of ['python3', '/usr/bin/python3']) {
    if (spawnSync(python, ['-m', 'pytest', '--version'], { stdio: 'ignore' }).status === 0) {
      pytest = `${python} -m pytest -x -q {file}`;
      return pytest;
    }
  }
  throw new Error('no python3 with pytest: install python3-pytest (as .ci/run does)');
}

/**
 * The command that runs one vitest file. The debug workflow runs it in a copy of the project under
 * the temp dir, which has no node_modules (the fixture has none to link), so `npx vitest` would look
 * for vitest in the registry. The repository's own vitest, by absolute path, works from anywhere: it
 * resolves `import … from 'vitest'` in the test file to itself, uses the copy (its cwd) as the root
 * and finds no config there, so the repository's vitest.config.ts does not apply; its results cache
 * (node_modules/.vite) goes into the copy and is removed with it. (A real project has node_modules,
 * which the copy links, and `npx vitest run {file}` works there.)
 */
export function vitestCommand(): string {
  return `${join(REPO_ROOT, 'node_modules', '.bin', 'vitest')} run {file}`;
}

export function testCommandOf(project: DebugProject): string {
  return project.name === 'python-project' ? pytestCommand() : vitestCommand();
}

/** The buggy line of each project's `total`, a wrong fix (still fails) and the right one. */
export const BUG: Readonly<
  Record<ProjectName, { buggy: string; wrong: string; right: string; before: string; after: string }>
> = {
  'python-project': {
    buggy: 'for price in prices[1:]:',
    wrong: 'for price in prices[:-1]:',
    right: 'for price in prices:',
    // What the tests say about the bug (7 = 3 + 4) and about the wrong fix (5 = 2 + 3).
    before: 'assert 7 == 9',
    after: 'assert 5 == 9',
  },
  'ts-project': {
    buggy: 'for (let i = 1; i < prices.length; i++)',
    wrong: 'for (let i = 0; i < prices.length - 1; i++)',
    right: 'for (let i = 0; i < prices.length; i++)',
    before: 'expected 7 to be 9',
    after: 'expected 5 to be 9',
  },
};

/** The complete `total` unit of a project's source with its loop line replaced, as the model answers it. */
export function totalWith(project: DebugProject, loop: string): string {
  const source = project.read(project.sourceFile);
  const start = source.indexOf(project.name === 'python-project' ? 'def total' : 'export function total');
  const end = source.indexOf(project.name === 'python-project' ? '\n\n\ndef count' : '\n\n/** How many');
  return source.slice(start, end).replace(BUG[project.name].buggy, loop);
}

/** A model answer: one sentence, then the unit in a fenced block. */
export function answerWith(project: DebugProject, loop: string): string {
  const fence = project.name === 'python-project' ? 'python' : 'ts';
  return `The loop skips a price.\n\n\`\`\`${fence}\n${totalWith(project, loop)}\n\`\`\`\n`;
}

/** A client that applies edits and, when `configuration`, answers workspace/configuration. */
function debugClient(configuration: boolean): ClientCapabilities {
  return {
    ...FULL_CAPABILITIES,
    workspace: { ...FULL_CAPABILITIES.workspace, applyEdit: true, configuration },
  };
}

export interface DebugSessionOptions {
  /** Trust the project through initializationOptions (the way an editor's user config does). */
  readonly trusted: boolean;
  /** `tests.command`; the project's real test command unless given ('' for none). */
  readonly command?: string;
  /** What the client answers to workspace/configuration (then the server is told it may ask). */
  readonly workspaceConfiguration?: unknown;
  /** The user's answer to "… Apply it?"; undefined dismisses the question. */
  readonly choice?: 'Apply' | 'Discard';
  /** `debug.maxAttempts` (2 unless given). */
  readonly maxAttempts?: number;
  readonly traceName: string;
}

export interface DebugSession {
  readonly session: LspSession;
  readonly applyEdits: ApplyEditRecorder;
  /** Every window/showMessageRequest the server sent. */
  readonly questions: ShowMessageRequestParams[];
  /** Opens the test file and runs `lantern.debug` on it (`token` cancels with $/cancelRequest). */
  debug(token?: CancellationToken): Promise<DebugOutcome>;
}

/**
 * `lantern-ls` with the project as its workspace folder, talking to `fake` as Anthropic (offline, with
 * no key, when there is none), with a fresh cache and an empty user config dir (a developer's own
 * config must not trust or configure anything).
 */
export async function startDebugSession(
  project: DebugProject,
  fake: FakeModelServer | undefined,
  options: DebugSessionOptions,
): Promise<DebugSession> {
  const tests: Record<string, unknown> = { command: options.command ?? testCommandOf(project) };
  if (options.trusted) tests.trustedWorkspaces = [project.root];
  const model: Record<string, string> = fake
    ? { ANTHROPIC_BASE_URL: fake.url, ANTHROPIC_API_KEY: FAKE_KEYS.anthropic }
    : {};
  const session = await LspSession.start({
    env: { ...model, LANTERN_CACHE_DIR: freshDir(), XDG_CONFIG_HOME: freshDir('lantern-config-') },
    initializationOptions: { tests, debug: { maxAttempts: options.maxAttempts ?? 2 } },
    capabilities: debugClient(options.workspaceConfiguration !== undefined),
    rootUri: project.rootUri,
    workspaceFolders: [{ uri: project.rootUri, name: basename(project.root) }],
    workspaceConfiguration: options.workspaceConfiguration,
    traceName: options.traceName,
  });
  const applyEdits = ApplyEditRecorder.attach(session);
  const questions: ShowMessageRequestParams[] = [];
  session.connection.onRequest('window/showMessageRequest', (params: ShowMessageRequestParams) => {
    questions.push(params);
    return options.choice === undefined ? null : { title: options.choice };
  });
  return {
    session,
    applyEdits,
    questions,
    async debug(token) {
      await session.open(project.uri(project.testFile), project.languageId, project.read(project.testFile));
      const params = { command: 'lantern.debug', arguments: [{ uri: project.uri(project.testFile) }] };
      // Without a token: a trailing `undefined` would make vscode-jsonrpc send the params by position.
      const sent = token
        ? session.connection.sendRequest('workspace/executeCommand', params, token)
        : session.connection.sendRequest('workspace/executeCommand', params);
      return (await sent) as DebugOutcome;
    },
  };
}

/** A fresh copy of a fixture project and a fake model per test (see `debugProjectSessions`). */
export interface DebugProjectSessions {
  readonly fake: FakeModelServer;
  readonly project: DebugProject;
  /** The session `start` made in this test, if any. */
  readonly session: LspSession | undefined;
  /** A debug session on this test's project, talking to its fake (offline with `offline: true`). */
  start(options: DebugSessionOptions & { readonly offline?: boolean }): Promise<DebugSession>;
}

/**
 * The per-test lifecycle every debug test shares: before it, a fake model and a fresh copy of the
 * project; after it, the session finished (its trace validated), the fake closed and the copy removed.
 */
export function debugProjectSessions(name: ProjectName): DebugProjectSessions {
  let fake: FakeModelServer | undefined;
  let project: DebugProject | undefined;
  let session: LspSession | undefined;
  beforeEach(async () => {
    fake = await FakeModelServer.start();
    project = copyProject(name);
  });
  afterEach(async () => {
    await session?.finish();
    session = undefined;
    await fake?.close();
    if (project) rmSync(project.root, { recursive: true, force: true });
  });
  const current = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the fake model and the project are made before each test');
    return value;
  };
  return {
    get fake() {
      return current(fake);
    },
    get project() {
      return current(project);
    },
    get session() {
      return session;
    },
    async start({ offline, ...options }) {
      const started = await startDebugSession(current(project), offline ? undefined : current(fake), options);
      session = started.session;
      return started;
    },
  };
}

/** Resolves once `path` exists (write it by rename, so it is complete): event-driven, no polling. */
export function fileAppears(path: string): Promise<void> {
  return new Promise((resolve) => {
    const watcher = watch(dirname(path), () => {
      if (!existsSync(path)) return;
      watcher.close();
      resolve();
    });
    if (existsSync(path)) {
      watcher.close();
      resolve();
    }
  });
}
