import { z } from 'zod';
import { LANGUAGE_NAMES } from './syntax/languages.js';
import { parseLogSize } from './telemetry/rotating-log-file.js';

/** The code action kinds a custom action may have (the standard ones clients know how to group). */
export const CUSTOM_ACTION_KINDS = [
  'quickfix',
  'refactor',
  'refactor.extract',
  'refactor.inline',
  'refactor.move',
  'refactor.rewrite',
  'source',
] as const;

/** A log file's size limit: bytes, or k, m, g (binary units, as pino-roll and logrotate read them). */
const LOG_SIZE = /^\d+[kmg]?$/i;

/** One user-defined code action (the plugin mechanism): see `customActions` below. */
const customActionSchema = z.object({
  /** Shown in the code action menu, e.g. `Make {{name}} iterative`. */
  title: z.string().min(1),
  /** What to ask the model; the unit's code and context follow it. */
  prompt: z.string().min(1),
  /** The action's kind: where editors list it. */
  kind: z.enum(CUSTOM_ACTION_KINDS).default('refactor.rewrite'),
  /** Languages it is offered in (python, typescript, tsx, javascript); empty = all. */
  languages: z.array(z.enum(LANGUAGE_NAMES)).default([]),
  /** `edit`: the answer is the rewritten unit, verified like a fix; `message`: the answer is shown. */
  answer: z.enum(['edit', 'message']).default('edit'),
});

/**
 * Lantern's settings: one schema (section `lantern`), a default and a comment per field. Clients'
 * settings (the VS Code extension's package.json) are checked against it by a drift test.
 */
