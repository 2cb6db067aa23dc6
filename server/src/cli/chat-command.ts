import { createInterface } from 'node:readline';
import { OFFLINE_HINT } from '../llm/offline-hint.js';
import { GrammarRegistry } from '../syntax/grammar-registry.js';
import { createCliAgent } from './cli-agent.js';
import type { CliIo } from './cli-io.js';
import { MarkdownOutput } from './terminal-markdown.js';

export interface ChatOptions {
  /** Continue an earlier conversation. */
  readonly session?: string;
  readonly json?: boolean;
  readonly input?: NodeJS.ReadableStream;
}

/**
 * `lantern chat`: ask questions in a loop, each seeing the conversation so far (kept in the session
 * store, so `--session ID` continues it later). `exit` or end of input stops. The prompt goes to stderr
 * and each answer is printed on stdout as the model streams it. With --json, one JSON line per answer
 * (nothing streamed).
 */
export async function chatCommand(io: CliIo, options: ChatOptions = {}): Promise<number> {
  const { agent, lastFailure } = createCliAgent(io, new GrammarRegistry());
  const choice = agent.provider();
  if (choice.kind === 'offline')
    throw new Error(`cannot chat without a model: ${choice.reason}. ${OFFLINE_HINT}`);
  let sessionId = options.session;
  const lines = createInterface({ input: options.input ?? process.stdin, terminal: false });
  const prompt = () => {
    if (!options.json) io.err('lantern> ');
  };
  prompt();
  for await (const line of lines) {
    const question = line.trim();
    if (question === 'exit' || question === 'quit') break;
    if (question === '') {
      prompt();
      continue;
    }
    io.progress('thinking');
    let streamed = false;
    // Each answer is Markdown: rendered on a terminal, as it is when piped.
    const markdown = new MarkdownOutput(io.out, io.markdown);
    const onText = (delta: string) => {
      if (!streamed) io.progress(undefined);
      streamed = true;
      markdown.write(delta);
    };
    let answer: Awaited<ReturnType<typeof agent.asker.ask>>;
    try {
      answer = await agent.asker.ask(
        { question, ...(sessionId ? { sessionId } : {}) },
        new AbortController().signal,
        options.json ? {} : { onText },
      );
    } catch (error) {
      if (streamed) markdown.write('\n');
      markdown.end();
      io.progress(undefined);
      throw new Error(lastFailure() ?? (error as Error).message);
    }
    io.progress(undefined);
    sessionId = answer.sessionId;
    if (options.json)
      io.out(`${JSON.stringify({ question, answer: answer.markdown, intent: answer.intent, sessionId })}\n`);
    // Answers routed elsewhere than a general answer (none, without a document) arrive whole.
    else {
      if (!streamed) markdown.write(answer.markdown);
      markdown.end();
      io.out('\n\n');
    }
    prompt();
  }
  if (sessionId && !options.json)
    io.err(`\n(session ${sessionId}: continue with lantern chat --session ${sessionId})\n`);
  return 0;
}
