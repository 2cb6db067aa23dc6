import { Commands, type EditArgs, type ExplainCommandArgs } from '../../../server/src/lsp/protocol.js';

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
 * The client capabilities with the word that this client asks for a `lantern.edit` instruction itself,
 * so the server lists "Edit selection with Lantern…" (see executeCommand).
 */
export function withEditPrompt<T extends { experimental?: unknown }>(capabilities: T): T {
  const experimental = (capabilities.experimental ?? {}) as Record<string, unknown>;
  capabilities.experimental = { ...experimental, lantern: { editPrompt: true } };
  return capabilities;
}

// The "Edit selection with Lantern…" action's lantern.edit comes without an instruction: the user is
// asked for it, and nothing is sent if they give none.
async function editWithInstruction(
  args: readonly unknown[],
  next: (command: string, args: unknown[]) => unknown,
  ask: (prompt: string) => PromiseLike<string | undefined>,
): Promise<unknown> {
  const [first, ...rest] = args as [EditArgs | undefined, ...unknown[]];
  if (!first || first.instruction) return next(Commands.edit, [...args]);
  const instruction = (await ask('How should Lantern change the selection?'))?.trim();
  if (!instruction) return { applied: false, reason: 'Lantern: no instruction given; nothing was changed.' };
  return next(Commands.edit, [{ ...first, instruction }, ...rest]);
}

/**
 * Runs a server command through `next`. For `lantern.edit` without an instruction (the "Edit selection
 * with Lantern…" action) it asks the user with `ask` first. For `lantern.explain` it asks the server not to show the
 * answer as a message too (`present: false`: that is for editors that drop command results) and
 * shows the returned markdown with `show`, beside the code. Returns what the server returned.
 */
export async function executeCommand(
  command: string,
  args: readonly unknown[],
  next: (command: string, args: unknown[]) => unknown,
  show: (markdown: string) => Promise<void>,
  ask: (prompt: string) => PromiseLike<string | undefined> = async () => undefined,
): Promise<unknown> {
  if (command === Commands.edit) return editWithInstruction(args, next, ask);
  if (command !== Commands.explain) return next(command, [...args]);
  const [first, ...rest] = args as [ExplainCommandArgs, ...unknown[]];
  const markdown: unknown = await next(command, [{ ...first, present: false }, ...rest]);
  if (typeof markdown === 'string') await show(markdown);
  return markdown;
}
