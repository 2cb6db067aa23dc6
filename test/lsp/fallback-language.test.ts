import { describe, expect, it } from 'vitest';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { OFFLINE_HINT } from '../../server/src/llm/offline-hint.js';
import { applyWorkspaceEdit, editsFor } from '../support/apply-edit-recorder.js';
import { actionsAt, codeActionsAt, runCommand } from '../support/code-actions.js';
import {
  COMMAND_CLIENT,
  DISABLED_SUPPORT_CLIENT,
  diagnosticActions,
  fakeModelSessions,
  fenced,
  fixActionFor,
  nextWarning,
  RESOLVING_CLIENT,
  rangeOfText,
} from '../support/fix-fixtures.js';
import type { LspSession } from '../support/lsp-session.js';
import { hoverText, promptOf } from '../support/model-session.js';

/** A Lua module (Lantern has no Lua grammar) whose loop misspells `price`. */
const URI = 'file:///work/lua/prices.lua';
const LUA = [
  'local M = {}', // 1
  '',
  'function M.total(prices)', // 3
  '  local sum = 0',
  '  for _, price in ipairs(prices) do', // 5
  '    sum = sum + pric',
  '  end',
  '  return sum',
  'end', // 9
  '',
  'function M.average(prices)', // 11
  '  -- TODO: return 0 for an empty list',
  '  return M.total(prices) / #prices',
  'end', // 14
  '',
  'return M',
  '',
].join('\n');
const TOTAL = LUA.slice(LUA.indexOf('function M.total'), LUA.indexOf('\n\nfunction M.average'));
const LOOP = ['for _, price in ipairs(prices) do', '    sum = sum + pric', '  end'].join('\n');
const FIXED_LOOP = LOOP.replace('+ pric', '+ price');

/** What lua-language-server reports for the typo. */
const UNDEFINED_PRIC: Diagnostic = {
  range: rangeOfText(LUA, 'pric\n'),
  severity: 2,
  source: 'Lua Diagnostics.',
  code: 'undefined-global',
  message: 'Undefined global `pric`.',
};
const IN_TOTAL = { line: 3, character: 4 }; // `local sum = 0`
const HEADER = '**`function M.total(prices)`** — lines 3–9';
const NO_GRAMMAR = '*No grammar for languageId `lua`: explanation of the surrounding block.*';

async function openLua(session: LspSession): Promise<void> {
  await session.open(URI, 'lua', LUA);
}

/** The "Fix with Lantern" action for the typo, resolved (its edit computed) as a resolving client does. */
async function resolvedFix(session: LspSession): Promise<CodeAction> {
  return session.request<CodeAction>('codeAction/resolve', await fixActionFor(session, URI, UNDEFINED_PRIC));
}

describe('a language without a grammar, offline', () => {
  const sessions = fakeModelSessions(DISABLED_SUPPORT_CLIENT);

  it('hovers with the block, says there is no grammar and how to get a model', async () => {
    const { session } = await sessions.start('fallback-offline', false);
    await openLua(session);
    const hover = await hoverText(session, URI, IN_TOTAL);
    expect(hover).toContain(HEADER);
    expect(hover).toContain(NO_GRAMMAR);
    expect(hover).toContain(OFFLINE_HINT);
    // On the closing `end`, the same block.
    expect(await hoverText(session, URI, { line: 8, character: 1 })).toContain(HEADER);
  });

  it('lists the model-only actions greyed out with the hint', async () => {
    const { session } = await sessions.start('fallback-offline-actions', false);
    await openLua(session);
    const actions = await diagnosticActions(session, URI, UNDEFINED_PRIC);
    const titles = actions.map((action) => action.title);
    expect(titles).toEqual([
      'Fix with Lantern: Undefined global `pric`.',
      'Explain this error: Undefined global `pric`.',
      'Explain this block',
    ]);
    for (const action of actions) {
      expect(action.disabled?.reason).toContain(OFFLINE_HINT);
      expect(action.command).toBeUndefined();
    }
  });
});

