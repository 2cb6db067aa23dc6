import { type CodeAction, CodeActionKind } from 'vscode-languageserver';
import type { CodeActionProvider } from '../code-action-provider.js';
import type { Feature } from '../feature.js';
import { explainActions } from './explain-actions.js';
import { missingTokenFixes } from './missing-token-fixes.js';

/** Every source of code actions, in the order their actions are listed. */
const PROVIDERS: readonly CodeActionProvider[] = [missingTokenFixes, explainActions];

/**
 * `textDocument/codeAction`: asks each provider and merges. Listing is cheap (titles and commands);
 * anything that needs a model runs only when the user picks the action.
 */
export const codeActions: Feature = {
  name: 'codeActions',
  capabilities: (client) => ({
    codeActionProvider: client.textDocument?.codeAction?.codeActionLiteralSupport
      ? { codeActionKinds: [...new Set(PROVIDERS.flatMap((provider) => provider.kinds))] }
      : true,
  }),
  register(feature) {
    feature.connection.onCodeAction(
      feature.guard('textDocument/codeAction', ({ textDocument, range, context }) => {
        const document = feature.documents.get(textDocument.uri);
        if (!document?.tree) return [];
        const actions: CodeAction[] = [];
        for (const provider of PROVIDERS) {
          if (
            context.only &&
            !provider.kinds.some((kind) => context.only?.some((only) => kindMatches(kind, only)))
          )
            continue;
          actions.push(...provider.provide({ document, range, context }, feature));
        }
        return actions;
      }),
    );
  },
};

/** `only: ['refactor']` admits `refactor.rewrite`; the empty kind admits only itself. */
function kindMatches(kind: string, only: string): boolean {
  if (only === CodeActionKind.Empty) return kind === CodeActionKind.Empty;
  return kind === only || kind.startsWith(`${only}.`);
}
