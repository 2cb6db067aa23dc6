import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { SHARED_DIR } from './paths.js';

/** Runs the official LSP meta-model validator from shared/ over a recorded trace. */
export function validateTrace(tracePath: string): { errors: number; output: string } {
  const result = spawnSync(
    process.execPath,
    [join(SHARED_DIR, 'lsp', 'validate.cjs'), join(SHARED_DIR, 'lsp', 'metaModel.json'), tracePath],
    { encoding: 'utf8' },
  );
  const output = `${result.stdout}${result.stderr}`;
  const match = /(\d+) errors/.exec(output);
  if (!match) throw new Error(`the trace validator did not report a result:\n${output}`);
  return { errors: Number(match[1]), output };
}
