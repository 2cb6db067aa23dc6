import { readFileSync } from 'node:fs';
import { checkTrace, type TraceEntry, type TraceFinding } from './lsp-meta-model/check-trace.js';
import { lspMetaModel } from './lsp-meta-model/meta-model.js';

/** One error the validator found, and the recorded message it is about. */
export interface TraceError {
  /** The validator's words for it, e.g. `textDocument/hover result: result.contents: missing, Hover requires it`. */
  readonly text: string;
  /** The message, as recorded in the trace. */
  readonly message: unknown;
}

/** Lantern's own methods: the meta-model does not know them, so they are counted, not checked. */
const LANTERN_METHODS = ['lantern/'];

/** Checks a recorded trace (JSON lines `{dir, msg}`) against the LSP meta-model kept in the repository. */
export function validateTrace(tracePath: string): { errors: number; output: string; details: TraceError[] } {
  const trace = readFileSync(tracePath, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as TraceEntry);
  const model = lspMetaModel();
  const report = checkTrace(model, trace, { customPrefixes: LANTERN_METHODS });
  const lines = report.errors.map((error) => `ERROR  #${error.index} ${findingText(error)}`);
  lines.push(
    `${report.checked} messages checked against LSP ${model.version} meta model: ` +
      `${report.errors.length} errors, ${report.warnings.length} warnings`,
  );
  return {
    errors: report.errors.length,
    output: `${lines.join('\n')}\n`,
    details: report.errors.map((error) => ({ text: findingText(error), message: trace[error.index]?.msg })),
  };
}

function findingText(finding: TraceFinding): string {
  return `${finding.subject}: ${finding.problem}`;
}
