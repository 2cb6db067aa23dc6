import { OFFLINE_HINT } from './llm/offline-hint.js';

/** Which of the two programs reads a variable: the CLI, the language server, or both. */
export type Program = 'lantern' | 'lantern-ls';

export interface EnvironmentVariable {
  readonly name: string;
  readonly programs: readonly Program[];
  /** One line for --help. */
  readonly meaning: string;
}

const BOTH: readonly Program[] = ['lantern', 'lantern-ls'];

/**
 * Every environment variable Lantern reads, for both programs' --help (a test checks that each one the
 * code reads is here, and that each one here is read).
 */
export const ENVIRONMENT_VARIABLES: readonly EnvironmentVariable[] = [
  {
    name: 'ANTHROPIC_API_KEY',
    programs: BOTH,
    meaning: 'Claude API key; with provider auto, Claude answers when it is set (never shown or logged)',
  },
  {
    name: 'ANTHROPIC_BASE_URL',
    programs: BOTH,
    meaning: "Claude's endpoint (the SDK's own variable; the anthropic.baseUrl setting wins)",
  },
  { name: 'OPENAI_API_KEY', programs: BOTH, meaning: 'key for provider openai, if the server wants one' },
  {
    name: 'LANTERN_PROVIDER',
    programs: BOTH,
    meaning: 'the provider setting: auto, anthropic, openai, offline',
  },
  { name: 'LANTERN_MODEL', programs: BOTH, meaning: "the model setting (default: the provider's)" },
  {
    name: 'LANTERN_CACHE_DIR',
    programs: BOTH,
    meaning: 'where the SQLite cache lives (default $XDG_CACHE_HOME/lantern)',
  },
  {
    name: 'LANTERN_CACHE_STORE',
    programs: BOTH,
    meaning: 'the cache.store setting: sqlite, memory, a redis:// or postgres:// URL',
  },
  {
    name: 'LANTERN_USAGE_STORE',
    programs: BOTH,
    meaning: 'the cache.usageStore setting: where the usage log lives (default: the cache.store)',
  },
  {
    name: 'LANTERN_LOG_FILE',
    programs: ['lantern-ls'],
    meaning: 'also write the log to this file (JSON lines, rotated by size)',
  },
  {
    name: 'LANTERN_LOG_MAX_SIZE',
    programs: BOTH,
    meaning: 'the log.maxSize setting: rotate a log file past this size (default 10m)',
  },
  {
    name: 'LANTERN_LOG_MAX_FILES',
    programs: BOTH,
    meaning: 'the log.maxFiles setting: log files kept, the live one included (default 5)',
  },
  {
    name: 'LANTERN_API_TOKENS',
    programs: ['lantern'],
    meaning:
      'lantern serve: bearer tokens it accepts, comma-separated (without any, it listens on loopback only)',
  },
  {
    name: 'XDG_CONFIG_HOME',
    programs: BOTH,
    meaning: 'the config file is $XDG_CONFIG_HOME/lantern/config.json (~/.config)',
  },
  { name: 'XDG_CACHE_HOME', programs: BOTH, meaning: 'the default cache folder is under it (~/.cache)' },
  {
    name: 'NO_COLOR',
    programs: ['lantern'],
    meaning: 'answers on a terminal are laid out without colours or styles',
  },
  {
    name: 'FORCE_COLOR',
    programs: ['lantern'],
    meaning: 'style answers even when piped (0: never style them)',
  },
  { name: 'TERM', programs: ['lantern'], meaning: 'dumb: no styles on the terminal' },
];

/** The "Environment:" section of a program's --help, one variable a line, and what no key means. */
export function environmentHelp(program: Program): string {
  const variables = ENVIRONMENT_VARIABLES.filter((variable) => variable.programs.includes(program));
  const width = Math.max(...variables.map((variable) => variable.name.length));
  const lines = variables.map((variable) => `  ${variable.name.padEnd(width)}  ${variable.meaning}`);
  const offline = `With no key Lantern works offline: structural answers from tree-sitter. ${OFFLINE_HINT}`;
  return `Environment:\n${lines.join('\n')}\n\n${offline}`;
}
