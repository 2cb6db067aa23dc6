import { Commands, type ExplainCommandArgs } from '../../../server/src/lsp/protocol.js';

// What the extension's language-client middleware decides, as plain functions: no `vscode` import, so
// vitest runs them here, where VS Code cannot be installed. extension.ts wires them to the client.

/** One item of a `workspace/configuration` request, as the middleware sees it. */
export interface ConfigurationItem {
  readonly section?: string;
  readonly scopeUri?: string;
}

/**
 * The answer to `workspace/configuration`: VS Code's own (`answer`, one value per item), except that
 * the `lantern` section is what the user set (`lanternSection`), not every contributed default, which
 * would mask the server's lower layers (the user's config.json, LANTERN_PROVIDER…). An error answer
 * passes through.
 */
export function answerConfiguration(
  items: readonly ConfigurationItem[],
  answer: unknown,
  lanternSection: (scopeUri: string | undefined) => unknown,
): unknown {
  if (!Array.isArray(answer)) return answer;
  return answer.map((value: unknown, index) => {
    const item = items[index];
    return item?.section === 'lantern' ? lanternSection(item.scopeUri) : value;
  });
}

/**
 * Runs a server command through `next`. For `lantern.explain` it asks the server not to show the
 * answer as a message too (`present: false`: that is for editors that drop command results) and
 * shows the returned markdown with `show`, beside the code. Returns what the server returned.
 */
export async function executeCommand(
  command: string,
  args: readonly unknown[],
  next: (command: string, args: unknown[]) => unknown,
  show: (markdown: string) => Promise<void>,
): Promise<unknown> {
  if (command !== Commands.explain) return next(command, [...args]);
  const [first, ...rest] = args as [ExplainCommandArgs, ...unknown[]];
  const markdown: unknown = await next(command, [{ ...first, present: false }, ...rest]);
  if (typeof markdown === 'string') await show(markdown);
  return markdown;
}
