import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CONFIG, type LanternConfig } from '../config.js';
import { onDemandFacts } from '../context/on-demand-facts.js';
import {
  circuitState,
  createCompletionProvider,
  createProvider,
  type ProviderChoice,
} from '../llm/create-provider.js';
import type { ModelError } from '../llm/errors.js';
import { IndexStore } from '../store/index-store.js';
import type { InteractionLog } from '../store/interaction-log.js';
import { interactionLog, usageStoreOf } from '../store/open-interactions.js';
import { openSessionBackend } from '../store/open-sessions.js';
import { describeStore, openStore } from '../store/open-store.js';
import { ResponseCache } from '../store/response-cache.js';
import { SessionStore } from '../store/sessions.js';
import type { GrammarRegistry } from '../syntax/grammar-registry.js';
import type { SyntaxDocument } from '../syntax/syntax-document.js';
import {
  type CircuitState,
  type MonitorSnapshot,
  PerformanceMonitor,
} from '../telemetry/performance-monitor.js';
import type { AgentTool } from '../tools/agent-tool.js';
import { isTrusted } from '../tools/trust.js';
import { isInside } from '../tools/workspace-path.js';
import { workspaceTools } from '../tools/workspace-tools.js';
import type { FileFacts } from '../workspace/facts/file-facts.js';
import { WorkspaceIndex } from '../workspace/index/workspace-index.js';
import { WorkspaceFiles } from '../workspace/workspace-files.js';
import { Asker } from './ask.js';
import { Completer } from './completion/completer.js';
import { CustomActions } from './custom-action.js';
import { DebugWorkflow } from './debug/debug-workflow.js';
import { SelectionEditor } from './edit-selection.js';
import type { LanguageCheckOptions } from './edits/language-check.js';
import { Explainer } from './explain.js';
import { Fixer } from './fix.js';
import { DocstringWriter } from './generate/docstring-writer.js';
import { Generator } from './generate/generator.js';
import { TestWriter } from './generate/test-writer.js';
import { InteractionRecorder } from './interaction-recorder.js';
import {
  answered,
  completionStatus,
  explanationStatus,
  monitored,
  refusalStatus,
} from './monitored-abilities.js';

/** How the core reports what a user should hear about (circuit open, a wrong key, a broken cache). */
export interface AgentNotices {
  modelProblem(error: ModelError): void;
  circuitOpened(error: ModelError): void;
  cacheProblem(message: string): void;
  /** Every tool call the model makes (for the log). */
  toolCall(call: { name: string; input: unknown; error?: string }): void;
}

export interface AgentCoreOptions {
  readonly registry: GrammarRegistry;
  readonly env: NodeJS.ProcessEnv;
  readonly notices: AgentNotices;
  /** The editor's open documents, preferred over the files on disk. */
  readonly openDocument?: (uri: string) => SyntaxDocument | undefined;
  /**
   * Every workspace folder, the root first: imports are resolved from the root, and the model's tools
   * may read any of them.
   */
  readonly workspaceFolders?: () => readonly string[];
  /** Folders where commands (tests) may run; see Settings.trustedWorkspaces. */
  readonly trustedWorkspaces?: () => readonly string[];
  /** The process's performance monitor (the front reads it too); a fresh one by default. */
  readonly monitor?: PerformanceMonitor;
}

/**
 * Something that writes into the stores `clearCache` empties (the LSP server's index crawl): it stops
 * before they are emptied, so nothing it had under way lands after, and rebuilds once they are.
 */
export interface CacheWriter {
  /** Resolves once nothing this writer started can reach the store any more. */
  stopWriting(): Promise<void>;
  /** The stores are empty: build again from the files as they are now. */
  rebuild(): void;
}

/** A snapshot for lantern/status. */
export interface AgentStatus {
  readonly provider: string;
  readonly model: string | undefined;
  readonly endpoint: string | undefined;
  readonly offlineReason: string | undefined;
  readonly cache: { readonly location: string; readonly hits: number; readonly misses: number };
  /** Model calls, and those that failed. */
  readonly requests: number;
  readonly failures: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** Requests per type with durations, sessions, the circuit: what /api/v1/stats shows. */
  readonly performance: MonitorSnapshot;
}