export const configSchema = z.object({
  /** Which model backend answers: `auto` = anthropic when ANTHROPIC_API_KEY is set, else offline. */
  provider: z.enum(['auto', 'anthropic', 'openai', 'offline']).default('auto'),
  /** Model id; empty = the provider's default (claude-sonnet-5-5 for anthropic, llama3.1 for openai). */
  model: z.string().default(''),
  anthropic: z
    .object({
      /** API base URL; empty = the SDK's default (or ANTHROPIC_BASE_URL). */
      baseUrl: z.string().default(''),
    })
    .prefault({}),
  openai: z
    .object({
      /** Base URL of an OpenAI-compatible server (Ollama, llama.cpp server, vLLM, LM Studio). */
      baseUrl: z.string().default('http://127.0.0.1:11434/v1'),
    })
    .prefault({}),
  request: z
    .object({
      /** Give up on one model request after this long (retries included). */
      timeoutMs: z.number().int().positive().default(60_000),
      /** Give up on an answer that stops streaming for this long (between two pieces of it). */
      idleTimeoutMs: z.number().int().positive().default(20_000),
      /** Retries of a failed request (429, 5xx, connection errors), honouring retry-after. */
      maxRetries: z.number().int().min(0).max(10).default(2),
      /** Longest answer, in tokens. */
      maxOutputTokens: z.number().int().positive().default(1024),
    })
    .prefault({}),
  circuitBreaker: z
    .object({
      /** After this many consecutive failed requests, answer structurally for a cool-down. */
      failureThreshold: z.number().int().positive().default(5),
      /** How long the structural fallback lasts before the model is tried again. */
      cooldownMs: z.number().int().positive().default(60_000),
    })
    .prefault({}),
  hover: z
    .object({
      /** `always`: ask the model on hover; `cached`: only show explanations already cached; `off`: structure only. */
      explain: z.enum(['always', 'cached', 'off']).default('always'),
      /** Past this, the hover shows the structural part; the explanation finishes into the cache. */
      timeoutMs: z.number().int().positive().default(8_000),
      /**
       * A hover waits this long before asking the model (cache hits do not): one superseded meanwhile (by
       * typing, a newer hover in the file, or the editor cancelling it) never costs a request.
       */
      modelDelayMs: z.number().int().min(0).default(150),
    })
    .prefault({}),
  context: z
    .object({
      /** Budget for the code sent with a request, in (estimated) tokens. */
      maxTokens: z.number().int().positive().default(6_000),
    })
    .prefault({}),
  cache: z
    .object({
      /**
       * `sqlite` (a file under LANTERN_CACHE_DIR or the user cache dir), `memory`, a `redis://` or a `postgres://`
       * URL (shared by a team or by `lantern serve` replicas). Holds the cache, `ask` sessions, the service's
       * shared rate limit (Redis), and the usage log unless `usageStore` puts it elsewhere.
       */
      store: z
        .string()
        .regex(
          /^(sqlite|memory|rediss?:\/\/.+|postgres(ql)?:\/\/.+)$/,
          'expected sqlite, memory, a redis:// or a postgres:// URL',
        )
        .default('sqlite'),
      /**
       * Where the usage log lives, if not in `store`: same values. A team keeps the fast shared state in
       * Redis and the durable record of requests in Postgres. Empty = `store`. Environment: LANTERN_USAGE_STORE.
       */
      usageStore: z
        .string()
        .regex(
          /^(|sqlite|memory|rediss?:\/\/.+|postgres(ql)?:\/\/.+)$/,
          'expected empty, sqlite, memory, a redis:// or a postgres:// URL',
        )
        .default(''),
      /** How long a cached answer is kept. */
      ttlSeconds: z
        .number()
        .int()
        .positive()
        .default(30 * 24 * 3600),
      /**
       * The usage log (request type, input hash, tokens, duration, status; never the input) keeps this many
       * requests, the oldest dropped first; `lantern usage` sums it per day.
       */
      maxInteractions: z.number().int().positive().default(100_000),
    })
    .prefault({}),
  tests: z
    .object({
      /** Command that runs the tests of one file, `{file}` replaced by its path (e.g. `python3 -m pytest -x {file}`). */
      command: z.string().default(''),
      /** Kill a test run after this long. */
      timeoutMs: z.number().int().positive().default(120_000),
      /** Keep at most this much of a test run's output (its end, where failures are reported). */
      maxOutputChars: z.number().int().positive().default(20_000),
      /**
       * Folders where Lantern may run the test command. Read only from the user's config file, the
       * environment and the editor's initializationOptions — never from workspace settings, so a cloned
       * repository cannot trust itself. `*` trusts every folder.
       */
      trustedWorkspaces: z.array(z.string()).default([]),
    })
    .prefault({}),
  generate: z
    .object({
      /**
       * TypeScript/JavaScript: a command that type-checks the project (e.g. `npx tsc --noEmit -p .`), run in a
       * temporary copy with the generated code inserted; code that fails it is not inserted. Trusted
       * workspaces only; empty = syntax check only.
       */
      typecheckCommand: z.string().default(''),
    })
    .prefault({}),
  debug: z
    .object({
      /** Fixes tried (each tested in a temporary copy) before the debug workflow (and the service's /api/v1/debug with a path) gives up. */
      maxAttempts: z.number().int().min(1).max(5).default(2),
    })
    .prefault({}),
  ask: z
    .object({
      /** Turns of an `ask` conversation kept as history (the oldest go first). */
      maxTurns: z.number().int().positive().default(20),
      /** A conversation untouched for this long starts over. */
      maxAgeMinutes: z
        .number()
        .int()
        .positive()
        .default(24 * 60),
      /**
       * Let the model read the workspace while it answers (read_file, search_workspace, list_symbols, git_diff,
       * git_log; run_tests in trusted workspaces only). Off: it sees the question, the conversation and the
       * code at the cursor, nothing else.
       */
      workspaceTools: z.boolean().default(true),
    })
    .prefault({}),
  service: z
    .object({
      /** `lantern serve`: the largest request body accepted, in bytes; a larger one is answered 413. */
      bodyLimitBytes: z.number().int().positive().default(1_048_576),
      /** `lantern serve`: each request's deadline (model calls, retries and checks included); past it, 504. */
      requestTimeoutMs: z.number().int().positive().default(120_000),
      /**
       * `lantern serve`: requests one API token (without tokens: one client address) may make per
       * `rateLimitWindowMs`; past it, 429 with Retry-After. Health and readiness probes are not counted.
       */
      rateLimitMax: z.number().int().positive().default(60),
      /** `lantern serve`: the rate limit's window. */
      rateLimitWindowMs: z.number().int().positive().default(60_000),
      /** `lantern serve`: after SIGTERM, how long requests in flight get to finish before the service exits anyway. */
      drainGraceMs: z.number().int().min(0).default(25_000),
      /** `lantern serve`: past this event-loop delay (ms), new requests are answered 503 instead of queueing. */
      maxEventLoopDelayMs: z.number().int().positive().default(1_000),
      /**
       * `lantern serve`: origins allowed to call the service from a browser (e.g. `https://tools.example.com`);
       * empty = no CORS headers, so browsers refuse cross-origin calls.
       */
      corsOrigins: z.array(z.string()).default([]),
    })
    .prefault({}),
  completion: z
    .object({
      /**
       * Completion as you type: ghost text (`textDocument/inlineCompletion`) in editors that show it, one
       * completion item otherwise; every completion is checked to parse before it is shown.
       */
      enabled: z.boolean().default(true),
      /** Languages completion stays off in, by `languageId` or Lantern's name (`python`, `typescript`, …). */
      disabledLanguages: z.array(z.string()).default([]),
      /**
       * The backend that completes: `same` = the `provider` setting. A small local model (`openai`, with
       * `completion.fim`) can complete while Claude explains.
       */
      provider: z.enum(['same', 'anthropic', 'openai', 'offline']).default('same'),
      /** Model id for completions; empty = `model` when the provider is the same, else the provider's default. */
      model: z.string().default(''),
      /**
       * How an `openai` completion provider is asked: `chat` (chat completions, a prompt asking for the
       * middle), `llamacpp` (llama.cpp's native fill-in-the-middle `/infill`), `ollama` (Ollama's
       * `/api/generate` with `suffix`). Both native endpoints are found at `openai.baseUrl` without its
       * `/v1`. Claude is always asked through its prompt.
       */
      fim: z.enum(['chat', 'llamacpp', 'ollama']).default('chat'),
      /** Quiet time after a keystroke before the model is asked: a request superseded meanwhile costs nothing. */
      debounceMs: z.number().int().min(0).default(150),
      /** Model calls for completions per minute at most; past it, only cached completions are shown until the minute is over. */
      maxCallsPerMinute: z.number().int().positive().default(30),
      /** Give up on one completion after this long (it is stale by then). */
      timeoutMs: z.number().int().positive().default(10_000),
      /** Longest completion asked for, in tokens. */
      maxOutputTokens: z.number().int().positive().default(256),
      /** Longest completion shown, in lines. */
      maxLines: z.number().int().positive().default(24),
      /** Characters of the file before the cursor sent with a completion request. */
      prefixChars: z.number().int().positive().default(4_000),
      /** Characters of the file after the cursor sent with a completion request. */
      suffixChars: z.number().int().min(0).default(1_500),
    })
    .prefault({}),
  diagnostics: z
    .object({
      /** Quiet time after typing before syntax diagnostics are published. */
      debounceMs: z.number().int().min(0).default(150),
    })
    .prefault({}),
  /**
   * Your own code actions, listed on the function, method or class at the cursor: each asks the model
   * with your prompt and the unit's context. `answer: edit` (default) rewrites the unit, verified like
   * a fix; `answer: message` shows the answer. In `prompt` and `title`, `{{name}}`, `{{kind}}`,
   * `{{language}}` and `{{file}}` stand for the unit's.
   */
  customActions: z.array(customActionSchema).default([]),
  /**
   * Languages Lantern stays out of, by the editor's `languageId` (`lua`, `shellscript`, `markdown`) or
   * Lantern's own name (`python`, `typescript`, `tsx`, `javascript`): no hover, code actions,
   * diagnostics or symbols for their documents. A later settings layer replaces the list.
   */
  disabledLanguages: z.array(z.string()).default([]),
  files: z
    .object({
      /** Files longer than this (characters) are not analysed: parsing 10 MB takes seconds. */
      maxChars: z.number().int().positive().default(2_000_000),
    })
    .prefault({}),
  log: z
    .object({
      /**
       * A log file (LANTERN_LOG_FILE, `lantern serve --log-file`) is rotated before it grows past this
       * size: `10m`, `512k`, `1g` (at least 1k). Environment: LANTERN_LOG_MAX_SIZE.
       */
      maxSize: z
        .string()
        .regex(LOG_SIZE, 'expected a size such as 10m, 512k or 1g')
        // Only a well-formed size is measured; the regex above reports the others.
        .refine((size) => !LOG_SIZE.test(size) || parseLogSize(size) >= 1024, 'at least 1k')
        .default('10m'),
      /**
       * Log files kept, the live one included (`lantern.log`, `lantern.log.1`, …); the oldest is deleted.
       * Environment: LANTERN_LOG_MAX_FILES.
       */
      maxFiles: z.number().int().min(1).max(100).default(5),
    })
    .prefault({}),
  index: z
    .object({
      /**
       * Index the workspace folders in the background (units, imports, exports, classes and declared
       * types of every source file), for context from other files and `workspace/symbol`.
       */
      enabled: z.boolean().default(true),
      /**
       * Paths left out of the index, in .gitignore syntax, relative to each workspace folder (like VS
       * Code's `files.exclude`). Each folder's own `.gitignore` files are respected as well.
       */
      exclude: z
        .array(z.string())
        .default(['node_modules/', '.venv/', 'venv/', '__pycache__/', 'dist/', 'build/', 'out/', '*.min.js']),
      /** Files bigger than this (bytes) are not indexed. */
      maxFileBytes: z.number().int().positive().default(1_000_000),
      /** At most this many files are indexed per session (a home folder opened by mistake stays cheap). */
      maxFiles: z.number().int().positive().default(50_000),
    })
    .prefault({}),
});

