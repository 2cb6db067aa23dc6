import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SERVER_OPTIONS } from '../../server/src/lsp/server-options.js';
import { DEFAULT_PARSE_LIMITS } from '../../server/src/syntax/analysable.js';
import { LspSession } from '../support/lsp-session.js';

/**
 * Files that used to cost seconds and hundreds of MB per request: a minified bundle on one line, random
 * bytes, text that tree-sitter's error recovery crawls through, a file with tens of thousands of
 * functions. Each is bounded (not parsed, or parsed within a time budget; an outline with a cap) and the
 * answers say why. Behaviour only: timings belong in the bench (test/bench/huge-files.mjs).
 */

type Hover = { contents: { value: string } } | null;
type ShowMessage = { type: number; message: string };
interface SymbolNode {
  name: string;
  children?: SymbolNode[];
}

let session: LspSession | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

/** Deterministic pseudo-random characters from `first` up to `first + count - 1`. */
function randomText(length: number, first: number, count: number): string {
  let seed = 7;
  const codes = new Uint16Array(length);
  for (let i = 0; i < length; i++) {
    seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff;
    codes[i] = first + (seed % count);
  }
  return Buffer.from(codes.buffer).toString('utf16le');
}

/** About 1.9 MB of minified JavaScript on one line, as a bundler writes it. */
function minifiedBundle(): string {
  const parts = Array.from(
    { length: 36_000 },
    (_, i) => `function f${i}(a,b){return a.k${i % 97}+b*${i}||{x:[a,b]}}`,
  );
  return `!function(e,t){"use strict";${parts.join(';')}}(this,{});\n`;
}

async function openUnanalysable(name: string, languageId: string, text: string, reason: string) {
  const s = await LspSession.start({ traceName: `huge-${name}` });
  session = s;
  const uri = `file:///w/${name}`;
  const warned = s.waitForNotification<ShowMessage>('window/showMessage', (p) => p.message.includes(name));
  await s.open(uri, languageId, text);
  const warning = await warned;
  expect(warning.message).toContain(reason);
  return { s, uri };
}

/** Hover, outline and code actions answer at once, say why where they can, and stay small. */
async function expectHonestSmallAnswers(s: LspSession, uri: string, reason: string) {
  const textDocument = { uri };
  const hover = await s.request<Hover>('textDocument/hover', {
    textDocument,
    position: { line: 0, character: 1_000 },
  });
  expect(hover?.contents.value).toContain('not analysed');
  expect(hover?.contents.value).toContain(reason);
  expect(JSON.stringify(hover).length).toBeLessThan(1_000);
  expect(await s.request('textDocument/documentSymbol', { textDocument })).toEqual([]);
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 10 } };
  const actions = await s.request('textDocument/codeAction', {
    textDocument,
    range,
    context: { diagnostics: [] },
  });
  expect(JSON.stringify(actions).length).toBeLessThan(10_000);
}

describe('huge or hostile files', () => {
  it('a 1.9 MB minified JavaScript line is not analysed, and hover says why', async () => {
    const text = minifiedBundle();
    expect(text.length).toBeGreaterThan(1_800_000);
    expect(text.length).toBeLessThan(DEFAULT_PARSE_LIMITS.maxChars);
    const { s, uri } = await openUnanalysable('bundle.min.js', 'javascript', text, 'minified');
    await expectHonestSmallAnswers(s, uri, 'minified');
  });

  it('1 MB of random bytes as TypeScript is not analysed, before or after an edit', async () => {
    const text = randomText(1_000_000, 1, 254);
    const { s, uri } = await openUnanalysable('random.ts', 'typescript', text, 'binary');
    const start = { line: 0, character: 10 };
    await s.change(uri, [{ range: { start, end: start }, text: 'x' }]);
    await expectHonestSmallAnswers(s, uri, 'binary');
  });

  // Its own limit: alone it takes ~1.6 s, but once in a full suite run (12 min, other files parsing beside
  // it) it passed 30 s. Until that run is understood (see the closing note of 2026-12-02), the test waits
  // longer rather than fail on the machine's load; what it asserts is unchanged.
  it('text the parser crawls through is given up after the parse budget, and edits stay cheap', {
    timeout: 120_000,
  }, async () => {
    // Printable garbage: no control characters, so only the time budget can stop it (it takes
    // tree-sitter-typescript 2–10 s, by the machine's load).
    const text = randomText(1_000_000, 32, 95).replace(/.{80}/g, '$&\n');
    const { s, uri } = await openUnanalysable('garbage.ts', 'typescript', text, 'longer than');
    for (const character of [10, 500, 90_000]) {
      const at = { line: 0, character };
      const version = await s.change(uri, [{ range: { start: at, end: at }, text: 'x' }]);
      // Each edit is answered with (empty) diagnostics for its own version: no reparse holds it up.
      expect((await s.diagnosticsFor(uri, version)).diagnostics).toEqual([]);
    }
    await expectHonestSmallAnswers(s, uri, 'longer than');
  });

  it('the outline of a file with 20,000 functions is capped, and the log says so', async () => {
    const s = await LspSession.start({ traceName: 'huge-outline' });
    session = s;
    const uri = 'file:///w/many.ts';
    const count = 20_000;
    const text = Array.from(
      { length: count },
      (_, i) => `function f${i}(a: number) { return a + ${i}; }\n`,
    ).join('');
    await s.open(uri, 'typescript', text);
    const logged = s.waitForNotification<ShowMessage>('window/logMessage', (p) =>
      p.message.includes('many.ts'),
    );
    const symbols = await s.request<SymbolNode[]>('textDocument/documentSymbol', { textDocument: { uri } });
    const cap = DEFAULT_SERVER_OPTIONS.maxDocumentSymbols;
    expect(cap).toBeLessThan(count);
    expect(symbols.length).toBe(cap);
    expect(symbols.map((symbol) => symbol.name).slice(0, 3)).toEqual(['f0', 'f1', 'f2']);
    expect((await logged).message).toContain(`${cap.toLocaleString('en')} of ${count.toLocaleString('en')}`);
    // The functions past the cap are still known to hover.
    const last = text.lastIndexOf(`f${count - 1}`);
    const hover = await s.request<Hover>('textDocument/hover', {
      textDocument: { uri },
      position: { line: count - 1, character: last - text.lastIndexOf('\n', last) - 1 },
    });
    expect(hover?.contents.value).toContain(`f${count - 1}`);
  });
});
