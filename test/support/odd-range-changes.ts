/**
 * `didChange` ranges a careless client sends: reversed, past the end of a line or of the document,
 * negative. The server normalises them as vscode-languageserver-textdocument does (a reversed range is
 * swapped, positions are clamped into the document), and its tree must follow the same text.
 */
export const ODD_RANGE_TEXT = 'def alpha():\n    return 1\n\ndef beta():\n    return 2\n';

const at = (line: number, character: number) => ({ line, character });

export const ODD_RANGE_CASES: readonly {
  readonly what: string;
  readonly change: { range: { start: ReturnType<typeof at>; end: ReturnType<typeof at> }; text: string };
  readonly expected: string;
}[] = [
  {
    what: 'a range whose end is lines before its start',
    change: { range: { start: at(3, 4), end: at(0, 4) }, text: '' },
    expected: 'def beta():\n    return 2\n',
  },
  {
    what: 'a range whose end is before its start on one line',
    change: { range: { start: at(0, 9), end: at(0, 4) }, text: 'gamma' },
    expected: 'def gamma():\n    return 1\n\ndef beta():\n    return 2\n',
  },
  {
    what: 'a reversed range that also reaches past the end',
    change: { range: { start: at(40, 0), end: at(3, 4) }, text: 'omega():\n    pass\n' },
    expected: 'def alpha():\n    return 1\n\ndef omega():\n    pass\n',
  },
  {
    what: 'an end past the end of the document',
    change: { range: { start: at(3, 0), end: at(99, 0) }, text: '' },
    expected: 'def alpha():\n    return 1\n\n',
  },
  {
    what: 'a character past the end of its line',
    change: { range: { start: at(0, 4), end: at(0, 999) }, text: 'delta():' },
    expected: 'def delta():\n    return 1\n\ndef beta():\n    return 2\n',
  },
  {
    what: 'negative line and character',
    change: { range: { start: at(-3, -7), end: at(0, 4) }, text: 'async def ' },
    expected: 'async def alpha():\n    return 1\n\ndef beta():\n    return 2\n',
  },
  {
    what: 'an insertion past the end of the document',
    change: { range: { start: at(50, 3), end: at(50, 3) }, text: 'def omega():\n    pass\n' },
    expected: `${ODD_RANGE_TEXT}def omega():\n    pass\n`,
  },
];