describe('a language without a grammar, with a model (resolving client)', () => {
  const sessions = fakeModelSessions(RESOLVING_CLIENT);

  it('hovers with the model’s explanation of the block, which the model receives whole', async () => {
    sessions.fake.script({ kind: 'text', text: 'Adds up the prices; `pric` is a typo, so it fails.' });
    const { session } = await sessions.start('fallback-hover-model');
    await openLua(session);
    const hover = await hoverText(session, URI, IN_TOTAL);
    expect(hover).toContain(HEADER);
    expect(hover).toContain(NO_GRAMMAR);
    expect(hover).toContain('Adds up the prices; `pric` is a typo, so it fails.');
    const { user } = promptOf(await sessions.fake.waitForRequests(1));
    expect(user).toContain('Explain the block at lines 3–9 of `lua/prices.lua` (languageId `lua`)');
    expect(user).toContain(`\`\`\`lua\n${TOTAL}\n\`\`\``);
  });

  it('explains a diagnostic in the light of the block it is in', async () => {
    sessions.fake.script({ kind: 'text', text: '`pric` is never defined; you meant `price`.' });
    const { session } = await sessions.start('fallback-explain-error');
    await openLua(session);
    const [explain] = (await diagnosticActions(session, URI, UNDEFINED_PRIC)).filter((action) =>
      action.title.startsWith('Explain this error'),
    );
    expect(await runCommand<string>(session, explain)).toContain('you meant `price`');
    const { user } = promptOf(await sessions.fake.waitForRequests(1));
    expect(user).toContain('Explain this error (from Lua Diagnostics.) at line 6 of `lua/prices.lua`');
    expect(user).toContain(`\`\`\`lua\n  ${LOOP}\n\`\`\``);
  });

  it('fixes the block around a diagnostic: minimal, versioned', async () => {
    sessions.fake.script({ kind: 'text', text: fenced('lua', FIXED_LOOP, '`pric` should be `price`.') });
    const { session } = await sessions.start('fallback-fix');
    await openLua(session);
    const resolved = await resolvedFix(session);
    const { version, edits } = editsFor(resolved.edit ?? {}, URI);
    expect(version).toBe(1);
    expect(edits).toEqual([
      {
        range: { start: { line: 5, character: 0 }, end: { line: 5, character: 20 } },
        newText: '    sum = sum + price',
      },
    ]);
    const { user } = promptOf(await sessions.fake.waitForRequests(1));
    expect(user).toContain('Fix this problem in the block at lines 5–7 of `lua/prices.lua`');
    expect(user).toContain('> line 6: Undefined global `pric`. (Lua Diagnostics.)');
  });

  it('refuses a fix that rewrites beyond the block, and says why', async () => {
    const whole = TOTAL.replace('+ pric', '+ price');
    sessions.fake.script({ kind: 'text', text: fenced('lua', whole) });
    const { session } = await sessions.start('fallback-fix-beyond');
    await openLua(session);
    const resolved = await resolvedFix(session);
    expect(resolved.edit).toBeUndefined();
    expect(await nextWarning(session)).toBe(
      'Lantern did not apply the fix: the answer rewrites beyond the block at lines 5–7: it repeats `function M.total(prices)` from outside it.',
    );
  });

  it('refuses a fix that deletes the block’s body', async () => {
    sessions.fake.script({ kind: 'text', text: fenced('lua', 'for _, price in ipairs(prices) do\n  end') });
    const { session } = await sessions.start('fallback-fix-emptied');
    await openLua(session);
    const resolved = await resolvedFix(session);
    expect(resolved.edit).toBeUndefined();
    expect(await nextWarning(session)).toContain('the answer deletes the body of the block at lines 5–7');
  });
});

