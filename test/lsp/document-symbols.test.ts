import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DocumentSymbol, Range, SymbolInformation } from 'vscode-languageserver-protocol';
import { SymbolKind } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { FULL_CAPABILITIES, LspSession } from '../support/lsp-session.js';
import { FIXTURES_DIR } from '../support/paths.js';

const KIND_NAMES = new Map<number, string>(Object.entries(SymbolKind).map(([name, kind]) => [kind, name]));

/** The outline as indented `Kind name` lines: easy to read in a failure diff. */
function outline(symbols: readonly DocumentSymbol[], depth = 0): string[] {
  return symbols.flatMap((symbol) => [
    `${'  '.repeat(depth)}${KIND_NAMES.get(symbol.kind)} ${symbol.name}`,
    ...outline(symbol.children ?? [], depth + 1),
  ]);
}

function flatten(symbols: readonly DocumentSymbol[]): DocumentSymbol[] {
  return symbols.flatMap((symbol) => [symbol, ...flatten(symbol.children ?? [])]);
}

function textAt(document: TextDocument, range: Range): string {
  return document.getText(range);
}

function contains(outer: Range, inner: Range): boolean {
  const before = (a: Range['start'], b: Range['start']) =>
    a.line < b.line || (a.line === b.line && a.character <= b.character);
  return before(outer.start, inner.start) && before(inner.end, outer.end);
}

const OUTLINES = [
  {
    fixture: 'typescript/user-service.ts',
    languageId: 'typescript',
    expected: [
      'Interface User',
      'Enum Role',
      'TypeParameter UserId',
      'Namespace Directory',
      '  Function normalize',
      'Function getUser',
      'Function describeUser',
      'Class UserService',
      '  Method add',
      '  Method describe',
      '  Method find',
      '    Function matches',
    ],
  },
  {
    fixture: 'tsx/user-card.tsx',
    languageId: 'typescriptreact',
    expected: [
      'Interface UserCardProps',
      'Function initials',
      'Function UserCard',
      '  Function toggle',
      'Function UserList',
    ],
  },
  {
    fixture: 'javascript/cart.jsx',
    languageId: 'javascriptreact',
    expected: [
      'Function subtotal',
      'Function withTax',
      'Class Cart',
      '  Method constructor',
      '  Method total',
      '  Method label',
      '  Method onChange',
      'Class GiftCard',
      '  Method total',
      '  Method label',
      'Function CartSummary',
      '  Function line',
    ],
  },
  {
    fixture: 'python/inventory.py',
    languageId: 'python',
    expected: [
      'Class Item',
      '  Method value',
      'Class Inventory',
      '  Method __init__',
      '  Method total',
      '  Method restock',
      '    Function matches',
      '  Method save',
      'Class Archive',
      '  Method save',
      '  Method close',
      'Function get_user',
      'Function discounted_total',
      'Function report',
    ],
  },
];

