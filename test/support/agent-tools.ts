import { GrammarRegistry } from '../../server/src/syntax/grammar-registry.js';
import { type AgentTool, ToolError } from '../../server/src/tools/agent-tool.js';
import { type WorkspaceToolOptions, workspaceTools } from '../../server/src/tools/workspace-tools.js';
import { WorkspaceFiles } from '../../server/src/workspace/workspace-files.js';

/** The workspace tools over `folders` by name; tests run nowhere unless `tests` says otherwise. */
export function toolsIn(
  folders: readonly string[],
  tests: Partial<WorkspaceToolOptions['tests']> = {},
): Map<string, AgentTool> {
  const list = workspaceTools({
    folders,
    files: new WorkspaceFiles(new GrammarRegistry(), () => undefined),
    tests: { trusted: () => false, command: '', timeoutMs: 10_000, maxOutputChars: 10_000, ...tests },
  });
  return new Map(list.map((tool) => [tool.name, tool]));
}

/** The one tool of that name (throws when there is none, so a renamed tool fails loudly). */
export function toolNamed(tools: Map<string, AgentTool>, name: string): AgentTool {
  const tool = tools.get(name);
  if (!tool) throw new Error(`no tool ${name}`);
  return tool;
}

/** The message of the ToolError a tool call refuses with (any other outcome fails the test). */
export async function refusalOf(run: Promise<unknown>): Promise<string> {
  try {
    await run;
  } catch (error) {
    if (error instanceof ToolError) return error.message;
    throw error;
  }
  throw new Error('expected the tool to refuse');
}
