import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { frame } from '../support/json-rpc-frames.js';
import { type Diagnosticish, LspSession, type PublishedDiagnostics } from '../support/lsp-session.js';
import { NON_ASCII_BREAKS } from '../support/non-ascii-fixtures.js';
import { FIXTURES_DIR } from '../support/paths.js';

const uriOf = (fixture: string) => `file:///work/${fixture}`;
const at = (line: number, character: number) => ({ line, character });
const insert = (position: { line: number; character: number }, text: string) => ({
  range: { start: position, end: position },
  text,
});

/**
 * One broken file per language, each missing a `)` (a MISSING node in tree-sitter's tree), and what
 * the diagnostics say once it is fixed and then broken again with a stray `)` right after the fix.
 */
const BROKEN = [
  {
    fixture: 'typescript/broken-average.ts',
    languageId: 'typescript',
    missing: at(2, 60),
    stray: 'unexpected `)` in lexical declaration',
  },
  {
    fixture: 'tsx/broken-search-box.tsx',
    languageId: 'typescriptreact',
    missing: at(1, 57),
    stray: 'unexpected `)` in lexical declaration',
  },
  {
    fixture: 'javascript/broken-order.js',
    languageId: 'javascript',
    missing: at(3, 61),
    stray: 'unexpected `)` in lexical declaration',
  },
  {
    fixture: 'python/broken-restock.py',
    languageId: 'python',
    missing: at(2, 28),
    stray: 'unexpected `)` in for statement',
  },
];

/** A message a person can act on: never tree-sitter's bare node type. */
function expectHumanMessages(diagnostics: readonly Diagnosticish[]): void {
  for (const diagnostic of diagnostics) {
    expect(diagnostic.message).not.toMatch(/\bERROR\b|MISSING/);
    expect(diagnostic.message).toMatch(/^(missing|unexpected) /);
    expect(diagnostic.source).toBe('lantern');
    expect(diagnostic.severity).toBe(1);
  }
}