describe('textDocument/documentSymbol', () => {
  let session: LspSession | undefined;
  afterEach(async () => {
    await session?.finish();
    session = undefined;
  });

  async function symbolsOf(fixture: string, languageId: string) {
    const text = readFileSync(join(FIXTURES_DIR, fixture), 'utf8');
    const uri = `file:///work/${fixture}`;
    await session?.open(uri, languageId, text);
    const symbols = await session?.request<DocumentSymbol[]>('textDocument/documentSymbol', {
      textDocument: { uri },
    });
    return { symbols: symbols ?? [], document: TextDocument.create(uri, languageId, 1, text) };
  }

  it.each(OUTLINES)(
    'outlines $fixture as a tree of kinded symbols named by their selectionRange',
    async ({ fixture, languageId, expected }) => {
      session = await LspSession.start({ traceName: 'document-symbols-tree' });
      const { symbols, document } = await symbolsOf(fixture, languageId);
      expect(outline(symbols)).toEqual(expected);
      for (const symbol of flatten(symbols)) {
        // The selection is exactly the name; the range holds the whole declaration around it.
        expect(textAt(document, symbol.selectionRange)).toBe(symbol.name);
        expect(contains(symbol.range, symbol.selectionRange)).toBe(true);
        for (const child of symbol.children ?? []) expect(contains(symbol.range, child.range)).toBe(true);
      }
    },
  );

  it('spans whole declarations: export, arrow bodies, and Python decorators', async () => {
    session = await LspSession.start({ traceName: 'document-symbols-ranges' });
    const ts = await symbolsOf('typescript/user-service.ts', 'typescript');
    const tsByName = new Map(flatten(ts.symbols).map((symbol) => [symbol.name, symbol]));
    const arrow = tsByName.get('describeUser');
    expect(arrow && textAt(ts.document, arrow.range)).toMatch(
      /^export const describeUser = \(user: User\): string => `.*`;$/,
    );
    const method = tsByName.get('describe');
    expect(method && textAt(ts.document, method.range)).toBe(
      'describe(user: User): string {\n    return describeUser(user);\n  }',
    );

    const py = await symbolsOf('python/inventory.py', 'python');
    const pyByName = new Map(flatten(py.symbols).map((symbol) => [symbol.name, symbol]));
    const cached = pyByName.get('get_user');
    expect(cached && textAt(py.document, cached.range)).toBe(
      '@lru_cache(maxsize=None)\ndef get_user(user_id: int) -> dict:\n    return {"id": user_id}',
    );
    expect(cached?.selectionRange).toEqual({
      start: { line: 52, character: 4 },
      end: { line: 52, character: 12 },
    });
    const property = pyByName.get('total');
    expect(property?.kind).toBe(SymbolKind.Method);
    expect(property && textAt(py.document, property.range)).toMatch(/^@property\n {4}def total\(self\)/);
    const decoratedClass = pyByName.get('Item');
    expect(decoratedClass && textAt(py.document, decoratedClass.range)).toMatch(/^@dataclass\nclass Item:/);
  });

  it('gives a client without hierarchical support flat SymbolInformation with containerName', async () => {
    const capabilities = {
      ...FULL_CAPABILITIES,
      textDocument: { ...FULL_CAPABILITIES.textDocument, documentSymbol: {} },
    };
    session = await LspSession.start({ traceName: 'document-symbols-flat', capabilities });
    const fixture = 'python/inventory.py';
    const text = readFileSync(join(FIXTURES_DIR, fixture), 'utf8');
    const uri = `file:///work/${fixture}`;
    await session.open(uri, 'python', text);
    const symbols = await session.request<SymbolInformation[]>('textDocument/documentSymbol', {
      textDocument: { uri },
    });
    expect(symbols.map(({ name, kind, containerName }) => ({ name, kind, containerName }))).toEqual([
      { name: 'Item', kind: SymbolKind.Class, containerName: undefined },
      { name: 'value', kind: SymbolKind.Method, containerName: 'Item' },
      { name: 'Inventory', kind: SymbolKind.Class, containerName: undefined },
      { name: '__init__', kind: SymbolKind.Method, containerName: 'Inventory' },
      { name: 'total', kind: SymbolKind.Method, containerName: 'Inventory' },
      { name: 'restock', kind: SymbolKind.Method, containerName: 'Inventory' },
      { name: 'matches', kind: SymbolKind.Function, containerName: 'restock' },
      { name: 'save', kind: SymbolKind.Method, containerName: 'Inventory' },
      { name: 'Archive', kind: SymbolKind.Class, containerName: undefined },
      { name: 'save', kind: SymbolKind.Method, containerName: 'Archive' },
      { name: 'close', kind: SymbolKind.Method, containerName: 'Archive' },
      { name: 'get_user', kind: SymbolKind.Function, containerName: undefined },
      { name: 'discounted_total', kind: SymbolKind.Function, containerName: undefined },
      { name: 'report', kind: SymbolKind.Function, containerName: undefined },
    ]);
    const document = TextDocument.create(uri, 'python', 1, text);
    for (const symbol of symbols) {
      expect(symbol.location.uri).toBe(uri);
      expect(symbol).not.toHaveProperty('children');
      expect(symbol).not.toHaveProperty('selectionRange');
    }
    const nested = symbols.find((symbol) => symbol.name === 'matches');
    expect(nested && textAt(document, nested.location.range)).toMatch(/^def matches\(item: Item\) -> bool:/);
  });

  /*
   * Each labels fixture has, before a symbol on the same line, the string "😀 数据 café" whose é is e + U+0301.
   * That is 11 UTF-16 code units (😀 is a surrogate pair), but 10 code points and 18 UTF-8 bytes: a server
   * counting in anything but UTF-16 code units is off by 1 or 7 here.
   */
  const line = (at: number, from: number, to: number): Range => ({
    start: { line: at, character: from },
    end: { line: at, character: to },
  });
  it.each([
    {
      fixture: 'typescript/labels.ts',
      languageId: 'typescript',
      expected: [
        { name: 'shout', range: { start: { line: 0, character: 0 }, end: { line: 2, character: 1 } } },
        { name: 'greet', range: line(4, 32, 108), selectionRange: line(4, 48, 53) },
      ],
    },
    {
      fixture: 'tsx/labels.tsx',
      languageId: 'typescriptreact',
      expected: [
        { name: 'Badge', range: { start: { line: 0, character: 0 }, end: { line: 2, character: 1 } } },
        { name: 'Banner', range: line(4, 29, 80), selectionRange: line(4, 42, 48) },
      ],
    },
    {
      fixture: 'javascript/labels.js',
      languageId: 'javascript',
      expected: [
        { name: 'shout', selectionRange: line(0, 9, 14) },
        { name: 'greet', range: line(4, 32, 100), selectionRange: line(4, 48, 53) },
        { name: '数据', selectionRange: line(6, 16, 18) },
      ],
    },
    {
      fixture: 'python/labels.py',
      languageId: 'python',
      expected: [
        { name: 'shout', selectionRange: line(0, 4, 9) },
        { name: 'loud', range: line(4, 26, 73), selectionRange: line(4, 26, 30) },
        { name: 'Greeter' },
        { name: 'greet', range: { start: { line: 8, character: 4 }, end: { line: 9, character: 52 } } },
        { name: 'wrap' },
        { name: '数据', selectionRange: line(15, 4, 6) },
      ],
    },
  ])(
    'counts UTF-16 code units after emoji, CJK and combining marks in $fixture',
    async ({ fixture, languageId, expected }) => {
      session = await LspSession.start({ traceName: 'document-symbols-unicode' });
      const { symbols, document } = await symbolsOf(fixture, languageId);
      const all = flatten(symbols);
      expect(all).toHaveLength(expected.length);
      for (const [index, symbol] of all.entries()) expect(symbol).toMatchObject(expected[index] ?? {});
      for (const symbol of all) expect(textAt(document, symbol.selectionRange)).toBe(symbol.name);
    },
  );
});
