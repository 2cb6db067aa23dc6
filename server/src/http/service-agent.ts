import { AgentCore } from '../agent/agent-core.js';
import { type ConfigWarning, type LanternConfig, resolveConfig } from '../config.js';
import { environmentLayer, userConfigFile } from '../config-sources.js';
import type { GrammarRegistry } from '../syntax/grammar-registry.js';
import { RequestDocuments } from './request-documents.js';

/** What the service tells its operator about the agent (through the log; never a key or a token). */
export interface ServiceNotices {
  warn(message: string): void;
}

/** The agent the service holds, and the settings it was built from. */
export interface ServiceAgent {
  readonly agent: AgentCore;
  readonly config: LanternConfig;
  readonly warnings: readonly ConfigWarning[];
  /** The code of the requests in flight, as the agent's open documents. */
  readonly documents: RequestDocuments;
}

/**
 * The same agent core the language server and the CLI hold, configured from the user's config file and
 * the environment (a service has no editor to ask). There are no open documents: every request brings
 * its code, and no workspace folder unless the operator named a trusted root.
 */
export function createServiceAgent(
  env: NodeJS.ProcessEnv,
  registry: GrammarRegistry,
  notices: ServiceNotices,
  trustedRoot?: string,
): ServiceAgent {
  const file = userConfigFile(env);
  if (file.problem) notices.warn(file.problem);
  const { config, warnings } = resolveConfig([file.layer, environmentLayer(env)]);
  for (const warning of warnings) notices.warn(warning.message);
  // A broken cache is said once (it keeps answering, uncached or repaired), not on every request.
  const cacheProblems = new Set<string>();
  const documents = new RequestDocuments(registry);
  const agent = new AgentCore({
    registry,
    env,
    openDocument: (uri) => documents.get(uri),
    workspaceFolders: () => (trustedRoot ? [trustedRoot] : []),
    trustedWorkspaces: () => (trustedRoot ? [trustedRoot] : []),
    notices: {
      modelProblem: (error) => notices.warn(`model: ${error.message}`),
      circuitOpened: (error) => notices.warn(`model unavailable, answering structurally: ${error.message}`),
      cacheProblem: (message) => {
        if (!cacheProblems.has(message)) notices.warn(message);
        cacheProblems.add(message);
      },
      toolCall: () => undefined,
    },
  });
  agent.configure(config);
  return { agent, config, warnings, documents };
}
