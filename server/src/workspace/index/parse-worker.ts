import { parentPort } from 'node:worker_threads';
import { GrammarRegistry } from '../../syntax/grammar-registry.js';
import type { ParseReply, ParseRequest } from './facts-parser.js';
import { parseFacts } from './parse-facts.js';

// The index's parser thread: files in, facts out, one at a time. A file that fails is answered with
// its error, and the thread goes on with the next.
const registry = new GrammarRegistry();
parentPort?.on('message', ({ id, path, text }: ParseRequest) => {
  let reply: ParseReply;
  try {
    reply = { id, facts: parseFacts(registry, path, text) };
  } catch (error) {
    reply = { id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(reply);
});
