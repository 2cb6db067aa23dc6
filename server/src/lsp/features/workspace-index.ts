import { DidChangeWatchedFilesNotification, FileChangeType } from 'vscode-languageserver';
import type { LanternConfig } from '../../config.js';
import { allLanguages } from '../../syntax/languages.js';
import { documentFacts } from '../../workspace/facts/file-facts.js';
import { createFactsParser } from '../../workspace/index/facts-parser.js';
import { type CrawlSummary, IndexBuilder } from '../../workspace/index/index-builder.js';
import { MessageType } from '../client-notifier.js';
import type { Feature, FeatureContext } from '../feature.js';
import type { RequestActivity } from '../request-activity.js';
import type { Settings } from '../settings.js';
import { pathOf } from '../workspace-folders.js';

/** The crawl parses its next file once the editor has asked for nothing this long… */
const QUIET_MS = 40;
/** …or after this long anyway, so it still progresses while the user keeps working. */
const MAX_YIELD_MS = 250;

/** How often the crawl's progress is reported, at most. */
const PROGRESS_EVERY_MS = 250;

/**
 * The workspace index, LSP side: the crawl of the workspace folders after `initialized` (again when
 * folders or the `index` settings change), with `window/workDoneProgress`; files changed on disk
 * through `workspace/didChangeWatchedFiles` (the watcher registered dynamically when the client can);
 * open documents through the document store, their unsaved text winning over the disk.
 */
export function workspaceIndex(settings: Settings, activity: RequestActivity): Feature {
  return {
    name: 'workspaceIndex',
    capabilities: () => ({}),
    register(context) {
      const { agent, documents, notifier, connection } = context;
      const index = agent.index;
      const parser = createFactsParser(context.registry);
      let builder: IndexBuilder | undefined;
      let crawling: AbortController | undefined;
      let crawled: Promise<void> = Promise.resolve();
      let indexSettings = '';
      let started = false;
      let clearing = false;

      const start = () => {
        // During a clear of the cache nothing is crawled: the rebuild after it starts with the settings then.
        if (clearing) return;
        crawling?.abort();
        const config = settings.current;
        if (!config.index.enabled) {
          builder = undefined;
          forgetFiles();
          return;
        }
        const folders = context.workspaceFolders();
        index.setRoots(folders);
        builder = new IndexBuilder({
          index,
          parser,
          store: agent.indexStore(),
          limits: () => settings.current.index,
          beforeParse: () => activity.quiet(QUIET_MS, MAX_YIELD_MS),
          log: (message) => notifier.log(MessageType.Warning, message),
        });
        const controller = new AbortController();
        crawling = controller;
        // Whatever goes wrong in a crawl is said in the log; it never reaches the process as an unhandled rejection.
        crawled = crawl(context, builder, folders, parser.where, controller).catch((error: unknown) =>
          notifier.log(MessageType.Warning, `Lantern: indexing failed: ${String(error)}`),
        );
      };
      const forgetFiles = () => {
        for (const path of [...index.paths()]) index.delete(path);
      };

      // lantern.clearCache: the crawl stops (its last batch written) before the store is emptied, then
      // the index is built again from nothing, every file read and parsed, with progress as at first.
      // A single file's update under way may still store its facts after the clear: they are the file's
      // current content, which the rebuild stores too.
      agent.onCacheClear({
        stopWriting: async () => {
          clearing = true;
          crawling?.abort();
          await crawled;
        },
        rebuild: () => {
          clearing = false;
          forgetFiles();
          if (started) start();
        },
      });

      context.onInitialized(() => {
        started = true;
        indexSettings = JSON.stringify(settings.current.index);
        start();
        if (context.client().workspace?.didChangeWatchedFiles?.dynamicRegistration) {
          connection.client
            .register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: sourceGlob() }] })
            .catch((error: unknown) =>
              notifier.log(MessageType.Warning, `file watcher not registered: ${String(error)}`),
            );
        }
      });
      context.onWorkspaceFoldersChanged(() => {
        if (started) start();
      });
      settings.onChange((config: LanternConfig) => {
        const next = JSON.stringify(config.index);
        if (!started || next === indexSettings) return;
        indexSettings = next;
        start();
      });

      connection.onDidChangeWatchedFiles(({ changes }) => {
        for (const change of changes) {
          const path = pathOf(change.uri);
          if (!path || !builder) continue;
          if (change.type === FileChangeType.Deleted) builder.remove(path);
          else
            void builder
              .update(path)
              .catch((error: unknown) => notifier.log(MessageType.Warning, `index: ${String(error)}`));
        }
      });

      documents.onEvent(({ kind, document }) => {
        const path = pathOf(document.uri);
        if (!path) return;
        if (kind === 'opened') {
          index.trackOpen(path, {
            get version() {
              return documents.get(document.uri)?.version ?? document.version;
            },
            facts: () => {
              const current = documents.get(document.uri) ?? document;
              return documentFacts(current);
            },
          });
        } else if (kind === 'closed') {
          index.untrackOpen(path);
          // What is on disk may differ from what was open (closed without saving).
          if (builder) void builder.update(path).catch(() => undefined);
        }
      });
    },
  };
}

async function crawl(
  context: FeatureContext,
  builder: IndexBuilder,
  folders: readonly string[],
  where: string,
  controller: AbortController,
): Promise<void> {
  const { notifier } = context;
  if (folders.length === 0) return;
  const progress = await notifier.progress('Lantern: indexing');
  progress.signal.addEventListener('abort', () => controller.abort());
  let lastReport = 0;
  let summary: CrawlSummary;
  try {
    summary = await builder.crawl(
      folders,
      (done, total) => {
        const now = performance.now();
        if (now - lastReport < PROGRESS_EVERY_MS && done < total) return;
        lastReport = now;
        progress.report(`${done}/${total} files`);
      },
      controller.signal,
    );
  } catch (error) {
    notifier.log(
      MessageType.Warning,
      `Lantern: indexing failed: ${error instanceof Error ? error.message : String(error)}`,
    );
    return;
  } finally {
    progress.done();
  }
  if (controller.signal.aborted) return;
  const skipped = [
    summary.tooLarge > 0 ? `${summary.tooLarge} too large` : '',
    summary.unreadableFolders > 0 ? `${summary.unreadableFolders} unreadable folders` : '',
    summary.overLimit ? 'stopped at index.maxFiles' : '',
    summary.failed > 0 ? `${summary.failed} failed` : '',
  ].filter(Boolean);
  notifier.log(
    MessageType.Info,
    `Lantern indexed ${summary.files} files in ${summary.ms} ms (${summary.parsed} parsed on the ${where}, ${summary.fromStore} from the store${skipped.length ? `; ${skipped.join(', ')}` : ''})`,
  );
}

/** One glob for every extension Lantern parses: `**\/*.{ts,tsx,py,…}`. */
function sourceGlob(): string {
  const extensions = allLanguages().flatMap((spec) => spec.extensions.map((extension) => extension.slice(1)));
  return `**/*.{${[...new Set(extensions)].join(',')}}`;
}
