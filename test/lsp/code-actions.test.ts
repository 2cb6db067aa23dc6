import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CodeAction, Range, TextEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { FakeModelServer } from '../support/fake-model-server.js';
import { type Diagnosticish, FULL_CAPABILITIES, LspSession } from '../support/lsp-session.js';
import { FAKE_KEYS, freshDir } from '../support/model-session.js';
import { NON_ASCII_BREAKS } from '../support/non-ascii-fixtures.js';
import { FIXTURES_DIR } from '../support/paths.js';

const uriOf = (fixture: string) => `file:///work/${fixture}`;
const at = (line: number, character: number) => ({ line, character });

/** One file per language missing a `)`, and the line as it reads once the fix is applied. */
const BROKEN = [
  {
    fixture: 'typescript/broken-average.ts',
    languageId: 'typescript',
    missing: at(2, 60),
    fixedLine: '  const total = values.reduce((sum, value) => sum + value, 0);',
  },
  {
    fixture: 'tsx/broken-search-box.tsx',
    languageId: 'typescriptreact',
    missing: at(1, 57),
    fixedLine: '  const submit = (query: string) => onSearch(query.trim());',
  },
  {
    fixture: 'javascript/broken-order.js',
    languageId: 'javascript',
    missing: at(3, 61),
    fixedLine: '  const sum = lines.reduce((acc, line) => acc + line.price, 0);',
  },
  {
    fixture: 'python/broken-restock.py',
    languageId: 'python',
    missing: at(2, 28),
    fixedLine: '    for index in range(count):',
  },
];

