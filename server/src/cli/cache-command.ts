import { GrammarRegistry } from '../syntax/grammar-registry.js';
import { createCliAgent } from './cli-agent.js';
import type { CliIo } from './cli-io.js';

/**
 * `lantern cache clear`: empties what the language servers and the CLI keep derived from code in the
 * store `cache.store` names — cached answers and the workspace index's facts — as the editors' "clear
 * cache" commands do. Sessions of `ask` and the usage log are kept.
 */
export async function cacheClearCommand(io: CliIo): Promise<number> {
  const { agent } = createCliAgent(io, new GrammarRegistry());
  await agent.clearCache();
  io.out(`cleared the cache: answers and the workspace index (${agent.cache().stats().location})\n`);
  return 0;
}