/**
 * The agent's abilities and the services they share (provider, cache, workspace files, usage), built
 * from the configuration and rebuilt piecewise when it changes. The LSP server and the CLI each hold
 * one; nothing in here knows about LSP. The abilities the fronts call are the monitored ones: every
 * request through any front is counted and timed in one place.
 */
export class AgentCore {
  readonly monitor: PerformanceMonitor;
  readonly explainer: Explainer;
  readonly fixer: Fixer;
  readonly customActions: CustomActions;
  readonly selectionEditor: SelectionEditor;
  readonly debugger: DebugWorkflow;
  readonly generator: Generator;
  readonly docstrings: DocstringWriter;
  readonly tests: TestWriter;
  readonly asker: Asker;
  readonly completer: Completer;
  readonly files: WorkspaceFiles;
  /**
   * The workspace index (workspace/index/workspace-index.ts); the LSP server crawls the folders into it.
   * A file it does not hold yet (a crawl under way) is read on demand, so context resolves meanwhile.
   */
  readonly index: WorkspaceIndex;
  #config: LanternConfig = DEFAULT_CONFIG;
  #choice: ProviderChoice | undefined;
  #completionChoice: ProviderChoice | undefined;
  #cache: ResponseCache | undefined;
  #cacheStore: string | undefined;
  #sessions: SessionStore | undefined;
  #interactions: InteractionLog | undefined;
  #usageStore: string | undefined;
  #indexStore: IndexStore<FileFacts> | undefined;
  readonly #cacheWriters: CacheWriter[] = [];
  readonly #recorder = new InteractionRecorder(() => this.interactions());

