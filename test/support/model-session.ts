import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cursors, type Position } from './cursor.js';
import type { FakeModelServer, RecordedRequest } from './fake-model-server.js';
import { LspSession, type SessionOptions } from './lsp-session.js';
import { perTestFake } from './per-test-fake.js';

/** The two model backends every explain scenario runs against. */
export type ProviderName = 'anthropic' | 'openai';
export const PROVIDERS: readonly ProviderName[] = ['anthropic', 'openai'];

/** Distinctive fake keys, so a test can grep for them and be sure any hit is a leak. */
export const FAKE_KEYS: Readonly<Record<ProviderName, string>> = {
  anthropic: 'sk-ant-test-SECRET-123',
  openai: 'sk-openai-test-SECRET-456',
};

export interface ModelSessionOptions {
  /** Lantern settings added to the provider's initializationOptions (hover, request, circuitBreaker…). */
  readonly settings?: Record<string, unknown>;
  /** More environment (LANTERN_LOG_FILE, …). */
  readonly env?: Record<string, string>;
  /** Reuse a cache directory (a restarted server); a fresh temp dir otherwise. */
  readonly cacheDir?: string;
  /** Also set OPENAI_API_KEY for the openai provider (it needs none to work). */
  readonly openAiKey?: boolean;
  readonly traceName?: string;
  /**
   * What else the client sends or answers (a workspace (rootUri), capabilities, its configuration), and
   * the server's arguments (`--beside=pylsp`).
   */
  readonly client?: Pick<SessionOptions, 'rootUri' | 'capabilities' | 'workspaceConfiguration' | 'args'>;
}

export interface ModelSession {
  /** The session, with what the server answered initialize. */
  readonly session: Awaited<ReturnType<typeof LspSession.start>>;
  readonly cacheDir: string;
}

/** A fresh temporary directory, e.g. for LANTERN_CACHE_DIR: caches never leak between tests. */
export function freshDir(prefix = 'lantern-model-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * Starts `lantern-ls` talking to `fake` as `provider`: Anthropic through ANTHROPIC_BASE_URL and
 * ANTHROPIC_API_KEY (provider auto), OpenAI-compatible through initializationOptions. The cache is
 * the SQLite file under a temp LANTERN_CACHE_DIR.
 */
export async function startWithModel(
  provider: ProviderName,
  fake: FakeModelServer,
  extra: ModelSessionOptions = {},
): Promise<ModelSession> {
  const cacheDir = extra.cacheDir ?? freshDir();
  const env: Record<string, string> = { LANTERN_CACHE_DIR: cacheDir, ...extra.env };
  let initializationOptions: Record<string, unknown> = { ...extra.settings };
  if (provider === 'anthropic') {
    env.ANTHROPIC_BASE_URL = fake.url;
    env.ANTHROPIC_API_KEY = FAKE_KEYS.anthropic;
  } else {
    initializationOptions = { provider: 'openai', openai: { baseUrl: `${fake.url}/v1` }, ...extra.settings };
    if (extra.openAiKey) env.OPENAI_API_KEY = FAKE_KEYS.openai;
  }
  const options: SessionOptions = {
    ...extra.client,
    env,
    initializationOptions,
    traceName: extra.traceName ?? `explain-${provider}`,
  };
  const session = await LspSession.start(options);
  return { session, cacheDir };
}

export interface ModelSessions {
  /** This test's fake model server. */
  readonly fake: FakeModelServer;
  /** Starts a session against this test's fake; it is finished (its trace checked) after the test. */
  start(extra?: ModelSessionOptions): Promise<ModelSession>;
}

/**
 * A fresh fake model server for each test of the calling suite, and sessions talking to it as
 * `provider`. After each test every session still running is finished and the fake is closed.
 */
export function modelSessionsPerTest(provider: ProviderName): ModelSessions {
  const perTest = perTestFake();
  return {
    get fake() {
      return perTest.fake;
    },
    async start(extra = {}) {
      const started = await startWithModel(provider, perTest.fake, extra);
      perTest.track(started.session);
      return started;
    },
  };
}

/** The system prompt and the user message of a request as the fake received it, for either API. */
export function promptOf(request: RecordedRequest): { system: string; user: string } {
  const body = request.body as {
    system?: string;
    messages?: { role: string; content: string }[];
  };
  const messages = body.messages ?? [];
  const system = body.system ?? messages.find((message) => message.role === 'system')?.content ?? '';
  const user = messages.find((message) => message.role === 'user')?.content ?? '';
  return { system, user };
}

type HoverResult = { contents: { kind: string; value: string } } | null;

/** The markdown of a hover at a position ('' when there is none). */
export async function hoverText(
  session: LspSession,
  uri: string,
  position: { line: number; character: number },
): Promise<string> {
  const hover = await session.request<HoverResult>('textDocument/hover', {
    textDocument: { uri },
    position,
  });
  return hover?.contents.value ?? '';
}

/** The window/showMessage notifications received so far. */
export function shownMessages(session: LspSession): { type: number; message: string }[] {
  return session.notifications
    .filter((notification) => notification.method === 'window/showMessage')
    .map((notification) => notification.params as { type: number; message: string });
}

/** A TypeScript file with two functions, and cursors on their names. */
export const SAMPLE_URI = 'file:///work/pricing.ts';
const SAMPLE_MARKED = [
  'export function to<|>tal(prices: number[]): number {',
  '  let sum = 0;',
  '  for (const price of prices) sum += price;',
  '  return sum;',
  '}',
  '',
  'export function aver<|>age(prices: number[]): number {',
  '  return prices.length === 0 ? 0 : total(prices) / prices.length;',
  '}',
  '',
].join('\n');

export interface Sample {
  readonly text: string;
  readonly total: Position;
  readonly average: Position;
}

/** The sample's text and its cursors; `edit` rewrites the marked text first (re-indent, change code). */
export function sample(edit: (marked: string) => string = (marked) => marked): Sample {
  const { text, positions } = cursors(edit(SAMPLE_MARKED));
  const [total, average] = positions;
  if (!total || !average) throw new Error('the sample needs two cursors');
  return { text, total, average };
}

/** Opens the sample in a session and returns it. */
export async function openSample(session: LspSession): Promise<Sample> {
  const opened = sample();
  await session.open(SAMPLE_URI, 'typescript', opened.text);
  return opened;
}

/** The structural header's line for `total`, which every hover on it shows, model or not. */
export const TOTAL_HEADER = '*function* **total** — lines 1–5 (5 lines)';

/**
 * The files an explain prompt shows definitions from: the comment above each in its 'What it calls'
 * block (`// ../money/format.ts`, `# ./tax.py (outline)`), relative to the unit's file.
 */
export function definitionFiles(user: string): string[] {
  return user
    .split('\n')
    .flatMap((line) => /^(?:\/\/|#) (\S+|this file)(?: \([^)]*\))?$/.exec(line)?.[1] ?? []);
}
