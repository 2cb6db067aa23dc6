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
 * Completes a listed model-backed action: greyed out with the reason when offline and the client shows
 * disabled actions; resolved lazily (`data`) when the client resolves `edit` and a model is there;
 * otherwise a command, which also explains itself when run offline.
 */
export function routeModelAction(
  action: CodeAction,
  route: ModelActionRoute,
  choice: ProviderChoice,
  client: CodeActionClientCapabilities | undefined,
): CodeAction {
  if (choice.kind === 'offline' && client?.disabledSupport) {
    action.disabled = { reason: `Needs a model: ${choice.reason}. ${OFFLINE_HINT}` };
  } else if (
    route.resolvesToEdit &&
    choice.kind === 'model' &&
    client?.resolveSupport?.properties.includes('edit') === true
  ) {
    action.data = { provider: route.provider, args: route.args };
  } else {
    action.command = { title: action.title, command: route.command, arguments: [route.args] };
  }
  return action;
}
