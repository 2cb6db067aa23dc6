import { describe, expect, it } from 'vitest';
import {
  answerConfiguration,
  executeCommand,
  withEditPrompt,
} from '../../clients/vscode/src/client-middleware.js';
import clientSettings from '../../clients/vscode/src/client-settings.json' with { type: 'json' };
import { explicitSection } from '../../clients/vscode/src/settings-sync.js';
import { Commands } from '../../server/src/lsp/protocol.js';

// The VS Code extension's middleware logic, run here without VS Code (the module imports no `vscode`).

describe('workspace/configuration through the extension', () => {
  it("answers the lantern section with what the user set, for the item's scope; other sections as VS Code did", () => {
    const scopes: (string | undefined)[] = [];
    const answer = answerConfiguration(
      [{ section: 'editor' }, { section: 'lantern', scopeUri: 'file:///work/app' }],
      [{ tabSize: 2 }, { provider: 'auto', hover: { explain: 'cached', timeoutMs: 8000 } }],
      (scopeUri) => {
        scopes.push(scopeUri);
        // The folder set hover.explain; everything else is VS Code's contributed defaults.
        return explicitSection(
          [
            { key: 'hover.explain', globalValue: 'always', workspaceFolderValue: 'off' },
            { key: 'provider' },
            { key: 'server.path', globalValue: '/opt/lantern-ls' },
          ],
          clientSettings,
        );
      },
    );
    expect(answer).toEqual([{ tabSize: 2 }, { hover: { explain: 'off' } }]);
    expect(scopes).toEqual(['file:///work/app']);
  });

  it('passes an error answer through untouched', () => {
    const error = { code: -32603, message: 'no workspace' };
    expect(answerConfiguration([{ section: 'lantern' }], error, () => ({ provider: 'openai' }))).toBe(error);
  });
});

describe('executeCommand through the extension', () => {
  const recorder = (result: unknown) => {
    const calls: { command: string; args: unknown[] }[] = [];
    const shown: string[] = [];
    return {
      calls,
      shown,
      next: (command: string, args: unknown[]) => {
        calls.push({ command, args });
        return Promise.resolve(result);
      },
      show: async (markdown: string) => {
        shown.push(markdown);
      },
    };
  };
  const explainArgs = { uri: 'file:///work/a.py', position: { line: 3, character: 4 }, present: true };

  it('lantern.explain: the server is told not to present it, and the markdown is shown beside the code', async () => {
    const run = recorder('**total** adds the prices.');
    const result = await executeCommand(Commands.explain, [explainArgs, 'extra'], run.next, run.show);
    expect(result).toBe('**total** adds the prices.');
    expect(run.calls).toEqual([
      { command: Commands.explain, args: [{ ...explainArgs, present: false }, 'extra'] },
    ]);
    expect(run.shown).toEqual(['**total** adds the prices.']);
  });

  it('lantern.explain without markdown back (a failure, a cancel) shows nothing', async () => {
    const run = recorder(null);
    expect(await executeCommand(Commands.explain, [explainArgs], run.next, run.show)).toBeNull();
    expect(run.shown).toEqual([]);
  });

  it('every other command goes to the server unchanged', async () => {
    const run = recorder({ applied: true });
    const args = [{ uri: 'file:///work/a.py', instruction: 'add a parser' }];
    expect(await executeCommand(Commands.generate, args, run.next, run.show)).toEqual({ applied: true });
    expect(run.calls).toEqual([{ command: Commands.generate, args }]);
    expect(run.shown).toEqual([]);
  });
});

describe('"Edit selection with Lantern…" through the extension', () => {
  const editArgs = {
    uri: 'file:///work/a.py',
    range: { start: { line: 2, character: 0 }, end: { line: 4, character: 0 } },
    version: 3,
  };
  const sent: { command: string; args: unknown[] }[] = [];
  const next = (command: string, args: unknown[]) => {
    sent.push({ command, args });
    return Promise.resolve({ applied: true });
  };
  const show = async () => undefined;

  it('declares in the client capabilities that it asks for the instruction, keeping what was there', () => {
    expect(withEditPrompt({ experimental: { other: 1 } })).toEqual({
      experimental: { other: 1, lantern: { editPrompt: true } },
    });
  });

  it('asks for the instruction and sends lantern.edit with it', async () => {
    sent.length = 0;
    const prompts: string[] = [];
    const ask = async (prompt: string) => {
      prompts.push(prompt);
      return '  use a list comprehension ';
    };
    expect(await executeCommand(Commands.edit, [editArgs], next, show, ask)).toEqual({ applied: true });
    expect(prompts).toEqual(['How should Lantern change the selection?']);
    expect(sent).toEqual([
      { command: Commands.edit, args: [{ ...editArgs, instruction: 'use a list comprehension' }] },
    ]);
  });

  it('sends nothing when the user gives no instruction (Escape)', async () => {
    sent.length = 0;
    const result = await executeCommand(Commands.edit, [editArgs], next, show, async () => undefined);
    expect(result).toEqual({ applied: false, reason: 'Lantern: no instruction given; nothing was changed.' });
    expect(sent).toEqual([]);
  });

  it('an edit that already has its instruction (the palette command) goes through without asking', async () => {
    sent.length = 0;
    const args = [{ ...editArgs, instruction: 'add types' }];
    const ask = async () => {
      throw new Error('asked');
    };
    await executeCommand(Commands.edit, args, next, show, ask);
    expect(sent).toEqual([{ command: Commands.edit, args }]);
  });
});