  constructor(private readonly options: AgentCoreOptions) {
    const monitor = options.monitor ?? new PerformanceMonitor();
    this.monitor = monitor;
    monitor.watchCircuit(() => this.circuitState());
    // Every request any front makes is remembered in the usage log of the configured store.
    monitor.subscribe(this.#recorder);
    this.files = new WorkspaceFiles(options.registry, options.openDocument ?? (() => undefined));
    this.index = new WorkspaceIndex(onDemandFacts(this.files));
    const folders = options.workspaceFolders ?? (() => []);
    const services = {
      provider: () => this.provider(),
      cache: () => this.cache(),
      config: () => this.#config,
      sources: {
        files: this.files,
        index: this.index,
        get workspaceRoot() {
          return folders()[0];
        },
      },
      registry: options.registry,
      usage: monitor,
      onModelError: (error: ModelError) => options.notices.modelProblem(error),
      tools: () => this.tools(),
      onToolCall: (call: { name: string; input: unknown; error?: string }) => options.notices.toolCall(call),
    };
    const explainer = new Explainer(services);
    const fixServices = {
      ...services,
      currentVersion: (uri: string) => options.openDocument?.(uri)?.version,
      languageCheck: (document: SyntaxDocument) => this.#languageCheck(document),
    };
    const fixer = new Fixer(fixServices);
    const generator = new Generator(fixServices);
    const edit = { type: 'fix', status: refusalStatus } as const;
    this.explainer = monitored(explainer, monitor, {
      explain: { type: 'explain', status: explanationStatus },
      explainBlock: { type: 'explain', status: explanationStatus },
      explainError: { type: 'explain', status: explanationStatus },
    });
    this.fixer = monitored(fixer, monitor, { fix: edit, fixRegion: edit, fixBlock: edit });
    this.customActions = monitored(new CustomActions(fixServices), monitor, {
      run: { type: 'action', status: refusalStatus },
    });
    // An edit of the selection is the user's own instruction on their code, as a custom action is.
    this.selectionEditor = monitored(new SelectionEditor(fixServices), monitor, {
      edit: { type: 'action', status: refusalStatus },
    });
    this.debugger = monitored(new DebugWorkflow(fixServices), monitor, {
      run: { type: 'debug', status: refusalStatus },
    });
    this.generator = monitored(generator, monitor, { generate: { type: 'generate', status: refusalStatus } });
    this.docstrings = monitored(new DocstringWriter(fixServices), monitor, {
      write: { type: 'docstring', status: refusalStatus },
    });
    const tests = new TestWriter({
      ...fixServices,
      openVersion: (uri) => options.openDocument?.(uri)?.version,
    });
    this.tests = monitored(tests, monitor, { write: { type: 'tests', status: refusalStatus } });
    // The plain abilities inside ask: a question routed to explain counts once, as an ask.
    const asker = new Asker({ ...fixServices, explainer, fixer, generator, sessions: () => this.sessions() });
    this.asker = monitored(asker, monitor, { ask: { type: 'ask', status: answered } });
    const completer = new Completer({
      ...services,
      registry: options.registry,
      provider: () => this.completionProvider(),
    });
    this.completer = monitored(completer, monitor, {
      complete: { type: 'complete', status: completionStatus },
    });
  }

  get config(): LanternConfig {
    return this.#config;
  }

  /** Applies a new configuration: the provider is rebuilt on next use; the cache only if its store changed. */
  configure(config: LanternConfig): void {
    this.#config = config;
    this.#choice = undefined;
    this.#completionChoice = undefined;
    // Stores no longer configured are closed: a Redis connection stays open until it is, a Postgres
    // store goes on sweeping. Each request asks for the cache, sessions and usage log anew, so none
    // keeps using them. The index store is only forgotten: a crawl under way holds it until it ends.
    const replaced: ({ close(): Promise<void> } | undefined)[] = [];
    if (this.#cacheStore !== config.cache.store) {
      replaced.push(this.#cache, this.#sessions, this.#interactions);
      this.#cache = undefined;
      this.#sessions = undefined;
      this.#interactions = undefined;
      this.#indexStore = undefined;
    }
    if (this.#usageStore !== usageStoreOf(config.cache)) {
      replaced.push(this.#interactions);
      this.#interactions = undefined;
    }
    void Promise.allSettled([...new Set(replaced)].map((store) => store?.close()));
  }

  /** The model's tools for the workspace folders; none without one, or when `ask.workspaceTools` is off. */
  // The folder a document belongs to (the CLI has none: the file's own), trusted or not.
  #languageCheck(document: SyntaxDocument): LanguageCheckOptions {
    const path = document.uri.startsWith('file:') ? fileURLToPath(document.uri) : undefined;
    const folders = this.options.workspaceFolders?.() ?? [];
    const root =
      folders.find((folder) => path !== undefined && isInside(resolve(folder), path)) ??
      folders[0] ??
      (path ? dirname(path) : undefined);
    const trustedFolders = this.options.trustedWorkspaces?.() ?? this.#config.tests.trustedWorkspaces;
    return { workspaceRoot: root, trusted: root !== undefined && isTrusted(root, trustedFolders) };
  }

  tools(): AgentTool[] {
    if (!this.#config.ask.workspaceTools) return [];
    const folders = this.options.workspaceFolders?.() ?? [];
    const { command, timeoutMs, maxOutputChars } = this.#config.tests;
    const trusted = (folder: string) => isTrusted(folder, this.options.trustedWorkspaces?.() ?? []);
    return workspaceTools({
      folders,
      files: this.files,
      tests: { command, timeoutMs, maxOutputChars, trusted },
    });
  }

  /**
   * Where the workspace index keeps files' facts between sessions: the cache's store, in a namespace of
   * its own (`memory` keeps nothing between sessions). One per store, so `clearCache` empties the one
   * the crawl writes to (a `memory` store is a new, empty one each time it is opened).
   */
  indexStore(): IndexStore<FileFacts> {
    if (!this.#indexStore) {
      const { store } = this.#config.cache;
      this.#indexStore = new IndexStore(
        () => openStore(store, 'lantern-index', this.options.env),
        describeStore(store, this.options.env),
        (message) => this.options.notices.cacheProblem(message),
      );
    }
    return this.#indexStore;
  }

  /** `writer` is stopped around every `clearCache`, and rebuilds after it. */
  onCacheClear(writer: CacheWriter): void {
    this.#cacheWriters.push(writer);
  }

  /**
   * Empties what Lantern keeps derived from the user's code: the cached answers, and the workspace
   * index's facts and manifests (in the store; the files parsed in memory are forgotten too), then has
   * the index rebuilt from the files as they are. Kept: `ask` sessions (the user's conversations) and
   * the usage log (a hash of each input, never the input).
   */
  async clearCache(): Promise<void> {
    await Promise.all(this.#cacheWriters.map((writer) => writer.stopWriting()));
    try {
      await Promise.all([this.cache().clear(), this.indexStore().clear()]);
      this.files.forget();
    } finally {
      for (const writer of this.#cacheWriters) writer.rebuild();
    }
  }

  /** The store of `ask` conversations (in the cache's store, apart from the cached answers). */
  sessions(): SessionStore {
    if (!this.#sessions) {
      const { cache, ask } = this.#config;
      this.#sessions = new SessionStore(
        (limits) => openSessionBackend(cache.store, this.options.env, limits),
        { maxTurns: ask.maxTurns, maxAgeMs: ask.maxAgeMinutes * 60_000 },
        (message) => this.options.notices.cacheProblem(message),
        Date.now,
        (sessionId) => this.monitor.recordSessionTurn(sessionId, ask.maxAgeMinutes * 60_000),
      );
    }
    return this.#sessions;
  }

  /**
   * Lets go of the stores (after the usage records under way are written): a service draining on
   * SIGTERM exits once its requests are done, instead of being held open by a Redis connection.
   */
  async close(): Promise<void> {
    await this.#recorder.settled();
    await Promise.all([
      this.#cache?.close(),
      this.#sessions?.close(),
      this.#interactions?.close(),
      this.#indexStore?.close(),
    ]);
  }

  /**
   * The durable memory of requests (for cost per day): in `cache.usageStore` when set (Postgres, while
   * the cache and sessions stay in Redis), else in the store beside the cache and the sessions.
   */
  interactions(): InteractionLog {
    if (!this.#interactions) {
      const { maxInteractions } = this.#config.cache;
      const store = usageStoreOf(this.#config.cache);
      this.#usageStore = store;
      this.#interactions = interactionLog(
        store,
        this.options.env,
        (message) => this.options.notices.cacheProblem(message),
        maxInteractions,
      );
    }
    return this.#interactions;
  }

  provider(): ProviderChoice {
    this.#choice ??= createProvider(this.#config, this.options.env, (error) =>
      this.options.notices.circuitOpened(error),
    );
    return this.#choice;
  }

  /** The backend completions use (`completion.provider`; see createCompletionProvider). */
  completionProvider(): ProviderChoice {
    this.#completionChoice ??= createCompletionProvider(this.#config, this.options.env, (error) =>
      this.options.notices.circuitOpened(error),
    );
    return this.#completionChoice;
  }

  cache(): ResponseCache {
    if (!this.#cache) {
      const { store, ttlSeconds } = this.#config.cache;
      this.#cacheStore = store;
      this.#cache = new ResponseCache(
        () => openStore(store, 'lantern-responses', this.options.env),
        describeStore(store, this.options.env),
        ttlSeconds * 1000,
        (message) => this.options.notices.cacheProblem(message),
        (hit) => this.monitor.recordCacheLookup(hit),
      );
    }
    return this.#cache;
  }

  /** The model's circuit breaker now (`offline` without a model). */
  circuitState(): CircuitState {
    return circuitState(this.provider());
  }

  status(): AgentStatus {
    const choice = this.provider();
    const cache = this.cache().stats();
    const performance = this.monitor.snapshot();
    return {
      provider: choice.kind === 'model' ? choice.provider.name : 'offline',
      model: choice.kind === 'model' ? choice.provider.model : undefined,
      endpoint: choice.kind === 'model' ? choice.provider.endpoint : undefined,
      offlineReason: choice.kind === 'offline' ? choice.reason : undefined,
      cache: { location: cache.location, ...performance.cache },
      requests: performance.modelCalls.count,
      failures: performance.modelCalls.failures,
      inputTokens: performance.tokens.input,
      outputTokens: performance.tokens.output,
      performance,
    };
  }
}