describe('a language without a grammar: answers Lantern cannot apply as they are', () => {
  const sessions = fakeModelSessions(RESOLVING_CLIENT);

  it('refuses an answer with two different versions of the block and nothing to tell which', async () => {
    const other = FIXED_LOOP.replace('sum + price', 'price + sum');
    sessions.fake.script({
      kind: 'text',
      text: `${fenced('lua', FIXED_LOOP)}\nOr:\n\n${fenced('lua', other)}`,
    });
    const { session } = await sessions.start('fallback-fix-two-versions');
    await openLua(session);
    const resolved = await resolvedFix(session);
    expect(resolved.edit).toBeUndefined();
    expect(await nextWarning(session)).toContain(
      'the answer has 2 code blocks with different versions of the block at lines 5–7',
    );
  });

  it('takes the “After:” block when the answer also shows the old one', async () => {
    sessions.fake.script({
      kind: 'text',
      text: `Before:\n\n${fenced('lua', LOOP)}\nAfter:\n\n${fenced('lua', FIXED_LOOP)}`,
    });
    const { session } = await sessions.start('fallback-fix-before-after');
    await openLua(session);
    const resolved = await resolvedFix(session);
    expect(applyWorkspaceEdit(LUA, URI, resolved.edit ?? {})).toBe(LUA.replace('+ pric\n', '+ price\n'));
  });
});

describe('a language without a grammar, with a model (command client)', () => {
  const sessions = fakeModelSessions(COMMAND_CLIENT);

  it('the fix command applies the edit and says it was not checked for syntax', async () => {
    sessions.fake.script({ kind: 'text', text: fenced('lua', FIXED_LOOP) });
    const { session, applyEdits } = await sessions.start('fallback-fix-command');
    await openLua(session);
    const result = await runCommand(session, await fixActionFor(session, URI, UNDEFINED_PRIC));
    expect(result).toEqual({
      applied: true,
      note: 'not checked for syntax: Lantern has no grammar for languageId `lua`',
    });
    const sent = await applyEdits.waitFor(1);
    expect(applyWorkspaceEdit(LUA, URI, sent.edit)).toBe(LUA.replace('+ pric\n', '+ price\n'));
  });

  it('"Explain this block" on a selection explains the selected lines', async () => {
    sessions.fake.script({ kind: 'text', text: 'Sums the prices.' });
    const { session } = await sessions.start('fallback-explain-selection');
    await openLua(session);
    const selection = { start: { line: 3, character: 0 }, end: { line: 7, character: 5 } };
    const [explain] = (await codeActionsAt(session, URI, selection)).filter(
      (action) => action.title === 'Explain this block',
    );
    const markdown = await runCommand<string>(session, explain);
    expect(markdown).toContain('**`local sum = 0`** — lines 4–8');
    expect(markdown).toContain('explanation of the surrounding selection');
    expect(markdown).toContain('Sums the prices.');
    const { user } = promptOf(await sessions.fake.waitForRequests(1));
    expect(user).toContain('Explain the selected code at lines 4–8');
    expect(user).toContain(`\`\`\`lua\n${LUA.split('\n').slice(3, 8).join('\n')}\n\`\`\``);
  });

  it('implements a `--` comment: the code goes in under it, at its indentation', async () => {
    const code = 'if #prices == 0 then\n  return 0\nend';
    sessions.fake.script({
      kind: 'text',
      text: `**Requirement:** guard.\n**Plan:**\n- check\n\n${fenced('lua', code)}`,
    });
    const { session, applyEdits } = await sessions.start('fallback-generate');
    await openLua(session);
    const comment = { line: 11, character: 6 };
    const implement = (await actionsAt(session, URI, comment)).get('Implement from comment with Lantern');
    const result = await runCommand<{ applied: boolean; note?: string }>(session, implement);
    expect(result).toMatchObject({
      applied: true,
      note: 'not checked for syntax: Lantern has no grammar for languageId `lua`',
    });
    const sent = await applyEdits.waitFor(1);
    expect(applyWorkspaceEdit(LUA, URI, sent.edit)).toBe(
      LUA.replace('empty list\n', 'empty list\n  if #prices == 0 then\n    return 0\n  end\n'),
    );
    const { user } = promptOf(await sessions.fake.waitForRequests(1));
    expect(user).toContain('Instruction: return 0 for an empty list');
    expect(user).toContain('inside the block at lines 11–14, which starts `function M.average(prices)`');
  });

  it('generates at the cursor with an instruction (lantern.generate)', async () => {
    sessions.fake.script({ kind: 'text', text: fenced('lua', 'M.version = "1.0"') });
    const { session, applyEdits } = await sessions.start('fallback-generate-cursor');
    await openLua(session);
    const result = await session.request<{ applied: boolean }>('workspace/executeCommand', {
      command: 'lantern.generate',
      arguments: [{ uri: URI, position: { line: 1, character: 0 }, instruction: 'a version field' }],
    });
    expect(result.applied).toBe(true);
    const sent = await applyEdits.waitFor(1);
    expect(applyWorkspaceEdit(LUA, URI, sent.edit)).toBe(
      LUA.replace('local M = {}\n', 'local M = {}\nM.version = "1.0"\n'),
    );
  });
});

