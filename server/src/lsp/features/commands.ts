import { ErrorCodes, ResponseError } from 'vscode-languageserver';
import { MessageType } from '../client-notifier.js';
import { askCommand } from '../commands/ask-command.js';
import { customActionCommand } from '../commands/custom-action-command.js';
import { debugCommand } from '../commands/debug-command.js';
import { editCommand } from '../commands/edit-command.js';
import { type CommandHandler, explainCommand } from '../commands/explain-command.js';
import { fixCommand } from '../commands/fix-command.js';
import {
  generateCommand,
  generateDocstringCommand,
  generateTestsCommand,
} from '../commands/generate-command.js';
import type { Feature } from '../feature.js';
import { Commands } from '../protocol.js';

/** Every command the server executes, by id. */
const COMMANDS: Readonly<Record<string, CommandHandler>> = {
  [Commands.explain]: explainCommand,
  [Commands.fix]: fixCommand,
  [Commands.debug]: debugCommand,
  [Commands.generate]: generateCommand,
  [Commands.generateDocstring]: generateDocstringCommand,
  [Commands.generateTests]: generateTestsCommand,
  [Commands.ask]: askCommand,
  [Commands.runAction]: customActionCommand,
  [Commands.edit]: editCommand,
  [Commands.clearCache]: async (_args, { agent, notifier }) => {
    await agent.clearCache();
    notifier.showMessage(
      MessageType.Info,
      'Lantern: the cache is cleared; the workspace index is being rebuilt.',
    );
    return { cleared: true };
  },
};

/** `workspace/executeCommand` for Lantern's commands (`lantern.*`). */
export const commands: Feature = {
  name: 'commands',
  capabilities: () => ({ executeCommandProvider: { commands: Object.keys(COMMANDS) } }),
  register(feature) {
    feature.connection.onExecuteCommand(
      feature.guard('workspace/executeCommand', ({ command, arguments: args }, token) => {
        const handler = COMMANDS[command];
        if (!handler)
          throw new ResponseError(ErrorCodes.InvalidParams, `Lantern has no command '${command}'.`);
        return handler(args ?? [], feature, token);
      }),
    );
  },
};
