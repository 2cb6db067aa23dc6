import type {
  CodeAction,
  Command,
  CompletionItem,
  CompletionList,
  Diagnostic,
  Hover,
  InitializeResult,
  MarkedString,
  MarkupContent,
  ServerCapabilities,
} from 'vscode-languageserver';

/** The two servers behind the router: the language's own one, and Lantern. */
export type ServerName = 'main' | 'lantern';

/**
 * One initialize result for the client: the main server's capabilities, with Lantern's added where the
 * main server has none and merged where both answer (hover, code actions, commands). Document sync is
 * the main server's: Lantern takes full and incremental changes alike. The pair is named after the main
 * server: its serverInfo, else the program its command runs (typescript-language-server sends none).
 */
export function mergeInitializeResults(
  main: InitializeResult,
  lantern: InitializeResult,
  mainCommand: string,
): InitializeResult {
  const ours = lantern.capabilities;
  const theirs = main.capabilities;
  const merged: ServerCapabilities = { ...ours, ...theirs };
  merged.hoverProvider = Boolean(theirs.hoverProvider) || Boolean(ours.hoverProvider);
  merged.codeActionProvider = mergeCodeActionProviders(theirs.codeActionProvider, ours.codeActionProvider);
  // Completion items are the main server's list with Lantern's one item added (see mergeCompletions);
  // ghost text is Lantern's unless the main server offers it too.
  if (theirs.completionProvider || ours.completionProvider)
    merged.completionProvider = theirs.completionProvider ?? ours.completionProvider;
  if (theirs.inlineCompletionProvider || ours.inlineCompletionProvider)
    merged.inlineCompletionProvider = theirs.inlineCompletionProvider ?? ours.inlineCompletionProvider;
  const commands = [
    ...(theirs.executeCommandProvider?.commands ?? []),
    ...(ours.executeCommandProvider?.commands ?? []),
  ];
  if (commands.length > 0) merged.executeCommandProvider = { commands: [...new Set(commands)] };
  // Both servers count positions in UTF-16: the router asks the main server for the default.
  if (ours.positionEncoding) merged.positionEncoding = ours.positionEncoding;
  const name = main.serverInfo?.name ?? serverNameOf(mainCommand);
  return {
    capabilities: merged,
    serverInfo: { name: `${name} + lantern-ls`, version: lantern.serverInfo?.version ?? '' },
  };
}

// Words of a command line that run the server rather than being it.
const LAUNCHERS = new Set([
  'env',
  'exec',
  'nice',
  'nohup',
  'node',
  'npx',
  'bunx',
  'pnpx',
  'python',
  'python3',
  'uvx',
  'pipx',
]);
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

/**
 * The program a `--beside` command runs, by its file name: `VAR=… npx -y typescript-language-server
 * --stdio` is typescript-language-server, `python3 -m pylsp` is pylsp.
 */