describe('disabledLanguages', () => {
  const sessions = fakeModelSessions(RESOLVING_CLIENT);

  it('a switched-off language gets no hover, action, symbol or diagnostic; switched on again, it does', async () => {
    const pulling = {
      ...RESOLVING_CLIENT,
      workspace: { ...RESOLVING_CLIENT.workspace, configuration: true },
    };
    const { session } = await sessions.start('fallback-disabled', false, {
      capabilities: pulling,
      initializationOptions: { disabledLanguages: ['lua', 'Python'] },
    });
    const python = 'file:///work/broken.py';
    const typescript = 'file:///work/broken.ts';
    await openLua(session);
    await session.open(python, 'python', 'def total(:\n    return 1\n');
    // Opened last, published last: once its diagnostics are here, Python's would have been too.
    await session.open(typescript, 'typescript', 'function f( {\n}\n');
    expect((await session.diagnosticsFor(typescript, 1)).diagnostics.length).toBeGreaterThan(0);
    const published = session.notifications
      .filter((notification) => notification.method === 'textDocument/publishDiagnostics')
      .map((notification) => (notification.params as { uri: string }).uri);
    expect(published).not.toContain(python);
    for (const uri of [URI, python]) {
      const textDocument = { uri };
      const position = { line: 0, character: 6 };
      expect(await session.request('textDocument/hover', { textDocument, position })).toBeNull();
      expect(await session.request('textDocument/documentSymbol', { textDocument })).toEqual([]);
      expect(
        await diagnosticActions(session, uri, {
          ...UNDEFINED_PRIC,
          range: { start: position, end: position },
        }),
      ).toEqual([]);
    }
    expect(await session.request('workspace/symbol', { query: 'total' })).toEqual([]);

    // The workspace's settings switch them on again: Python's diagnostics are published at once.
    session.workspaceConfiguration = { disabledLanguages: [] };
    await session.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    expect((await session.diagnosticsFor(python, 1)).diagnostics.length).toBeGreaterThan(0);
    expect(await hoverText(session, URI, IN_TOTAL)).toContain(NO_GRAMMAR);
    expect(await hoverText(session, python, { line: 0, character: 5 })).toContain('total');
  });
});

describe('disabledLanguages, a document opened again in a switched-off language', () => {
  const sessions = fakeModelSessions(RESOLVING_CLIENT);

  it('withdraws the diagnostics published for it before', async () => {
    const { session } = await sessions.start('fallback-disabled-reopen', false, {
      initializationOptions: { disabledLanguages: ['plaintext'] },
    });
    const uri = 'file:///work/broken.ts';
    await session.open(uri, 'typescript', 'function f( {\n}\n');
    expect((await session.diagnosticsFor(uri, 1)).diagnostics.length).toBeGreaterThan(0);
    // The same file, now as plain text (the editor's "Change Language Mode").
    await session.open(uri, 'plaintext', 'function f( {\n}\n');
    const cleared = await session.waitForNotification<{ uri: string; diagnostics: unknown[] }>(
      'textDocument/publishDiagnostics',
      (params) => params.uri === uri && params.diagnostics.length === 0,
    );
    expect(cleared.diagnostics).toEqual([]);
    expect(
      await session.request('textDocument/hover', {
        textDocument: { uri },
        position: { line: 0, character: 9 },
      }),
    ).toBeNull();
  });
});
