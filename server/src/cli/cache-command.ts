import { GrammarRegistry } from '../syntax/grammar-registry.js';
import { createCliAgent } from './cli-agent.js';
import type { CliIo } from './cli-io.js';

/**
 * `lantern cache clear`: empties the response cache the language server and the CLI share (the same store
 * as `cache.store` names), as the editors' "clear cache" commands do. Sessions of `ask` are kept.
 */
export async function cacheClearCommand(io: CliIo): Promise<number> {
  const { agent } = createCliAgent(io, new GrammarRegistry());
  const cache = agent.cache();
  await cache.clear();
  io.out(`cleared the response cache (${cache.stats().location})\n`);
  return 0;
}
