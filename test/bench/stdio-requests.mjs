/**
 * Request latencies over stdio against a running server: hover at identifiers, documentSymbol, and
 * didChange followed by a request that needs the new tree. Every figure is a client-side round trip.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const Parser = require('tree-sitter');

const GRAMMARS = {
  typescript: () => require('tree-sitter-typescript').typescript,
  python: () => require('tree-sitter-python'),
};
const IDENTIFIERS = {
  typescript: '[(identifier) (property_identifier) (type_identifier)] @name',
  python: '(identifier) @name',
};

/**
 * `count` LSP positions in the middle of identifiers, evenly spread over the file: where a person hovers.
 * Found with tree-sitter in this process so strings, comments and keywords are not hovered.
 */
export function identifierPositions(text, language, count) {
  const grammar = GRAMMARS[language]();
  const parser = new Parser();
  parser.setLanguage(grammar);
  const tree = parser.parse(text);
  const captures = new Parser.Query(grammar, IDENTIFIERS[language]).captures(tree.rootNode);
  const step = Math.max(1, Math.floor(captures.length / count));
  const positions = [];
  for (let index = 0; index < captures.length && positions.length < count; index += step) {
    const { node } = captures[index];
    // The binding counts columns in UTF-16 code units, as LSP does.
    const middle = Math.floor((node.endIndex - node.startIndex) / 2);
    positions.push({ line: node.startPosition.row, character: node.startPosition.column + middle });
  }
  return positions;
}

/** How many ERROR nodes tree-sitter leaves in a file: a grammar that fails on it defeats incremental reparse. */
export function syntaxErrorCount(text, language) {
  const grammar = GRAMMARS[language]();
  const parser = new Parser();
  parser.setLanguage(grammar);
  return parser.parse(text).rootNode.descendantsOfType('ERROR').length;
}

/** Opens a file and times the first documentSymbol after didOpen (parse + units + reply). */
export async function openAndFirstSymbols(client, uri, languageId, text) {
  const started = performance.now();
  await client.open(uri, languageId, text);
  const symbols = await client.request('textDocument/documentSymbol', { textDocument: { uri } });
  return { ms: performance.now() - started, symbols: countSymbols(symbols) };
}

/** documentSymbol round trips on an open (warm) document. */
export async function symbolLatencies(client, uri, runs) {
  const samples = [];
  for (let run = 0; run < runs; run++) {
    samples.push((await client.timed('textDocument/documentSymbol', { textDocument: { uri } })).ms);
  }
  return samples;
}

/** Hover round trips at the given positions; also how many hovers had an answer. */
export async function hoverLatencies(client, uri, positions, rounds = 1) {
  const samples = [];
  let answered = 0;
  for (let round = 0; round < rounds; round++) {
    for (const position of positions) {
      const { ms, result } = await client.timed('textDocument/hover', { textDocument: { uri }, position });
      samples.push(ms);
      if (round === 0 && result !== null) answered++;
    }
  }
  return { samples, answered };
}

/** The transport floor: round trips of a request no feature handles. */
export async function transportFloor(client, runs) {
  const samples = [];
  for (let run = 0; run < runs; run++) samples.push(await client.transportFloorMs());
  return samples;
}

/**
 * didChange of one character followed at once by a request, against the same request alone. The server
 * handles messages in order, so the request sees (and waits for) the updated tree, plus whatever derived
 * facts (the document's units) the request needs and the change invalidated.
 */
export async function changeThenRequest(client, uri, edits, method, paramsAt) {
  const withChange = [];
  const alone = [];
  for (const edit of edits) {
    const start = { line: edit.line, character: edit.character };
    const change = edit.insert
      ? { range: { start, end: start }, text: 'x' }
      : { range: { start, end: { line: edit.line, character: edit.character + 1 } }, text: '' };
    const params = paramsAt(edit);
    const started = performance.now();
    await client.change(uri, [change]);
    await client.request(method, params);
    withChange.push(performance.now() - started);
    alone.push((await client.timed(method, params)).ms);
  }
  return { withChange, alone };
}

function countSymbols(symbols) {
  let count = 0;
  const stack = [...(symbols ?? [])];
  while (stack.length > 0) {
    const symbol = stack.pop();
    count++;
    if (symbol.children) stack.push(...symbol.children);
  }
  return count;
}
