import { type CodeAction, CodeActionKind, ErrorCodes, ResponseError } from 'vscode-languageserver';
import type { SyntaxDocument } from '../../syntax/syntax-document.js';
import type { ActionData, CodeActionProvider } from '../code-action-provider.js';
import { withKnownDiagnostics } from '../diagnostics-scope.js';
import type { Feature } from '../feature.js';
import { blockActions } from './block-actions.js';
import { customActions } from './custom-actions.js';
import { debugActions } from './debug-actions.js';
import { editActions } from './edit-actions.js';
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
  editActions,
  customActions,
];

/**
 * What a document in a language without a grammar gets: fixes and explanations of diagnostics on the
 * block around them, "Explain this block", implement-from-comment and editing the selection.
 */
const FALLBACK_PROVIDERS: readonly CodeActionProvider[] = [
  fixActions,
  blockActions,
  generateActions,
  editActions,
];

/** The providers for a document: none for a file too large or binary to analyse. */
function providersFor(document: SyntaxDocument): readonly CodeActionProvider[] {
  if (!document.language) return FALLBACK_PROVIDERS;
  return document.tree ? PROVIDERS : [];
}

/**
 * `textDocument/codeAction` and `codeAction/resolve`: asks each provider and merges. Listing is cheap
 * (titles, commands, `data`); anything that needs a model runs in resolve or when the command runs.
 */
export const codeActions: Feature = {
  name: 'codeActions',
  capabilities: (client) => ({
    codeActionProvider: client.textDocument?.codeAction?.codeActionLiteralSupport
      ? {
          codeActionKinds: [
            ...new Set([...PROVIDERS, ...FALLBACK_PROVIDERS].flatMap((provider) => provider.kinds)),
          ],
          resolveProvider: true,
        }
      : true,
  }),
  register(feature) {
    feature.connection.onCodeAction(
      feature.guard('textDocument/codeAction', ({ textDocument, range, context }) => {
        const document = feature.documents.get(textDocument.uri);
        if (!document) return [];
        const only = context.only;
        // Lantern's own diagnostics on the cursor's line count as passed, however little the client sent.
        const widened = withKnownDiagnostics(context, range, syntaxDiagnosticsOf(document));
        const wanted = (kind: string) => !only || only.some((candidate) => kindMatches(kind, candidate));
        const actions: CodeAction[] = [];
        for (const provider of providersFor(document)) {
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
        const provider = [...PROVIDERS, ...FALLBACK_PROVIDERS].find((candidate) => candidate.name === name);
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
