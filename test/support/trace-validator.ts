import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHARED_DIR } from './paths.js';

/** One error the validator found, and the recorded message it is about. */
export interface TraceError {
  /** The validator's words for it, e.g. `response id=null: no matching request`. */
  readonly text: string;
  /** The message, as recorded in the trace. */
  readonly message: unknown;
}

/** Runs the official LSP meta-model validator from shared/ over a recorded trace. */
export function validateTrace(tracePath: string): { errors: number; output: string; details: TraceError[] } {
  const result = spawnSync(
    process.execPath,
    [join(SHARED_DIR, 'lsp', 'validate.cjs'), join(SHARED_DIR, 'lsp', 'metaModel.json'), tracePath],
    { encoding: 'utf8' },
  );
  const output = `${result.stdout}${result.stderr}`;
  const match = /(\d+) errors/.exec(output);
  if (!match) throw new Error(`the trace validator did not report a result:\n${output}`);
  return { errors: Number(match[1]), output, details: errorDetails(tracePath, output) };
}

// The validator prints `ERROR  #<line of the trace, from 0> <what>: <problem>` for each error.
function errorDetails(tracePath: string, output: string): TraceError[] {
  const recorded = readFileSync(tracePath, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { msg: unknown }).msg);
  return [...output.matchAll(/^ERROR +#(\d+) (.*)$/gm)].map(([, index, text]) => ({
    text: text ?? '',
    message: recorded[Number(index)],
  }));
}