export function serverNameOf(command: string): string {
  const words = command
    .trim()
    .split(/\s+/)
    .map((word) => word.replace(/^['"]|['"]$/g, ''));
  for (let index = 0; index < words.length; index++) {
    const word = words[index] ?? '';
    if (word === '-m' && words[index + 1]) return words[index + 1] as string;
    if (word === '' || ASSIGNMENT.test(word) || word.startsWith('-')) continue;
    const program = word.slice(word.lastIndexOf('/') + 1);
    if (!LAUNCHERS.has(program)) return program;
  }
  return 'main server';
}

function mergeCodeActionProviders(
  theirs: ServerCapabilities['codeActionProvider'],
  ours: ServerCapabilities['codeActionProvider'],
): ServerCapabilities['codeActionProvider'] {
  if (!theirs) return ours;
  if (!ours) return theirs;
  const kindsOf = (provider: typeof theirs) =>
    typeof provider === 'object' ? provider.codeActionKinds : undefined;
  const kinds = [...(kindsOf(theirs) ?? []), ...(kindsOf(ours) ?? [])];
  const resolves =
    (typeof theirs === 'object' && theirs.resolveProvider === true) ||
    (typeof ours === 'object' && ours.resolveProvider === true);
  if (kinds.length === 0 && !resolves) return true;
  return { ...(kinds.length > 0 ? { codeActionKinds: [...new Set(kinds)] } : {}), resolveProvider: resolves };
}

/** One hover: the main server's answer (types, signatures), then Lantern's (structure, explanation). */
export function mergeHovers(main: Hover | null, lantern: Hover | null): Hover | null {
  if (!main) return lantern;
  if (!lantern) return main;
  const parts = [markdownOf(main.contents), markdownOf(lantern.contents)].filter(
    (part) => part.trim() !== '',
  );
  return {
    contents: { kind: 'markdown', value: parts.join('\n\n---\n\n') },
    ...(main.range ? { range: main.range } : lantern.range ? { range: lantern.range } : {}),
  };
}

function markdownOf(contents: Hover['contents']): string {
  const one = (part: MarkedString | MarkupContent): string => {
    if (typeof part === 'string') return part;
    if ('kind' in part) return part.value;
    return `\`\`\`${part.language}\n${part.value}\n\`\`\``;
  };
  return Array.isArray(contents) ? contents.map(one).join('\n\n') : one(contents);
}

/** A completion answer in either of its shapes, as a list. */
function listOf(answer: CompletionList | CompletionItem[] | null | undefined): CompletionList {
  if (!answer) return { isIncomplete: false, items: [] };
  return Array.isArray(answer) ? { isIncomplete: false, items: answer } : answer;
}

/**
 * One completion list: the main server's items, then Lantern's (marked, so a `completionItem/resolve`
 * of one never reaches the main server, which did not make it). `lanternPending`: Lantern has not
 * answered yet and the list goes without it — incomplete, so the client asks again as the user types,
 * by which time Lantern's answer is cached.
 */
export function mergeCompletions(
  main: CompletionList | CompletionItem[] | null | undefined,
  lantern: CompletionList | CompletionItem[] | null | undefined,
  lanternPending = false,
): CompletionList {
  const theirs = listOf(main);
  const ours = listOf(lantern).items.map((item) => ({
    ...item,
    data: { lanternBeside: 'lantern', data: item.data } satisfies RoutedData,
  }));
  return {
    ...theirs,
    isIncomplete: theirs.isIncomplete || lanternPending || ours.length > 0,
    items: [...theirs.items, ...ours],
  };
}

/** Whether a completion item is one of Lantern's, as mergeCompletions marked it. */
export function isLanternItem(item: CompletionItem): boolean {
  return (item.data as Partial<RoutedData> | undefined)?.lanternBeside === 'lantern';
}

/** The `data` the router puts on each code action, to send its resolve to the server that made it. */
interface RoutedData {
  readonly lanternBeside: ServerName;
  readonly data?: unknown;
}

/** A server's code actions, each marked with the server, so `codeAction/resolve` finds its way back. */
export function markActions(
  from: ServerName,
  actions: readonly (CodeAction | Command)[] | null,
): (CodeAction | Command)[] {
  return (actions ?? []).map((action) =>
    isCommand(action)
      ? action
      : { ...action, data: { lanternBeside: from, data: action.data } satisfies RoutedData },
  );
}

/** Which server made an action, and the action as that server gave it. */
export function unmarkAction(action: CodeAction): { from: ServerName; action: CodeAction } {
  const routed = action.data as Partial<RoutedData> | undefined;
  const from = routed?.lanternBeside === 'lantern' ? 'lantern' : 'main';
  const { data: _routed, ...rest } = action;
  return { from, action: routed?.data === undefined ? rest : { ...rest, data: routed.data } };
}

function isCommand(action: CodeAction | Command): action is Command {
  return typeof (action as Command).command === 'string';
}

/**
 * Diagnostics of both servers per document: each publishes its own list, and a client keeps only the
 * last list it got for a document, so the router sends the union every time either changes.
 */
export class MergedDiagnostics {
  readonly #lists = new Map<string, Record<ServerName, Diagnostic[]>>();

  /** Records one server's list for a document; returns the union to publish. */
  update(uri: string, from: ServerName, diagnostics: Diagnostic[]): Diagnostic[] {
    const lists = this.#lists.get(uri) ?? { main: [], lantern: [] };
    lists[from] = diagnostics;
    if (lists.main.length === 0 && lists.lantern.length === 0) this.#lists.delete(uri);
    else this.#lists.set(uri, lists);
    return [...lists.main, ...lists.lantern];
  }

  /** What one server last published for a document. */
  of(uri: string, from: ServerName): readonly Diagnostic[] {
    return this.#lists.get(uri)?.[from] ?? [];
  }
}