export type LanternConfig = z.infer<typeof configSchema>;
export type CustomAction = LanternConfig['customActions'][number];

/** A setting that could not be used, and what was used instead. */
export interface ConfigWarning {
  readonly key: string;
  readonly message: string;
}

export const DEFAULT_CONFIG: LanternConfig = configSchema.parse({});

/**
 * Merges layers (later wins, objects merged key by key) and validates the result. An invalid value is
 * dropped so its default applies, and reported with its key: a typo never stops the server.
 */
export function resolveConfig(layers: readonly unknown[]): {
  config: LanternConfig;
  warnings: ConfigWarning[];
} {
  let merged: Record<string, unknown> = {};
  for (const layer of layers) merged = deepMerge(merged, layer);
  const warnings: ConfigWarning[] = [];
  for (let attempt = 0; attempt < 50; attempt++) {
    const result = configSchema.safeParse(merged);
    if (result.success) return { config: result.data, warnings };
    const dropped = new Map<string, readonly PropertyKey[]>();
    for (const issue of result.error.issues) {
      const key = issue.path.join('.');
      const { path: drop, element } = droppedPath(merged, issue.path);
      const instead = element ? `ignoring \`${drop.join('.')}\`` : `using ${defaultAt(issue.path)}`;
      warnings.push({
        key,
        message: `Lantern: setting \`${key}\` is invalid (${issue.message}); ${instead}.`,
      });
      dropped.set(drop.join('.'), drop);
    }
    // Last array index first, so dropping one element does not shift the next one to drop.
    const paths = [...dropped.values()].sort((a, b) => Number(b.at(-1)) - Number(a.at(-1)) || 0);
    for (const path of paths) merged = withoutPath(merged, path);
  }
  return { config: DEFAULT_CONFIG, warnings };
}

