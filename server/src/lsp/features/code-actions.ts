import { type CodeAction, CodeActionKind, ErrorCodes, ResponseError } from 'vscode-languageserver';
import type { ActionData, CodeActionProvider } from '../code-action-provider.js';
import { withKnownDiagnostics } from '../diagnostics-scope.js';
import type { Feature } from '../feature.js';
import { customActions } from './custom-actions.js';
import { debugActions } from './debug-actions.js';
import { explainActions } from './explain-actions.js';
import { fixActions } from './fix-actions.js';
import { generateActions } from './generate-actions.js';
import { missingTokenFixes } from './missing-token-fixes.js';
import { syntaxDiagnosticsOf } from './syntax-diagnostics.js';

/** Every source of code actions, in the order their actions are listed. */
const PROVIDERS: readonly CodeActionProvider[] = [
  missingTokenFixes,
  fixActions,
  debugActions,
  explainActions,
  generateActions,
  customActions,
];

/**
 * `textDocument/codeAction` and `codeAction/resolve`: asks each provider and merges. Listing is cheap
 * (titles, commands, `data`); anything that needs a model runs in resolve or when the command runs.
 */
export const codeActions: Feature = {
  name: 'codeActions',
  capabilities: (client) => ({
    codeActionProvider: client.textDocument?.codeAction?.codeActionLiteralSupport
      ? {
          codeActionKinds: [...new Set(PROVIDERS.flatMap((provider) => provider.kinds))],
          resolveProvider: true,
        }
      : true,
  }),
  register(feature) {
    feature.connection.onCodeAction(
      feature.guard('textDocument/codeAction', ({ textDocument, range, context }) => {
        const document = feature.documents.get(textDocument.uri);
        if (!document?.tree) return [];
        const only = context.only;
        // Lantern's own diagnostics on the cursor's line count as passed, however little the client sent.
        const widened = withKnownDiagnostics(context, range, syntaxDiagnosticsOf(document));
        const wanted = (kind: string) => !only || only.some((candidate) => kindMatches(kind, candidate));
        const actions: CodeAction[] = [];
        for (const provider of PROVIDERS) {
          if (!provider.kinds.some(wanted)) continue;
          actions.push(
            ...provider
              .provide({ document, range, context: widened }, feature)
              .filter((action) => wanted(action.kind ?? '')),
          );
        }
        return actions;
      }),
    );
    feature.connection.onCodeActionResolve(
      feature.guard('codeAction/resolve', (action, token) => {
        const name = (action.data as ActionData | undefined)?.provider;
        const provider = PROVIDERS.find((candidate) => candidate.name === name);
        if (!provider?.resolve) {
          // Actions listed complete (missing tokens, explain) need no resolving.
          if (action.edit || action.command) return action;
          throw new ResponseError(
            ErrorCodes.InvalidParams,
            `codeAction/resolve: '${action.title}' is not a Lantern action.`,
          );
        }
        return provider.resolve(action, feature, token);
      }),
    );
  },
};

/** `only: ['refactor']` admits `refactor.rewrite`; the empty kind admits only itself. */
function kindMatches(kind: string, only: string): boolean {
  if (only === CodeActionKind.Empty) return kind === CodeActionKind.Empty;
  return kind === only || kind.startsWith(`${only}.`);
}
