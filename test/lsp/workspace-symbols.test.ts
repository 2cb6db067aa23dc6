import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DocumentSymbol, SymbolInformation } from 'vscode-languageserver-protocol';
import { SymbolKind } from 'vscode-languageserver-protocol';
import { LspSession } from '../support/lsp-session.js';
import { FIXTURES_DIR } from '../support/paths.js';

/** One document of each language, as an editor with a mixed project open would send them. */
const DOCUMENTS = [
  { fixture: 'typescript/user-service.ts', languageId: 'typescript' },
  { fixture: 'tsx/user-card.tsx', languageId: 'typescriptreact' },
  { fixture: 'javascript/cart.jsx', languageId: 'javascriptreact' },
  { fixture: 'python/inventory.py', languageId: 'python' },
  { fixture: 'javascript/labels.js', languageId: 'javascript' },
  { fixture: 'python/labels.py', languageId: 'python' },
];

const uriOf = (fixture: string) => `file:///work/${fixture}`;

/** A comparable summary of a result: where it is and what it is called. */
function summary(symbol: SymbolInformation): string {
  const container = symbol.containerName === undefined ? '' : ` in ${symbol.containerName}`;
  return `${symbol.location.uri.replace('file:///work/', '')}: ${symbol.name}${container}`;
}

function flatten(symbols: readonly DocumentSymbol[]): DocumentSymbol[] {
  return symbols.flatMap((symbol) => [symbol, ...flatten(symbol.children ?? [])]);
}

describe('workspace/symbol', () => {
  let session: LspSession | undefined;
  afterEach(async () => {
    await session?.finish();
    session = undefined;
  });

  async function openAll(): Promise<LspSession> {
    const started = await LspSession.start({ traceName: 'workspace-symbols' });
    for (const { fixture, languageId } of DOCUMENTS) {
      await started.open(uriOf(fixture), languageId, readFileSync(join(FIXTURES_DIR, fixture), 'utf8'));
    }
    return started;
  }

  const query = (query: string) =>
    session?.request<SymbolInformation[]>('workspace/symbol', { query }) ?? Promise.resolve([]);

  it('finds names across languages by a case-insensitive subsequence', async () => {
    session = await openAll();
    const found = await query('gUsr');
    expect(found.map(summary).sort()).toEqual([
      'python/inventory.py: get_user',
      'typescript/user-service.ts: getUser',
    ]);
    const getUser = found.find((symbol) => symbol.name === 'getUser');
    expect(getUser?.kind).toBe(SymbolKind.Function);
    // The same range the outline gives, so an editor jumps to the whole declaration.
    const outline = await session.request<DocumentSymbol[]>('textDocument/documentSymbol', {
      textDocument: { uri: uriOf('typescript/user-service.ts') },
    });
    expect(getUser?.location.range).toEqual(outline.find((symbol) => symbol.name === 'getUser')?.range);

    expect((await query('MATCHES')).map(summary).sort()).toEqual([
      'python/inventory.py: matches in restock',
      'typescript/user-service.ts: matches in find',
    ]);
    expect((await query('数据')).map(summary).sort()).toEqual([
      'javascript/labels.js: 数据',
      'python/labels.py: 数据',
    ]);
    expect(await query('zzz')).toEqual([]);
  });

  it('returns every symbol of every open document for an empty query', async () => {
    session = await openAll();
    const expected: string[] = [];
    for (const { fixture } of DOCUMENTS) {
      const outline = await session.request<DocumentSymbol[]>('textDocument/documentSymbol', {
        textDocument: { uri: uriOf(fixture) },
      });
      for (const symbol of flatten(outline)) expected.push(`${fixture}: ${symbol.name}`);
    }
    const found = await query('');
    expect(
      found.map((symbol) => `${symbol.location.uri.replace('file:///work/', '')}: ${symbol.name}`).sort(),
    ).toEqual(expected.sort());
    // Every language contributes, methods with their class as container.
    expect(found.map(summary)).toContain('javascript/cart.jsx: onChange in Cart');
    expect(found.map(summary)).toContain('tsx/user-card.tsx: toggle in UserCard');
  });

  it('drops closed documents and ignores documents in unsupported languages', async () => {
    session = await openAll();
    await session.open(
      'file:///work/src/main.zig',
      'zig',
      'pub fn getUser() User {\n    return undefined;\n}\n',
    );
    await session.connection.sendNotification('textDocument/didClose', {
      textDocument: { uri: uriOf('python/inventory.py') },
    });
    expect((await query('gUsr')).map(summary)).toEqual(['typescript/user-service.ts: getUser']);
    const uris = new Set((await query('')).map((symbol) => symbol.location.uri));
    expect(uris).not.toContain(uriOf('python/inventory.py'));
    expect(uris).not.toContain('file:///work/src/main.zig');
    expect(uris).toContain(uriOf('python/labels.py'));
  });
});