/**
 * What to drop for an invalid value: the setting itself (its default applies), or — inside a list —
 * the one element holding it, so one broken custom action does not take the others with it.
 */
function droppedPath(
  root: unknown,
  path: readonly PropertyKey[],
): { path: readonly PropertyKey[]; element: boolean } {
  let value = root;
  for (let depth = 0; depth < path.length; depth++) {
    if (Array.isArray(value)) return { path: path.slice(0, depth + 1), element: true };
    value = isPlainObject(value) ? value[String(path[depth])] : undefined;
  }
  return { path, element: false };
}

function deepMerge(base: Record<string, unknown>, layer: unknown): Record<string, unknown> {
  if (!isPlainObject(layer)) return base;
  const result: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(layer)) {
    if (value === undefined || value === null) continue;
    const existing = result[key];
    result[key] = isPlainObject(value) && isPlainObject(existing) ? deepMerge(existing, value) : value;
  }
  return result;
}

function withoutPath(object: Record<string, unknown>, path: readonly PropertyKey[]): Record<string, unknown> {
  const [head, ...rest] = path;
  if (head === undefined) return {};
  const key = String(head);
  const copy = { ...object };
  const child = copy[key];
  if (rest.length === 0) delete copy[key];
  else if (Array.isArray(child) && rest.length === 1)
    copy[key] = child.filter((_, index) => index !== Number(rest[0]));
  else if (isPlainObject(child)) copy[key] = withoutPath(child, rest);
  else delete copy[key];
  return copy;
}

function defaultAt(path: readonly PropertyKey[]): string {
  let value: unknown = DEFAULT_CONFIG;
  for (const key of path) value = isPlainObject(value) ? value[String(key)] : undefined;
  return value === undefined ? 'the default' : `the default ${JSON.stringify(value)}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
