/**
 * One-character edits on a document (TypeScript unless told otherwise), in process: Lantern's
 * SyntaxDocument.applyChanges (LSP incremental change → text update, tree.edit, incremental reparse)
 * against raw tree-sitter doing the least any server must do for the same edit (new text, tree.edit,
 * parse(text, oldTree)) with the same grammar.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from './lsp-client.mjs';

const require = createRequire(import.meta.url);
const Parser = require('tree-sitter');

const dist = (path) => import(pathToFileURL(join(REPO_ROOT, 'dist', path)).href);

/**
 * The same edit script for both sides: at each position, type 'x' then delete it again, so the text
 * returns to the original after every pair and both sides parse identical texts throughout.
 */
export function editScript(positions, rounds) {
  const edits = [];
  for (let round = 0; round < rounds; round++) {
    for (const { line, character } of positions) {
      edits.push({ line, character, insert: true });
      edits.push({ line, character, insert: false });
    }
  }
  return edits;
}

/**
 * Times each edit on both sides, alternating which goes first; returns the samples in ms.
 * `languageId` is an LSP language id Lantern parses; its grammar is the one the baseline parses with.
 */
export async function measureIncrementalEdits(text, edits, warmup, languageId = 'typescript') {
  const { SyntaxDocument } = await dist('syntax/syntax-document.js');
  const { GrammarRegistry } = await dist('syntax/grammar-registry.js');
  const { languageFor } = await dist('syntax/languages.js');
  const registry = new GrammarRegistry();
  const document = new SyntaxDocument('file:///bench/edited', languageId, 1, text, registry);
  // The very grammar object Lantern's parser uses, so both sides parse with the same native language.
  const grammar = registry.get(languageFor(languageId, document.uri).name).parser.getLanguage();
  const raw = rawTreeSitter(text, grammar);
  let version = 1;

  const lantern = (edit) => {
    const start = { line: edit.line, character: edit.character };
    const change = edit.insert
      ? { range: { start, end: start }, text: 'x' }
      : { range: { start, end: { line: edit.line, character: edit.character + 1 } }, text: '' };
    const started = performance.now();
    document.applyChanges([change], ++version);
    return performance.now() - started;
  };

  const lanternMs = [];
  const rawMs = [];
  edits.forEach((edit, index) => {
    const lanternFirst = index % 4 < 2; // alternate per insert/delete pair
    const a = lanternFirst ? lantern(edit) : raw.apply(edit);
    const b = lanternFirst ? raw.apply(edit) : lantern(edit);
    if (index < warmup) return;
    lanternMs.push(lanternFirst ? a : b);
    rawMs.push(lanternFirst ? b : a);
  });
  if (document.text !== raw.text()) throw new Error('Lantern and raw tree-sitter disagree on the text');
  if (document.tree.rootNode.toString() !== raw.tree().rootNode.toString()) {
    throw new Error('Lantern and raw tree-sitter disagree on the tree');
  }
  return { lanternMs, rawMs };
}

/**
 * Raw tree-sitter with its own parser. Offsets come from a line table of the original text, computed
 * once outside the timing: every edit is made on the original text (see editScript), and an editor
 * plugin embedding tree-sitter would know them from its own buffer.
 */
function rawTreeSitter(original, grammar) {
  const parser = new Parser();
  parser.setLanguage(grammar);
  const lineStarts = [0];
  for (let index = original.indexOf('\n'); index !== -1; index = original.indexOf('\n', index + 1)) {
    lineStarts.push(index + 1);
  }
  let text = original;
  let tree = parser.parse(text);
  return {
    text: () => text,
    tree: () => tree,
    apply(edit) {
      const startIndex = lineStarts[edit.line] + edit.character;
      const point = { row: edit.line, column: edit.character };
      const after = { row: edit.line, column: edit.character + 1 };
      const started = performance.now();
      if (edit.insert) {
        text = `${text.slice(0, startIndex)}x${text.slice(startIndex)}`;
        tree.edit({
          startIndex,
          oldEndIndex: startIndex,
          newEndIndex: startIndex + 1,
          startPosition: point,
          oldEndPosition: point,
          newEndPosition: after,
        });
      } else {
        text = text.slice(0, startIndex) + text.slice(startIndex + 1);
        tree.edit({
          startIndex,
          oldEndIndex: startIndex + 1,
          newEndIndex: startIndex,
          startPosition: point,
          oldEndPosition: after,
          newEndPosition: point,
        });
      }
      tree = parser.parse(text, tree);
      return performance.now() - started;
    },
  };
}
