import { CodeActionKind } from 'vscode-languageserver';
import { isTestFile } from '../../agent/debug/code-under-test.js';
import type { CodeActionProvider } from '../code-action-provider.js';
import { Commands, type DebugArgs } from '../protocol.js';

/**
 * "Debug failing test" in test files (test_x.py, x_test.py, x.test.ts, x.spec.js …): runs
 * `lantern.debug`, which explains what to configure when tests cannot run yet (untrusted folder, no
 * test command), so the action is always worth showing there.
 */
export const debugActions: CodeActionProvider = {
  name: 'debug',
  kinds: [CodeActionKind.QuickFix],
  provide({ document }) {
    if (!isTestFile(document.uri)) return [];
    const title = 'Debug failing test with Lantern';
    const args: DebugArgs = { uri: document.uri };
    return [
      {
        title,
        kind: CodeActionKind.QuickFix,
        command: { title, command: Commands.debug, arguments: [args] },
      },
    ];
  },
};
