import type { SyntaxDocument } from '../syntax/syntax-document.js';
import { documentFacts, type FileFacts } from '../workspace/facts/file-facts.js';
import { WorkspaceIndex } from '../workspace/index/workspace-index.js';
import type { WorkspaceFiles } from '../workspace/workspace-files.js';
import type { ContextSources } from './unit-context.js';

/**
 * A file's facts read from its parsed document (the open one, else the file on disk), extracted once
 * per document version: the loader of an index for files it does not hold.
 */
export function onDemandFacts(files: WorkspaceFiles): (path: string) => FileFacts | undefined {
  const memo = new WeakMap<SyntaxDocument, { version: number; facts: FileFacts | undefined }>();
  return (path) => {
    const document = files.document(path);
    if (!document) return undefined;
    const known = memo.get(document);
    if (known && known.version === document.version) return known.facts;
    const facts = documentFacts(document);
    memo.set(document, { version: document.version, facts });
    return facts;
  };
}

// One stand-in index per set of workspace files, for callers with no index of their own (tests, the
// bench) or one whose roots are not set (the CLI: no crawl). A memo: it holds nothing but what the
// files say.
const standIns = new WeakMap<WorkspaceFiles, WorkspaceIndex>();

/** The index to resolve through: the front's when it has its roots, else a stand-in reading on demand. */
export function indexFor(sources: ContextSources): WorkspaceIndex {
  if (sources.index && sources.index.roots.length > 0) return sources.index;
  let index = standIns.get(sources.files);
  if (!index) {
    index = new WorkspaceIndex(onDemandFacts(sources.files));
    standIns.set(sources.files, index);
  }
  const roots = sources.workspaceRoot ? [sources.workspaceRoot] : [];
  if (index.roots.join('\0') !== roots.join('\0')) index.setRoots(roots);
  return index;
}
