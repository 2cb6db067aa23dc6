import { describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { blockAt, MAX_BLOCK_LINES } from '../../server/src/syntax/text-block.js';

/** The block's lines (1-based, as a user reads them) and how it was found, for a cursor on `line`. */
function blockOn(languageId: string, lines: string[], line: number, character = 2) {
  const document = TextDocument.create('file:///w/x', languageId, 1, lines.join('\n'));
  const block = blockAt(document, document.offsetAt({ line: line - 1, character }));
  if (!block) return undefined;
  return {
    lines: [block.startLine + 1, block.endLine + 1],
    how: block.how,
    first: block.firstLine,
    text: document.getText().slice(block.startIndex, block.endIndex),
  };
}

const LUA = [
  'local Cart = {}', // 1
  '',
  'function Cart.sum(items)', // 3
  '  local acc = 0',
  '  for _, item in ipairs(items) do', // 5
  '    acc = acc + item.price',
  '  end',
  '  return acc',
  'end', // 9
  '',
  'return Cart',
];

describe('blockAt: the block around the cursor without a grammar', () => {
  it('Lua by indentation: the function with its `end`, from the body, the header and the `end` line', () => {
    for (const line of [3, 4, 8, 9]) {
      expect(blockOn('lua', LUA, line)).toMatchObject({
        lines: [3, 9],
        how: 'indentation',
        first: 'function Cart.sum(items)',
      });
    }
    // Inside the loop: the loop is a block of three lines, the innermost one.
    expect(blockOn('lua', LUA, 6)).toMatchObject({
      lines: [5, 7],
      first: 'for _, item in ipairs(items) do',
    });
  });

  it('starts at the first non-blank character and ends at the end of the last line', () => {
    const found = blockOn('lua', LUA, 4);
    expect(found?.text.startsWith('function Cart.sum')).toBe(true);
    expect(found?.text.endsWith('  return acc\nend')).toBe(true);
  });

  it('braces, skipping braces inside strings and comments; a `{` alone on its line takes the header above', () => {
    const kotlin = [
      'class Cart', // 1
      '{',
      '    fun total(): Int', // 3
      '    {',
      '        val s = "}{" // } unbalanced in a comment',
      '        /* { */ return items.sumOf { it.price }',
      '    }', // 7
      '}',
    ];
    expect(blockOn('kotlin', kotlin, 5)).toMatchObject({
      lines: [3, 7],
      how: 'braces',
      first: 'fun total(): Int',
    });
    expect(blockOn('kotlin', kotlin, 1)).toMatchObject({ lines: [1, 8], first: 'class Cart' });
  });

  it('badly indented brace code still gets its braces', () => {
    const go = ['func main() {', 'x := 1', 'if x > 0 {', 'fmt.Println(x)', '}', 'return', '}'];
    expect(blockOn('go', go, 4)).toMatchObject({ lines: [3, 5], how: 'braces' });
    expect(blockOn('go', go, 6)).toMatchObject({ lines: [1, 7], how: 'braces' });
  });

  it('shell: the `#` of a length expansion is no comment, `#` after a space is', () => {
    const dollar = '$';
    const shell = ['count() {', `  local n=${dollar}{#list[@]} # {`, '  echo "$n"', '}', '', 'count'];
    expect(blockOn('shellscript', shell, 3)).toMatchObject({ lines: [1, 4], how: 'braces' });
  });

  it('top-level code with no header: the paragraph around the cursor', () => {
    const shell = ['#!/bin/sh', 'set -e', '', 'echo one', 'echo two', 'echo three', '', 'exit 0'];
    expect(blockOn('shellscript', shell, 5)).toMatchObject({ lines: [4, 6], how: 'paragraph' });
  });

  it('a blank line takes the code above it', () => {
    expect(blockOn('lua', LUA, 10, 0)).toMatchObject({ lines: [3, 9] });
  });

  it('is bounded: a longer block gives way to the paragraph around the cursor, cut to the limit', () => {
    const body = Array.from({ length: 200 }, (_, index) => `  x${index} = ${index}`);
    const long = ['function big()', ...body, 'end'];
    const found = blockOn('lua', long, 100);
    expect(found?.how).toBe('paragraph');
    expect((found?.lines[1] ?? 0) - (found?.lines[0] ?? 0) + 1).toBe(MAX_BLOCK_LINES);
    expect(found?.lines[0]).toBeLessThanOrEqual(100);
    expect(found?.lines[1]).toBeGreaterThanOrEqual(100);
  });

  it('a selection is taken as it is, in whole lines', () => {
    const document = TextDocument.create('file:///w/x', 'lua', 1, LUA.join('\n'));
    const start = document.offsetAt({ line: 3, character: 5 });
    const end = document.offsetAt({ line: 5, character: 0 });
    expect(blockAt(document, start, { start, end })).toMatchObject({
      startLine: 3,
      endLine: 4,
      how: 'selection',
      description: 'the selected code at lines 4–5',
    });
  });

  it('an empty document has no block', () => {
    const document = TextDocument.create('file:///w/x', 'lua', 1, '\n\n');
    expect(blockAt(document, 1)).toBeUndefined();
  });
});
