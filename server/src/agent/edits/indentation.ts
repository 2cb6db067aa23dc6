/**
 * Re-indents code to sit at `baseIndent`: the block's common indentation is removed, then every
 * non-blank line gets `baseIndent`; tab/space style follows the original unit (a model answering with
 * 4 spaces in a tab-indented file gets tabs). The first line is returned without the base indent,
 * because it replaces text that starts after the original's own indentation.
 */
export function reindent(code: string, baseIndent: string, originalUnit: string): string {
  const lines = code.replace(/\r\n/g, '\n').split('\n');
  const common = commonIndent(lines);
  const usesTabs = /^\t/m.test(originalUnit);
  const width = indentWidth(originalUnit) ?? indentWidth(code) ?? 4;
  const out = lines.map((line, index) => {
    if (line.trim() === '') return '';
    let body = line.slice(common.length);
    if (usesTabs) body = body.replace(/^( +)/, (spaces) => '\t'.repeat(Math.round(spaces.length / width)));
    return index === 0 ? body : baseIndent + body;
  });
  return out.join('\n');
}

function commonIndent(lines: readonly string[]): string {
  let common: string | undefined;
  for (const line of lines) {
    if (line.trim() === '') continue;
    const indent = /^[ \t]*/.exec(line)?.[0] ?? '';
    if (common === undefined || indent.length < common.length) common = indent;
  }
  return common ?? '';
}

/** The smallest non-zero space indentation step in a text, if it uses spaces. */
function indentWidth(text: string): number | undefined {
  let smallest: number | undefined;
  let previous = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const spaces = /^ */.exec(line)?.[0].length ?? 0;
    const step = Math.abs(spaces - previous);
    if (step > 0 && (smallest === undefined || step < smallest)) smallest = step;
    previous = spaces;
  }
  return smallest;
}
