import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { LanguageClient, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { AnswerView } from './answer-view.js';
import { answerConfiguration, executeCommand, withEditPrompt } from './client-middleware.js';
import clientSettingsJson from './client-settings.json' with { type: 'json' };
import { registerCommands } from './commands.js';
import { type ServerCommand, serverCommand } from './server-command.js';
import {
  type ClientSettings,
  explicitSection,
  type InspectedSetting,
  initializationOptions,
} from './settings-sync.js';

const clientSettings: ClientSettings = clientSettingsJson;
// Changing these needs a new server process: the command, or trust (read only at startup).
const RESTART_SETTINGS = ['lantern.server.path', 'lantern.tests.trustedWorkspaces'];

let client: LanguageClient | undefined;

/** Starts lantern-ls for every file (see `disabledLanguages`) and adds the "Lantern: …" commands. */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Lantern', { log: true });
  const answers = new AnswerView();
  const settingKeys = Object.keys(
    (context.extension.packageJSON as { contributes: { configuration: { properties: object } } }).contributes
      .configuration.properties,
  ).map((key) => key.slice('lantern.'.length));
  let command: ServerCommand = { command: 'lantern-ls', args: [] };

  const start = async (): Promise<void> => {
    command = serverCommand(
      vscode.workspace.getConfiguration('lantern').get<string>('server.path', ''),
      context.extensionPath,
      existsSync,
    );
    output.info(`starting ${[command.command, ...command.args].join(' ')}`);
    const next = new LanguageClient('lantern', 'Lantern', serverOptions(command), {
      // Every file: the server answers each language it has a grammar for structurally, any other on
      // blocks of lines; `lantern.disabledLanguages` keeps it out of the ones the user lists.
      documentSelector: [{ scheme: 'file' }, { scheme: 'untitled' }],
      outputChannel: output,
      traceOutputChannel: output,
      initializationOptions: initializationOptions(inspect(settingKeys), clientSettings),
      middleware: middleware(settingKeys, answers),
    } satisfies LanguageClientOptions);
    // Tells the server this client asks for a lantern.edit instruction (the middleware below does).
    next.registerFeature({
      fillClientCapabilities: (capabilities) => {
        withEditPrompt(capabilities);
      },
      initialize: () => undefined,
      getState: () => ({ kind: 'static' }),
      clear: () => undefined,
    });
    client = next;
    try {
      await next.start();
    } catch (error) {
      const choice = await vscode.window.showErrorMessage(
        `Lantern: could not start \`${command.command}\` (${(error as Error).message}). Install it (npm install -g . in a Lantern clone) or set lantern.server.path.`,
        'Open Settings',
      );
      if (choice)
        await vscode.commands.executeCommand('workbench.action.openSettings', 'lantern.server.path');
    }
  };
  const restart = async (): Promise<void> => {
    const previous = client;
    client = undefined;
    await previous?.dispose().catch(() => undefined);
    await start();
  };

  context.subscriptions.push(
    output,
    answers,
    ...registerCommands({
      client: () => client,
      answers,
      serverCommand: () => [command.command, ...command.args].join(' '),
      restart,
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (RESTART_SETTINGS.some((key) => event.affectsConfiguration(key))) void restart();
    }),
  );
  await start();
}

export async function deactivate(): Promise<void> {
  await client?.dispose();
  client = undefined;
}

function serverOptions(command: ServerCommand): ServerOptions {
  // lantern-ls is a .cmd shim on Windows, which only a shell runs.
  const executable = {
    command: command.command,
    args: [...command.args],
    options: { shell: process.platform === 'win32' },
  };
  return { run: executable, debug: executable };
}

function middleware(
  settingKeys: readonly string[],
  answers: AnswerView,
): LanguageClientOptions['middleware'] {
  return {
    workspace: {
      // The `lantern` section holds only what the user set (client-middleware.ts says why).
      configuration: async (params, token, next) =>
        answerConfiguration(params.items, await next(params, token), (scopeUri) =>
          explicitSection(inspect(settingKeys, scopeUri), clientSettings),
        ) as Awaited<ReturnType<typeof next>>,
    },
    // "Explain …" answers are shown rendered beside the code, not as a message; "Edit selection with
    // Lantern…" asks for its instruction in an input box.
    executeCommand: (command, args, next) =>
      executeCommand(
        command,
        args,
        next,
        (markdown) => answers.show('Explanation', markdown),
        (prompt) => vscode.window.showInputBox({ prompt }),
      ),
  };
}

function inspect(keys: readonly string[], scopeUri?: string): InspectedSetting[] {
  const configuration = vscode.workspace.getConfiguration(
    'lantern',
    scopeUri ? vscode.Uri.parse(scopeUri) : undefined,
  );
  return keys.map((key) => {
    const inspected = configuration.inspect(key);
    return {
      key,
      globalValue: inspected?.globalValue,
      workspaceValue: inspected?.workspaceValue,
      workspaceFolderValue: inspected?.workspaceFolderValue,
    };
  });
}
