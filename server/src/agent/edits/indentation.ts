/** How a text indents one level: a tab, or a number of spaces. */
export interface IndentStyle {
  readonly tabs: boolean;
  readonly width: number;
  /** Some lines are indented with tabs and others with spaces (Python may refuse such code). */
  readonly mixed: boolean;
}

export interface ReindentOptions {
  /** The unit (or region) the code replaces, as the file has it. */
  readonly original: string;
  /** The whole file, for its indentation style (the unit alone may be one line). */
  readonly fileText?: string;
  /** Lines of `code` inside a multi-line string: their whitespace is the string's value, kept as is. */
  readonly keep?: ReadonlySet<number>;
  /** The same for `original`. */
  readonly keepInOriginal?: ReadonlySet<number>;
}

/**
 * Re-indents code to sit at `baseIndent`, in the file's indentation style (tabs or spaces, and how
 * many), so that a diff against the original touches only the lines that really changed: the
 * answer's style is converted level by level, then its common indentation is replaced by
 * `baseIndent`. An answer already indented as in the file (its first line at column 0, the rest at
 * the file's own columns, as a unit cut out of the file looks) is not indented a second time. Lines
 * inside multi-line strings are never touched. The first line is returned without the base indent,
 * because it replaces text that starts after the original's own indentation.
 */
export function reindent(code: string, baseIndent: string, options: ReindentOptions): string {
  const keep = options.keep ?? new Set<number>();
  const lines = code.replace(/\r\n/g, '\n').split('\n');
  const indented = (index: number, line: string) => !keep.has(index) && line.trim() !== '';
  // A unit cut out of the file is in the file's style already; its first line's indentation is lost.
  if (alreadyInPlace(lines, baseIndent, options, indented))
    return lines.map((line, index) => (index === 0 ? line.trimStart() : line)).join('\n');
  const answerStyle = indentStyle(lines, keep);
  const fileStyle =
    indentStyle((options.fileText ?? '').split('\n'), new Set()) ??
    indentStyle(options.original.split('\n'), options.keepInOriginal ?? new Set());
  const converted =
    answerStyle && fileStyle && !answerStyle.mixed
      ? lines.map((line, index) => (keep.has(index) ? line : convertIndent(line, answerStyle, fileStyle)))
      : lines;
  const common = commonIndent(converted.filter((line, index) => indented(index, line)));
  return converted
    .map((line, index) => {
      if (keep.has(index)) return line;
      if (line.trim() === '') return '';
      const body = line.slice(common.length);
      return index === 0 ? body : baseIndent + body;
    })
    .join('\n');
}

/**
 * Whether the code is a unit as cut out of the file: its first line unindented, the others already
 * at the columns the original's have (the same distance from the unit's own indentation).
 */
function alreadyInPlace(
  lines: readonly string[],
  baseIndent: string,
  options: ReindentOptions,
  indented: (index: number, line: string) => boolean,
): boolean {
  if (baseIndent === '' || lines.length < 2 || /^[ \t]/.test(lines[0] ?? '')) return false;
  const rest = commonIndent(lines.filter((line, index) => index > 0 && indented(index, line)));
  const keepInOriginal = options.keepInOriginal ?? new Set<number>();
  const originalRest = commonIndent(
    options.original
      .split('\n')
      .filter((line, index) => index > 0 && !keepInOriginal.has(index) && line.trim() !== ''),
  );
  return (
    rest.startsWith(baseIndent) && rest.length - baseIndent.length === originalRest.length - baseIndent.length
  );
}

/** One line's leading whitespace rewritten from one style to another, level by level. */
export function convertIndent(line: string, from: IndentStyle, to: IndentStyle): string {
  if (from.tabs === to.tabs && from.width === to.width) return line;
  const indent = /^[ \t]*/.exec(line)?.[0] ?? '';
  if (indent === '') return line;
  const tabs = indent.match(/\t/g)?.length ?? 0;
  const spaces = indent.length - tabs;
  const levels = from.tabs ? tabs : tabs + Math.floor(spaces / from.width);
  const extra = from.tabs ? spaces : spaces % from.width;
  const unit = to.tabs ? '\t' : ' '.repeat(to.width);
  return unit.repeat(levels) + ' '.repeat(extra) + line.slice(indent.length);
}

/**
 * The indentation style of some lines (those in `skip` left out), or undefined if none is indented:
 * tabs if more lines start with a tab than with a space; the width is the most frequent step by which
 * a line is indented more than the one before it.
 */
export function indentStyle(lines: readonly string[], skip: ReadonlySet<number>): IndentStyle | undefined {
  let tabLines = 0;
  let spaceLines = 0;
  const steps = new Map<number, number>();
  let previous = 0;
  lines.forEach((line, index) => {
    if (skip.has(index) || line.trim() === '') return;
    if (line.startsWith('\t')) tabLines++;
    else if (line.startsWith(' ')) spaceLines++;
    const spaces = /^ */.exec(line)?.[0].length ?? 0;
    if (!line.startsWith('\t') && spaces > previous)
      steps.set(spaces - previous, (steps.get(spaces - previous) ?? 0) + 1);
    previous = line.startsWith('\t') ? previous : spaces;
  });
  if (tabLines === 0 && spaceLines === 0) return undefined;
  const mixed = tabLines > 0 && spaceLines > 0;
  if (tabLines > spaceLines) return { tabs: true, width: 1, mixed };
  let width = 4;
  let seen = 0;
  for (const [step, count] of steps)
    if (count > seen || (count === seen && step < width)) {
      width = step;
      seen = count;
    }
  return { tabs: false, width, mixed };
}

function commonIndent(lines: readonly string[]): string {
  let common: string | undefined;
  for (const line of lines) {
    const indent = /^[ \t]*/.exec(line)?.[0] ?? '';
    if (common === undefined || indent.length < common.length) common = indent;
  }
  return common ?? '';
}
