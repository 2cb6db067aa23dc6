import { CodeActionKind } from 'vscode-languageserver';
import { isTestFile } from '../../agent/debug/code-under-test.js';
import { type CodeActionProvider, offerModelOnly } from '../code-action-provider.js';
import { Commands, type DebugArgs } from '../protocol.js';

/**
 * "Debug failing test" in test files (test_x.py, x_test.py, x.test.ts, x.spec.js …): runs
 * `lantern.debug`, which explains what to configure when tests cannot run yet (untrusted folder, no
 * test command), so with a model the action is always worth showing there. Offline the fix it looks
 * for cannot be made: greyed out with how to get a model, or not listed.
 */
export const debugActions: CodeActionProvider = {
  name: 'debug',
  kinds: [CodeActionKind.QuickFix],
  provide({ document }, { agent, client }) {
    if (!isTestFile(document.uri)) return [];
    const title = 'Debug failing test with Lantern';
    const args: DebugArgs = { uri: document.uri };
    const action = offerModelOnly(
      {
        title,
        kind: CodeActionKind.QuickFix,
        command: { title, command: Commands.debug, arguments: [args] },
      },
      agent.provider(),
      client().textDocument?.codeAction,
    );
    return action ? [action] : [];
  },
};
