import type {
  CancellationToken,
  CodeAction,
  CodeActionClientCapabilities,
  CodeActionContext,
  Range,
} from 'vscode-languageserver';
import type { ProviderChoice } from '../llm/create-provider.js';
import { OFFLINE_HINT } from '../llm/offline-hint.js';
import type { SyntaxDocument } from '../syntax/syntax-document.js';
import type { FeatureContext } from './feature.js';

/** One source of code actions; `code-actions.ts` asks each and merges their answers. */
export interface CodeActionProvider {
  readonly name: string;
  /** Kinds it offers, for the server capabilities and for honouring `context.only`. */
  readonly kinds: readonly string[];
  /** Lists actions cheaply: titles, and `data` (with `provider: name`) for those resolved later. */
  provide(
    request: { document: SyntaxDocument; range: Range; context: CodeActionContext },
    feature: FeatureContext,
  ): CodeAction[];
  /** Fills in an action this provider listed (`codeAction/resolve`): the expensive part runs here. */
  resolve?(action: CodeAction, feature: FeatureContext, token: CancellationToken): Promise<CodeAction>;
}

/** The `data` every resolvable Lantern action carries, so resolve can route it back to its provider. */
export interface ActionData {
  readonly provider: string;
}

/** How a listed action that needs a model gets to run, so every such action behaves alike. */
export interface ModelActionRoute {
  /** The provider that resolves it, and the arguments both the resolve and the command receive. */
  readonly provider: string;
  readonly args: unknown;
  /** The command that computes it and sends workspace/applyEdit (or shows the answer). */
  readonly command: string;
  /** Whether resolving it yields an edit (an answer that is only shown always runs as the command). */
  readonly resolvesToEdit: boolean;
}

/**
 * An action only a model can carry out, as listed offline: greyed out with how to get a model when the
 * client shows disabled actions (`codeAction.disabledSupport`), else not listed at all — never offered
 * and then refused. With a model, the action as it is.
 */
export function offerModelOnly(
  action: CodeAction,
  choice: ProviderChoice,
  client: CodeActionClientCapabilities | undefined,
): CodeAction | undefined {
  if (choice.kind === 'model') return action;
  if (!client?.disabledSupport) return undefined;
  // A disabled action runs nothing: no command, edit or data to carry.
  const { command: _command, edit: _edit, data: _data, ...listed } = action;
  return { ...listed, disabled: { reason: `Needs a model: ${choice.reason}. ${OFFLINE_HINT}` } };
}

/**
 * Completes a listed model-backed action: offline, as `offerModelOnly` says; resolved lazily (`data`)
 * when the client resolves `edit`; otherwise a command that computes and applies (or shows) it.
 */
export function routeModelAction(
  action: CodeAction,
  route: ModelActionRoute,
  choice: ProviderChoice,
  client: CodeActionClientCapabilities | undefined,
): CodeAction | undefined {
  if (choice.kind === 'offline') return offerModelOnly(action, choice, client);
  if (route.resolvesToEdit && client?.resolveSupport?.properties.includes('edit') === true) {
    action.data = { provider: route.provider, args: route.args };
  } else {
    action.command = { title: action.title, command: route.command, arguments: [route.args] };
  }
  return action;
}