describe('textDocument/codeAction (missing-token quick fixes)', () => {
  let session: LspSession | undefined;
  afterEach(async () => {
    await session?.finish();
    session = undefined;
  });

  /** Opens a fixture and waits for its first diagnostics, as an editor does before asking for fixes. */
  async function openBroken(current: LspSession, fixture: string, languageId: string) {
    const uri = uriOf(fixture);
    const text = readFileSync(join(FIXTURES_DIR, fixture), 'utf8');
    await current.open(uri, languageId, text);
    const { diagnostics } = await current.diagnosticsFor(uri, 1);
    return { uri, text, diagnostics };
  }

  function codeActions(uri: string, range: Range, diagnostics: Diagnosticish[], only?: string[]) {
    const context = only === undefined ? { diagnostics } : { diagnostics, only };
    return session?.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range,
      context,
    });
  }

  /**
   * The missing-token fixes among the actions: other providers offer more on the same range ("Explain …",
   * and, with a model, "Fix with Lantern: …" for each diagnostic).
   */
  async function quickFixes(uri: string, range: Range, diagnostics: Diagnosticish[]) {
    const actions = (await codeActions(uri, range, diagnostics)) ?? [];
    return actions.filter(
      (action) => action.kind === 'quickfix' && action.title.startsWith('Insert missing'),
    );
  }

  it.each(BROKEN)(
    'inserts the missing `)` in $fixture, and the next publish is clean',
    async ({ fixture, languageId, missing, fixedLine }) => {
      session = await LspSession.start({ traceName: 'code-actions-missing-token' });
      const { uri, text, diagnostics } = await openBroken(session, fixture, languageId);
      const [diagnostic] = diagnostics;
      expect(diagnostic?.message).toBe('missing `)`');
      if (!diagnostic) return;

      const actions = await quickFixes(uri, diagnostic.range, diagnostics);
      expect(actions).toEqual([
        {
          title: 'Insert missing `)`',
          kind: 'quickfix',
          isPreferred: true,
          // Linked to the published diagnostic, so the editor shows the fix on that squiggle.
          diagnostics: [diagnostic],
          edit: {
            documentChanges: [
              {
                textDocument: { uri, version: 1 },
                edits: [{ range: { start: missing, end: missing }, newText: ')' }],
              },
            ],
          },
        },
      ]);

      // Apply the edit as the editor would, and tell the server about the result.
      const edits = (actions?.[0]?.edit?.documentChanges ?? [])
        .flatMap((change) => ('edits' in change ? change.edits : []))
        .filter((edit): edit is TextEdit => 'newText' in edit);
      const fixed = TextDocument.applyEdits(TextDocument.create(uri, languageId, 1, text), edits);
      expect(fixed.split('\n')[missing.line]).toBe(fixedLine);
      const version = await session.change(
        uri,
        edits.map((edit) => ({ range: edit.range, text: edit.newText })),
      );
      expect((await session.diagnosticsFor(uri, version)).diagnostics).toEqual([]);
    },
  );

  it('sends plain `changes` to a client without versioned document changes', async () => {
    session = await LspSession.start({
      traceName: 'code-actions-plain-changes',
      capabilities: { ...FULL_CAPABILITIES, workspace: { symbol: {} } },
    });
    const { uri, diagnostics } = await openBroken(session, 'python/broken-restock.py', 'python');
    const actions = await quickFixes(uri, { start: at(2, 0), end: at(3, 0) }, diagnostics);
    expect(actions).toHaveLength(1);
    expect(actions?.[0]?.edit).toEqual({
      changes: { [uri]: [{ range: { start: at(2, 28), end: at(2, 28) }, newText: ')' }] },
    });
  });

  it('offers the fix only for quick-fix kinds and only within the requested range', async () => {
    session = await LspSession.start({ traceName: 'code-actions-filters' });
    const { uri, diagnostics } = await openBroken(session, 'javascript/broken-order.js', 'javascript');
    const line = { start: at(3, 0), end: at(3, 63) };
    // Refactorings offered there are Lantern's own rewrites (a docstring), never the quick fix.
    const refactorings = (await codeActions(uri, line, diagnostics, ['refactor'])) ?? [];
    expect(refactorings.every((action) => action.kind === 'refactor.rewrite')).toBe(true);
    expect(refactorings.map((action) => action.title)).not.toContain('Insert missing `)`');
    expect(await codeActions(uri, line, diagnostics, ['source'])).toEqual([]);
    const onlyFixes = (await codeActions(uri, line, diagnostics, ['quickfix'])) ?? [];
    // Offline, "Fix with Lantern" is not offered to a client that cannot show it disabled.
    expect(onlyFixes.map((action) => action.title)).toEqual(['Insert missing `)`']);
    // The first lines hold no missing token: nothing to fix there.
    expect(await quickFixes(uri, { start: at(0, 0), end: at(2, 10) }, [])).toEqual([]);
    // Without the editor passing the diagnostic, the fix still comes, linked to the one Lantern published.
    const unpassed = await quickFixes(uri, line, []);
    expect(unpassed?.map((action) => action.title)).toEqual(['Insert missing `)`']);
    expect(unpassed?.[0]?.diagnostics).toEqual(diagnostics);
    // A selection over several lines is taken as it is: one ending before the `)` is missing gets no fix.
    expect(await quickFixes(uri, { start: at(2, 0), end: at(3, 60) }, [])).toEqual([]);
  });

  it.each(NON_ASCII_BREAKS)(
    'places the insertion in UTF-16 code units after emoji, CJK and combining marks ($fixture)',
    async ({ fixture, languageId, closing }) => {
      session = await LspSession.start({ traceName: 'code-actions-unicode' });
      const uri = uriOf(fixture);
      await session.open(uri, languageId, readFileSync(join(FIXTURES_DIR, fixture), 'utf8'));
      await session.diagnosticsFor(uri, 1);
      const after = at(closing.line, closing.character + 1);
      const version = await session.change(uri, [{ range: { start: closing, end: after }, text: '' }]);
      const { diagnostics } = await session.diagnosticsFor(uri, version);
      const line = { start: at(closing.line, 0), end: at(closing.line, 200) };
      const actions = await quickFixes(uri, line, diagnostics);
      expect(actions?.[0]?.edit?.documentChanges).toEqual([
        {
          textDocument: { uri, version },
          edits: [{ range: { start: closing, end: closing }, newText: ')' }],
        },
      ]);
    },
  );
});

