import { AgentCore } from '../agent/agent-core.js';
import { type ConfigWarning, type LanternConfig, resolveConfig } from '../config.js';
import { environmentLayer, userConfigFile } from '../config-sources.js';
import type { GrammarRegistry } from '../syntax/grammar-registry.js';
import type { SyntaxDocument } from '../syntax/syntax-document.js';
import type { CliIo } from './cli-io.js';

/** The CLI's settings: the user's config file and the environment (there is no editor to ask). */
export interface CliConfig {
  readonly config: LanternConfig;
  readonly warnings: readonly ConfigWarning[];
  /** Why the user's config file was ignored, if it was. */
  readonly fileProblem: string | undefined;
}

export function loadCliConfig(env: NodeJS.ProcessEnv): CliConfig {
  const file = userConfigFile(env);
  const { config, warnings } = resolveConfig([file.layer, environmentLayer(env)]);
  return { config, warnings, fileProblem: file.problem };
}

/** An agent for one CLI run, and the model failure it last reported (the run's one-line error). */
export interface CliAgent {
  readonly agent: AgentCore;
  readonly config: LanternConfig;
  lastFailure(): string | undefined;
}

// The agents of this run, closed when it ends: an open Redis or Postgres connection would keep the
// process alive after the command is done.
const runAgents = new Set<AgentCore>();

/** Lets go of every store the run's agents opened (after the usage records under way are written). */
export async function closeCliAgents(): Promise<void> {
  const agents = [...runAgents];
  runAgents.clear();
  await Promise.all(agents.map((agent) => agent.close()));
}

/**
 * The same agent core the language server holds, configured from the config file and environment.
 * `document` stands for the editor's open document: the fixer checks that it did not change meanwhile.
 */
export function createCliAgent(io: CliIo, registry: GrammarRegistry, document?: SyntaxDocument): CliAgent {
  const { config, warnings, fileProblem } = loadCliConfig(io.env);
  if (fileProblem) io.err(`${fileProblem}\n`);
  for (const warning of warnings) io.err(`${warning.message}\n`);
  let failure: string | undefined;
  // A broken cache is said once (it keeps answering, uncached or repaired), not on every use.
  const cacheProblems = new Set<string>();
  const agent = new AgentCore({
    registry,
    env: io.env,
    openDocument: (uri) => (uri === document?.uri ? document : undefined),
    monitor: io.monitor,
    notices: {
      modelProblem: (error) => {
        failure = error.message;
      },
      circuitOpened: () => undefined,
      cacheProblem: (message) => {
        if (!cacheProblems.has(message)) io.err(`${message}\n`);
        cacheProblems.add(message);
      },
      toolCall: () => undefined,
    },
  });
  agent.configure(config);
  runAgents.add(agent);
  return { agent, config, lastFailure: () => failure };
}