describe('syntax diagnostics (textDocument/publishDiagnostics)', () => {
  let session: LspSession | undefined;
  afterEach(async () => {
    await session?.finish();
    session = undefined;
  });

  it.each(BROKEN)(
    'follows $fixture through open, fix, break and close',
    async ({ fixture, languageId, missing, stray }) => {
      session = await LspSession.start({ traceName: 'diagnostics-lifecycle' });
      const uri = uriOf(fixture);
      await session.open(uri, languageId, readFileSync(join(FIXTURES_DIR, fixture), 'utf8'));

      const opened = await session.diagnosticsFor(uri, 1);
      expect(opened.diagnostics).toEqual([
        {
          range: { start: missing, end: missing },
          severity: 1,
          source: 'lantern',
          code: 'missing-token',
          message: 'missing `)`',
        },
      ]);

      const fixed = await session.change(uri, [insert(missing, ')')]);
      expect((await session.diagnosticsFor(uri, fixed)).diagnostics).toEqual([]);
      // Saving changes nothing (the text is already current through didChange); the next edit still counts.
      await session.connection.sendNotification('textDocument/didSave', { textDocument: { uri } });

      const afterFix = at(missing.line, missing.character + 1);
      const broken = await session.change(uri, [insert(afterFix, ')')]);
      const published = await session.diagnosticsFor(uri, broken);
      expect(published.diagnostics).toHaveLength(1);
      expect(published.diagnostics[0]).toMatchObject({
        range: { start: afterFix, end: at(afterFix.line, afterFix.character + 1) },
        code: 'syntax-error',
        message: stray,
      });
      expectHumanMessages(published.diagnostics);

      await session.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
      const cleared = await session.waitForNotification<PublishedDiagnostics>(
        'textDocument/publishDiagnostics',
        (params) => params.uri === uri && params.version === undefined,
      );
      expect(cleared.diagnostics).toEqual([]);
    },
  );

  it.each(NON_ASCII_BREAKS)(
    'counts diagnostic columns in UTF-16 code units after emoji, CJK and combining marks ($fixture)',
    async ({ fixture, languageId, closing, from }) => {
      session = await LspSession.start({ traceName: 'diagnostics-unicode' });
      const uri = uriOf(fixture);
      const text = readFileSync(join(FIXTURES_DIR, fixture), 'utf8');
      await session.open(uri, languageId, text);
      expect((await session.diagnosticsFor(uri, 1)).diagnostics).toEqual([]);
      const line = text.split('\n')[closing.line] ?? '';
      expect(line.slice(closing.character, closing.character + from.length)).toBe(from);
      const version = await session.change(uri, [
        { range: { start: closing, end: at(closing.line, closing.character + 1) }, text: '' },
      ]);
      const published = await session.diagnosticsFor(uri, version);
      expect(published.diagnostics).toMatchObject([
        { range: { start: closing, end: closing }, message: 'missing `)`' },
      ]);
    },
  );

  // tree-sitter's C and C++ grammars read the text before the preprocessor runs: valid code built with
  // macros is an ERROR to them (14 such errors in tree-sitter's own query.c, 95 in nlohmann/json.hpp), so
  // publishing them would put false errors on code every compiler accepts.
  it.each([
    {
      languageId: 'c',
      file: 'entries.c',
      text: [
        '#define array_insert_sorted_by(self, field, value) insert_sorted((self), offsetof(Entry, field), (value))',
        '',
        'typedef struct { int symbol; } Entry;',
        '',
        'void add_symbol(Entry *entries, int symbol) {',
        '  array_insert_sorted_by(&entries, .symbol, symbol);',
        '}',
        '',
      ].join('\n'),
      unit: 'add_symbol',
    },
    {
      languageId: 'cpp',
      file: 'twice.cpp',
      text: [
        '#define SHOP_NAMESPACE_BEGIN namespace shop {',
        '#define SHOP_NAMESPACE_END }',
        '',
        'SHOP_NAMESPACE_BEGIN',
        '',
        'int twice(int value) { return 2 * value; }',
        '',
        'SHOP_NAMESPACE_END',
        '',
      ].join('\n'),
      unit: 'twice',
    },
  ])(
    'publishes no syntax diagnostic for $languageId code the grammar cannot parse before the preprocessor',
    async ({ languageId, file, text, unit }) => {
      session = await LspSession.start({ traceName: 'diagnostics-preprocessor' });
      const uri = uriOf(`preprocessor/${file}`);
      await session.open(uri, languageId, text);
      expect((await session.diagnosticsFor(uri, 1)).diagnostics).toEqual([]);
      // The structure is still there: the outline lists the function the macros surround.
      const symbols = await session.connection.sendRequest<{ name: string }[]>(
        'textDocument/documentSymbol',
        {
          textDocument: { uri },
        },
      );
      expect(JSON.stringify(symbols)).toContain(`"${unit}`);
      // Nor a quick fix "inserting" a token the grammar thinks is missing around a macro.
      const lines = text.split('\n').length;
      const actions = await session.connection.sendRequest<{ title: string }[]>('textDocument/codeAction', {
        textDocument: { uri },
        range: { start: at(0, 0), end: at(lines, 0) },
        context: { diagnostics: [] },
      });
      expect(
        actions.map((action) => action.title).filter((title) => title.startsWith('Insert missing')),
      ).toEqual([]);
    },
  );

  it('debounces: keystrokes within the quiet time publish once, for the last version', async () => {
    session = await LspSession.start({
      traceName: 'diagnostics-debounce',
      initializationOptions: { diagnostics: { debounceMs: 300 } },
    });
    const fixture = 'typescript/broken-average.ts';
    const uri = uriOf(fixture);
    await session.open(uri, 'typescript', readFileSync(join(FIXTURES_DIR, fixture), 'utf8'));
    await session.diagnosticsFor(uri, 1);
    // Five keystrokes in one write: the server reads them all well within the quiet time.
    const versions = [2, 3, 4, 5, 6];
    const keystrokes = versions.map((version) =>
      frame(
        JSON.stringify({
          jsonrpc: '2.0',
          method: 'textDocument/didChange',
          params: { textDocument: { uri, version }, contentChanges: [insert(at(0, 0), ' ')] },
        }),
      ),
    );
    await session.writeRaw(keystrokes.join(''));
    const last = await session.diagnosticsFor(uri, 6);
    expect(last.diagnostics).toMatchObject([{ message: 'missing `)`' }]);
    // A publish for an earlier version would have been sent before this one.
    const published = session.notifications
      .filter((n) => n.method === 'textDocument/publishDiagnostics')
      .map((n) => n.params as PublishedDiagnostics)
      .filter((params) => params.uri === uri);
    expect(published.map((params) => params.version)).toEqual([1, 6]);
  });

  it('publishes no errors for a language without a grammar, and has no outline or actions for it offline', async () => {
    session = await LspSession.start({ traceName: 'diagnostics-unsupported' });
    const zig = 'file:///work/src/main.zig';
    await session.open(zig, 'zig', 'fn main() {\n    println!("hi"\n}\n');
    // A supported document opened afterwards: its publish comes after anything the first open caused.
    const python = uriOf('python/inventory.py');
    await session.open(python, 'python', readFileSync(join(FIXTURES_DIR, 'python/inventory.py'), 'utf8'));
    expect((await session.diagnosticsFor(python, 1)).diagnostics).toEqual([]);

    const version = await session.change(zig, [insert(at(1, 17), ';;;(')]);
    expect((await session.diagnosticsFor(zig, version)).diagnostics).toEqual([]);
    const published = session.notifications
      .filter((n) => n.method === 'textDocument/publishDiagnostics')
      .map((n) => n.params as PublishedDiagnostics)
      .filter((params) => params.uri === zig);
    expect(published.every((params) => params.diagnostics.length === 0)).toBe(true);

    const textDocument = { uri: zig };
    const range = { start: at(0, 0), end: at(2, 1) };
    expect(await session.request('textDocument/documentSymbol', { textDocument })).toEqual([]);
    // The hover says there is no grammar (fallback-language.test.ts); offline, nothing here needs a model.
    expect(
      await session.request('textDocument/codeAction', { textDocument, range, context: { diagnostics: [] } }),
    ).toEqual([]);
    // No warning either: an unsupported language is not a problem to report.
    const warnings = session.notifications.filter((n) => n.method === 'window/showMessage');
    expect(warnings.filter((n) => JSON.stringify(n.params).includes('main.zig'))).toEqual([]);
  });
});
