/** A file argument as the CLI takes it: `path`, `path:LINE` or `path:LINE:COL` (1-based, like compilers print). */
export interface FileLocation {
  readonly path: string;
  readonly line: number | undefined;
  readonly column: number | undefined;
}

/** Parses `path[:LINE[:COL]]`; throws a one-line error for a line or column that is not a positive integer. */
export function parseFileLocation(argument: string): FileLocation {
  // LINE and COL are whatever follows the last colons, so `file.py:abc` is a bad line, not a missing file.
  const match = /^(.*?)(?::([^:/\\]*))?(?::([^:/\\]*))?$/.exec(argument);
  const path = match?.[1] ?? argument;
  const line = parsePositive(match?.[2], 'line', argument);
  const column = parsePositive(match?.[3], 'column', argument);
  if (path === '') throw new Error(`missing file path in '${argument}'`);
  return { path, line, column };
}

function parsePositive(raw: string | undefined, what: string, argument: string): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw === '' || !Number.isInteger(value) || value < 1) {
    throw new Error(`bad ${what} number in '${argument}': expected a positive integer`);
  }
  return value;
}
