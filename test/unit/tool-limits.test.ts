import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ModelRequest } from '../../server/src/llm/provider.js';
import type { AgentTool, ToolLimits } from '../../server/src/tools/agent-tool.js';
import { FakeModelServer, type RecordedRequest } from '../support/fake-model-server.js';
import { fakeAnthropic } from '../support/test-explainer.js';

interface ToolResult {
  type: 'tool_result';
  content: string;
  is_error?: boolean;
}

/** The tool results a request carried back to the model (its last user message's blocks). */
function resultsIn(request: RecordedRequest | undefined): ToolResult[] {
  const messages = (request?.body.messages ?? []) as { role: string; content: unknown }[];
  const last = messages.at(-1);
  return Array.isArray(last?.content) ? (last.content as ToolResult[]) : [];
}

/** A tool that answers `text` and counts its runs: a refused call must never run it. */
function countingTool(text: string): AgentTool & { runs: number } {
  return {
    name: 'read_file',
    description: 'Read a file.',
    inputSchema: { type: 'object', properties: { path: { type: 'string' } } },
    runs: 0,
    async run() {
      this.runs++;
      return text;
    },
  };
}

describe('tool limits of one Anthropic request', () => {
  let fake: FakeModelServer;
  beforeEach(async () => {
    fake = await FakeModelServer.start();
  });
  afterEach(async () => {
    await fake.close();
  });

  async function ask(tool: AgentTool, toolLimits: ToolLimits) {
    const provider = fakeAnthropic(fake);
    const calls: { name: string; error?: string }[] = [];
    const request: ModelRequest = {
      system: 'system',
      messages: [{ role: 'user', content: 'What is in the files?' }],
      maxOutputTokens: 100,
      tools: [tool],
      toolLimits,
    };
    const answer = await provider.complete(request, {
      signal: new AbortController().signal,
      onToolCall: (call) => calls.push(call),
    });
    return { answer, calls };
  }

  it('refuses the calls past maxCalls with a clear error, without running the tool', async () => {
    fake.script(
      { kind: 'tool-use', name: 'read_file', input: { path: 'a.py' } },
      { kind: 'tool-use', name: 'read_file', input: { path: 'b.py' } },
      { kind: 'tool-use', name: 'read_file', input: { path: 'c.py' } },
      { kind: 'text', text: 'Two files were read.' },
    );
    const tool = countingTool('print("hi")');
    const { answer, calls } = await ask(tool, { maxCalls: 2, maxResultChars: 1_000 });
    expect(answer.text).toBe('Two files were read.');
    expect(tool.runs).toBe(2);
    expect(fake.requests).toHaveLength(4);
    for (const index of [1, 2]) {
      expect(resultsIn(fake.requests[index])).toMatchObject([{ content: 'print("hi")' }]);
      expect(resultsIn(fake.requests[index])[0]?.is_error).toBeUndefined();
    }
    expect(resultsIn(fake.requests[3])).toMatchObject([
      { content: 'refused: at most 2 tool calls per request', is_error: true },
    ]);
    // The refusal is reported like any tool call, for the log.
    expect(calls).toEqual([
      { name: 'read_file', input: { path: 'a.py' } },
      { name: 'read_file', input: { path: 'b.py' } },
      { name: 'read_file', input: { path: 'c.py' }, error: 'refused: at most 2 tool calls per request' },
    ]);
  });

  it('stops a model that keeps calling tools after being refused, with a clear error', async () => {
    fake.script(
      { kind: 'tool-use', name: 'read_file', input: { path: 'a.py' } },
      { kind: 'tool-use', name: 'read_file', input: { path: 'b.py' } },
      { kind: 'tool-use', name: 'read_file', input: { path: 'c.py' } },
    );
    // With no reply scripted, every further request would get a tool call: only the stop ends it.
    fake.fallback = { kind: 'tool-use', name: 'read_file', input: { path: 'again.py' } };
    const tool = countingTool('print("hi")');
    await expect(ask(tool, { maxCalls: 1, maxResultChars: 1_000 })).rejects.toMatchObject({
      kind: 'bad-answer',
      message: 'Claude kept calling tools past the limit of 1 per request.',
    });
    expect(tool.runs).toBe(1);
    // The first call ran, the second was refused, the third round was not answered.
    expect(fake.requests).toHaveLength(3);
  });

  it('cuts a result longer than maxResultChars, and says it did', async () => {
    fake.script(
      { kind: 'tool-use', name: 'read_file', input: { path: 'big.py' } },
      { kind: 'text', text: 'It is long.' },
    );
    const { answer } = await ask(countingTool('x'.repeat(500)), { maxCalls: 8, maxResultChars: 100 });
    expect(answer.text).toBe('It is long.');
    const [result] = resultsIn(fake.requests[1]);
    expect(result?.content).toBe(`${'x'.repeat(100)}\n… (truncated)`);
  });
});