/**
 * A user on an erroneous line means its errors wherever the cursor is; editors pass only the
 * diagnostics under the cursor (VS Code, eglot) or the line's with the cursor's empty range (Neovim).
 */
describe('textDocument/codeAction anywhere on the line of a diagnostic', () => {
  // A model is configured, so "Fix with Lantern" is offered; listing never asks it anything.
  let fake: FakeModelServer | undefined;
  let session: LspSession | undefined;
  afterEach(async () => {
    await session?.finish();
    session = undefined;
    expect(fake?.requests).toEqual([]);
    await fake?.close();
    fake = undefined;
  });

  const fixture = 'javascript/broken-order.js';
  const DIAGNOSTIC_ACTIONS = [
    'Insert missing `)`',
    'Fix with Lantern: missing `)`',
    'Explain this error: missing `)`',
  ];

  async function open() {
    fake = await FakeModelServer.start();
    const current = await LspSession.start({
      traceName: 'code-actions-line',
      env: {
        ANTHROPIC_BASE_URL: fake.url,
        ANTHROPIC_API_KEY: FAKE_KEYS.anthropic,
        LANTERN_CACHE_DIR: freshDir('lantern-line-actions-'),
      },
    });
    session = current;
    const uri = uriOf(fixture);
    await current.open(uri, 'javascript', readFileSync(join(FIXTURES_DIR, fixture), 'utf8'));
    const { diagnostics } = await current.diagnosticsFor(uri, 1);
    return { current, uri, diagnostics };
  }

  function titlesAt(current: LspSession, uri: string, range: Range, diagnostics: Diagnosticish[]) {
    return current
      .request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri },
        range,
        context: { diagnostics },
      })
      .then((actions) => actions);
  }

  it('lists the line’s fixes with the cursor at column 0 and no diagnostic passed (VS Code, eglot)', async () => {
    const { current, uri, diagnostics } = await open();
    const [diagnostic] = diagnostics;
    expect(diagnostic?.range.start).toEqual(at(3, 61));
    const actions = await titlesAt(current, uri, { start: at(3, 0), end: at(3, 0) }, []);
    const forDiagnostic = actions.filter((action) => DIAGNOSTIC_ACTIONS.includes(action.title));
    expect(forDiagnostic.map((action) => action.title)).toEqual(DIAGNOSTIC_ACTIONS);
    // Linked to the diagnostic the server published, so the editor ties them to its squiggle.
    for (const action of forDiagnostic) expect(action.diagnostics).toEqual([diagnostic]);
  });

  it('lists each once when the client passes the line’s diagnostics with the cursor elsewhere on it (Neovim)', async () => {
    const { current, uri, diagnostics } = await open();
    const actions = await titlesAt(current, uri, { start: at(3, 2), end: at(3, 2) }, diagnostics);
    expect(
      actions.map((action) => action.title).filter((title) => DIAGNOSTIC_ACTIONS.includes(title)),
    ).toEqual(DIAGNOSTIC_ACTIONS);
  });

  it('lists none of them on another line, nor for a selection spanning lines that miss it', async () => {
    const { current, uri } = await open();
    const titles = async (range: Range) =>
      (await titlesAt(current, uri, range, [])).map((action) => action.title);
    expect(await titles({ start: at(2, 0), end: at(2, 0) })).not.toEqual(
      expect.arrayContaining([expect.stringMatching(/missing `\)`/)]),
    );
    expect(await titles({ start: at(0, 0), end: at(2, 5) })).not.toEqual(
      expect.arrayContaining([expect.stringMatching(/missing `\)`/)]),
    );
  });
});
