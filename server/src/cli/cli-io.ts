import type { PerformanceMonitor } from '../telemetry/performance-monitor.js';
import { type MarkdownStyle, markdownStyle } from './terminal-markdown.js';

/** The terminal the CLI writes to, and its environment. */
export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly env: NodeJS.ProcessEnv;
  /** How Markdown answers are shown on stdout: rendered on a terminal, as they are when piped. */
  readonly markdown: MarkdownStyle;
  /**
   * Shows what a long step is doing, on one line of stderr replaced by the next (undefined clears it).
   * A no-op unless stderr is a terminal: scripts read stderr for the one-line error only.
   */
  readonly progress: (text: string | undefined) => void;
  /** Where the run's requests are counted (`lantern serve` shares it with /metrics); else a fresh one. */
  readonly monitor?: PerformanceMonitor;
}

/** The CliIo of the real process. */
export function processIo(): CliIo {
  // A reader that stopped reading (`lantern explain … | head`) is done with us, not a failure: end
  // quietly, as Unix tools do, instead of dying with an EPIPE stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(0);
  });
  const interactive = process.stderr.isTTY === true;
  let shown = false;
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    env: process.env,
    markdown: markdownStyle(process.stdout.isTTY === true, process.env),
    progress: (text) => {
      if (!interactive) return;
      if (shown) process.stderr.write('\r\x1b[2K');
      shown = text !== undefined;
      if (text !== undefined) process.stderr.write(`${text}…`);
    },
  };
}

/** Prints a value for scripts: one JSON document on stdout. */
export function printJson(io: CliIo, value: unknown): void {
  io.out(`${JSON.stringify(value, null, 2)}\n`);
}
