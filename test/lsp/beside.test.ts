import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { CodeAction, Hover, Location, MarkupContent } from 'vscode-languageserver-protocol';
import { ApplyEditRecorder, applyWorkspaceEdit } from '../support/apply-edit-recorder.js';
import {
  COMMAND_CLIENT,
  cart,
  fenced,
  fixActionFor,
  pyrightUndefined,
  RESOLVING_CLIENT,
  rangeOfText,
  SUBTOTAL,
} from '../support/fix-fixtures.js';
import type { PublishedDiagnostics } from '../support/lsp-session.js';
import { pylspMissing } from '../support/missing-program.js';
import { modelSessionsPerTest } from '../support/model-session.js';

/**
 * `lantern-ls --beside=pylsp`: Debian's pylsp (a real Python language server, installed by .ci/run)
 * and Lantern behind one process, as eglot runs them. Without pylsp the suite is skipped, reported as
 * a missing program.
 */
const TITLE = 'lantern-ls --beside=pylsp (one process, both servers)';
const missing = pylspMissing(TITLE);

const EXPLANATION = 'LANTERN-FAKE: receipt sorts the lines by name and dumps them as JSON.';

describe.skipIf(missing !== undefined)(TITLE, () => {
  const sessions = modelSessionsPerTest('anthropic');

  async function start(traceName: string, main = 'pylsp', capabilities = RESOLVING_CLIENT) {
    const { session } = await sessions.start({
      traceName,
      client: { args: [`--beside=${main}`], capabilities },
    });
    await session.open(cart.uri, cart.languageId, cart.text);
    return session;
  }

  it('answers initialize for both: pylsp’s capabilities with Lantern’s commands and actions', async () => {
    const { initializeResult } = await start('beside-initialize');
    const { capabilities, serverInfo } = initializeResult;
    expect(serverInfo?.name).toMatch(/ \+ lantern-ls$/);
    expect(capabilities.definitionProvider).toBeTruthy(); // pylsp's: Lantern has none
    expect(capabilities.executeCommandProvider?.commands).toEqual(
      expect.arrayContaining(['lantern.explain', 'lantern.fix']),
    );
    expect(capabilities.codeActionProvider).toMatchObject({ resolveProvider: true });
  });

  it('merges the hover (pylsp’s signature, then Lantern’s explanation) and routes definition to pylsp', async () => {
    sessions.fake.script({ kind: 'text', text: EXPLANATION });
    const current = await start('beside-hover');
    const position = rangeOfText(cart.text, 'receipt(items)').start;
    const hover = await current.request<Hover>('textDocument/hover', {
      textDocument: { uri: cart.uri },
      position,
    });
    const text = (hover.contents as MarkupContent).value;
    // pylsp renders the bare signature `receipt(items)`; Lantern's header has `def receipt(items)`.
    const pylspPart = /^receipt\(items\)$/m.exec(text)?.index ?? -1;
    const lanternPart = text.indexOf('def receipt(items)');
    expect(pylspPart).toBeGreaterThanOrEqual(0);
    expect(lanternPart).toBeGreaterThan(pylspPart);
    expect(text.indexOf(EXPLANATION)).toBeGreaterThan(lanternPart);

    const call = rangeOfText(cart.text, 'json.dumps').start;
    const definition = await current.request<Location | Location[]>('textDocument/definition', {
      textDocument: { uri: cart.uri },
      position: { line: call.line, character: call.character + 1 },
    });
    // Lantern has no definitions: only pylsp can say where `json.dumps` lives.
    expect([definition].flat()).toEqual([
      expect.objectContaining({ uri: expect.stringMatching(/\/json\/__init__\.py$/) }),
    ]);
  });

  it('offers Lantern’s fix among the actions and resolves it with Lantern', async () => {
    sessions.fake.script({ kind: 'text', text: fenced('python', SUBTOTAL.replace('itemz', 'item')) });
    const current = await start('beside-fix');
    const diagnostic = pyrightUndefined(cart);
    const fix = await fixActionFor(current, cart.uri, diagnostic);
    const resolved = await current.request<CodeAction>('codeAction/resolve', fix);
    expect(applyWorkspaceEdit(cart.text, cart.uri, resolved.edit ?? {})).toBe(
      cart.text.replace('itemz', 'item'),
    );
    expect(sessions.fake.requests).toHaveLength(1);
  });

  it('lists Lantern’s fix for pylsp’s diagnostic with the cursor at the start of its line, none passed', async () => {
    const current = await start('beside-fix-line');
    const itemz = rangeOfText(cart.text, 'itemz').start;
    // The router learns pylsp's diagnostics as it publishes them, as the editor does.
    await current.waitForNotification<PublishedDiagnostics>(
      'textDocument/publishDiagnostics',
      (params) =>
        params.uri === cart.uri &&
        params.diagnostics.some((d) => d.source !== 'lantern' && d.range.start.line === itemz.line),
    );
    const lineStart = { line: itemz.line, character: 0 };
    const actions = await current.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: cart.uri },
      range: { start: lineStart, end: lineStart },
      context: { diagnostics: [] },
    });
    expect(actions.map((action) => action.title)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Fix with Lantern: .*itemz/),
        expect.stringMatching(/^Explain this error: .*itemz/),
      ]),
    );
    expect(sessions.fake.requests).toHaveLength(0); // listing asks the model nothing
  });

  it('passes what a server asks of the client (workspace/applyEdit) under an id of its own, and back', async () => {
    sessions.fake.script({ kind: 'text', text: fenced('python', SUBTOTAL.replace('itemz', 'item')) });
    const current = await start('beside-apply-edit', 'pylsp', COMMAND_CLIENT);
    const applyEdits = ApplyEditRecorder.attach(current);
    const diagnostic = pyrightUndefined(cart);
    const fix = await fixActionFor(current, cart.uri, diagnostic);
    expect(fix.command?.command).toBe('lantern.fix');
    const result = await current.request('workspace/executeCommand', fix.command);
    expect(result).toEqual({ applied: true });
    const { edit } = await applyEdits.waitFor();
    expect(applyWorkspaceEdit(cart.text, cart.uri, edit)).toBe(cart.text.replace('itemz', 'item'));
    const request = current.received.find(
      (message) => 'method' in message && message.method === 'workspace/applyEdit',
    );
    expect((request as { id?: unknown } | undefined)?.id).toMatch(/^lantern-\d+$/);
  });

  it('publishes both servers’ diagnostics together, and runs lantern.* commands on Lantern', async () => {
    const current = await start('beside-diagnostics');
    const broken = 'file:///work/fix/broken.py';
    await current.open(broken, 'python', 'def f(:\n    return 1\n');
    const both = await current.waitForNotification<PublishedDiagnostics>(
      'textDocument/publishDiagnostics',
      (params) =>
        params.uri === broken &&
        params.diagnostics.some((d) => d.source === 'lantern') &&
        params.diagnostics.some((d) => d.source !== 'lantern'),
    );
    expect(new Set(both.diagnostics.map((d) => d.source)).size).toBeGreaterThanOrEqual(2);
    const status = await current.request<{ provider: string }>('lantern/status', {});
    expect(status.provider).toBe('anthropic');
  });

  it('shuts both down on shutdown + exit, exiting 0', async () => {
    const current = await start('beside-shutdown');
    const children = childPids(current.process.pid ?? 0);
    expect(children).toHaveLength(2); // Lantern and pylsp (through sh)
    expect(await current.shutdown()).toBe(0); // afterEach still checks the trace
    // Both children are gone: none is left running once the router has exited.
    expect(children.filter(isRunning)).toEqual([]);
  });

  it('stops both servers when the editor stops it with a signal', async () => {
    const current = await start('beside-signal');
    const children = childPids(current.process.pid ?? 0);
    expect(children).toHaveLength(2);
    current.process.kill('SIGTERM');
    await current.exited;
    expect(children.filter(isRunning)).toEqual([]);
  });

  it('carries on alone, and says so, when the main server dies', async () => {
    const current = await start('beside-main-dies', 'exit 3');
    const warning = await current.waitForNotification<{ type: number; message: string }>(
      'window/showMessage',
      (params) => params.type === 2,
    );
    expect(warning.message).toBe(
      'Lantern: the main server (exit 3) exited (code 3); Lantern carries on alone.',
    );
    const hover = await current.request<Hover>('textDocument/hover', {
      textDocument: { uri: cart.uri },
      position: rangeOfText(cart.text, 'receipt(items)').start,
    });
    expect((hover.contents as MarkupContent).value).toContain('receipt');
    const explained = await current.request('workspace/executeCommand', {
      command: 'lantern.explain',
      arguments: [{ uri: cart.uri, position: rangeOfText(cart.text, 'receipt(items)').start }],
    });
    expect(explained).toContain('receipt');
  });
});

/** The pids of a process's children (pgrep, from procps, as on Debian). */
function childPids(pid: number): number[] {
  const listed = spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).stdout;
  return listed.split('\n').filter(Boolean).map(Number);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
