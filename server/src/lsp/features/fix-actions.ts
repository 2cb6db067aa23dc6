import { type CodeAction, CodeActionKind, type Diagnostic } from 'vscode-languageserver';
import { MessageType } from '../client-notifier.js';
import {
  type ActionData,
  type CodeActionProvider,
  offerModelOnly,
  routeModelAction,
} from '../code-action-provider.js';
import { computeFix, fixTargetAt, parseFixArgs } from '../commands/fix-command.js';
import { diagnosticsScope, overlaps } from '../diagnostics-scope.js';
import { Commands, type ExplainCommandArgs, type FixArgs } from '../protocol.js';
import { offsetOf } from '../ranges.js';

const MAX_TITLE_MESSAGE = 80;

/**
 * "Explain this error: <message>" for every diagnostic on the request's line (diagnosticsScope) that
 * the client passes or Lantern published, whatever server reported it, and "Fix with Lantern:
 * <message>" when it lies in a unit or a top-level statement or import block (fixTargetAt). Listing
 * costs nothing: the model runs in `codeAction/resolve` (clients that resolve `edit`), or in the
 * `lantern.fix` command, which sends the edit with workspace/applyEdit.
 */
export const fixActions: CodeActionProvider = {
  name: 'fix',
  kinds: [CodeActionKind.QuickFix, CodeActionKind.Empty],
  provide({ document, range, context }, { agent, client }) {
    const capabilities = client().textDocument?.codeAction;
    const choice = agent.provider();
    const actions: CodeAction[] = [];
    const seen = new Set<string>();
    const scope = diagnosticsScope(range);
    for (const diagnostic of context.diagnostics) {
      const message = messageOf(diagnostic);
      const key = `${message}@${diagnostic.range.start.line}:${diagnostic.range.start.character}`;
      const offset = offsetOf(document, diagnostic.range.start);
      if (seen.has(key) || !overlaps(diagnostic.range, scope) || offset === undefined) continue;
      seen.add(key);
      // Any diagnostic can be explained; a fix needs code the edit pipeline can rewrite soundly.
      if (fixTargetAt(document, offset)) {
        const args: FixArgs = { uri: document.uri, version: document.version, diagnostic: slim(diagnostic) };
        const title = `Fix with Lantern: ${shorten(message)}`;
        const action: CodeAction = { title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic] };
        const route = { provider: 'fix', args, command: Commands.fix, resolvesToEdit: true };
        const listed = routeModelAction(action, route, choice, capabilities);
        if (listed) actions.push(listed);
      }
      const explainTitle = `Explain this error: ${shorten(message)}`;
      const explainArgs: ExplainCommandArgs = {
        uri: document.uri,
        position: diagnostic.range.start,
        present: true,
        diagnostic: { message, ...(diagnostic.source ? { source: diagnostic.source } : {}) },
      };
      // Offline it could only restate the message: the model is the explanation.
      const explain = offerModelOnly(
        {
          title: explainTitle,
          kind: CodeActionKind.Empty,
          diagnostics: [diagnostic],
          command: { title: explainTitle, command: Commands.explain, arguments: [explainArgs] },
        },
        choice,
        capabilities,
      );
      if (explain) actions.push(explain);
    }
    return actions;
  },
  async resolve(action, feature, token) {
    const args = parseFixArgs((action.data as FixData).args);
    const fix = await computeFix(feature, args, token);
    if ('reason' in fix) {
      // The client asked for an edit; with none to give, say why (the action applies nothing).
      feature.notifier.showMessage(MessageType.Warning, fix.reason);
      return action;
    }
    return { ...action, edit: fix.edit };
  },
};

interface FixData extends ActionData {
  readonly args: FixArgs;
}

// Only what the fix needs travels in `data` and command arguments.
function slim(diagnostic: Diagnostic): FixArgs['diagnostic'] {
  return {
    range: { start: diagnostic.range.start },
    message: messageOf(diagnostic),
    ...(diagnostic.source ? { source: diagnostic.source } : {}),
  };
}

// LSP 3.18 lets a diagnostic's message be markdown.
function messageOf(diagnostic: Diagnostic): string {
  return typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value;
}

function shorten(message: string): string {
  const line = message.split('\n')[0] ?? '';
  return line.length > MAX_TITLE_MESSAGE ? `${line.slice(0, MAX_TITLE_MESSAGE - 1)}…` : line;
}
