/** An LSP position (UTF-16 code units). */
export interface Position {
  line: number;
  character: number;
}

const MARKER = '<|>';

/**
 * Places cursors by markers: every `<|>` in `marked` is removed and its position returned, in order.
 * Positions are in UTF-16 code units, as LSP counts them, so fixtures with emoji and CJK text work.
 */
export function cursors(marked: string): { text: string; positions: Position[] } {
  const positions: Position[] = [];
  let text = '';
  let rest = marked;
  for (let index = rest.indexOf(MARKER); index !== -1; index = rest.indexOf(MARKER)) {
    text += rest.slice(0, index);
    rest = rest.slice(index + MARKER.length);
    positions.push(positionAt(text, text.length));
  }
  return { text: text + rest, positions };
}

/** The single cursor of a marked text. */
export function cursor(marked: string): { text: string; position: Position } {
  const { text, positions } = cursors(marked);
  const [position] = positions;
  if (!position || positions.length !== 1) throw new Error(`expected exactly one ${MARKER} marker`);
  return { text, position };
}

/** The LSP position of an offset into text (lines break at \n, \r\n or \r). */
export function positionAt(text: string, offset: number): Position {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    const char = text[i];
    if (char === '\n' || (char === '\r' && text[i + 1] !== '\n')) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, character: offset - lineStart };
}
