/** A tool the model may call (Anthropic tool use): a name, a JSON schema for its input, and a runner. */
export interface AgentTool {
  readonly name: string;
  readonly description: string;
  readonly inputSchema: {
    readonly type: 'object';
    readonly properties: Readonly<Record<string, unknown>>;
    readonly required?: readonly string[];
  };
  /** Runs the tool; throws ToolError for a refusal the model should read (and may recover from). */
  run(input: Readonly<Record<string, unknown>>, signal: AbortSignal): Promise<string>;
}

/** A tool call refused or failed, with a message for the model (sent back as an error tool_result). */
export class ToolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ToolError';
  }
}

/** Per-request limits on tool use. */
export interface ToolLimits {
  /** Tool calls allowed in one model request (all rounds together). */
  readonly maxCalls: number;
  /** Characters of one tool result sent back to the model. */
  readonly maxResultChars: number;
}

export const DEFAULT_TOOL_LIMITS: ToolLimits = { maxCalls: 8, maxResultChars: 20_000 };

/** Reads a string argument, or refuses the call. */
export function stringArg(input: Readonly<Record<string, unknown>>, name: string, required: true): string;
export function stringArg(
  input: Readonly<Record<string, unknown>>,
  name: string,
  required?: false,
): string | undefined;
export function stringArg(
  input: Readonly<Record<string, unknown>>,
  name: string,
  required = false,
): string | undefined {
  const value = input[name];
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string' || value === '') throw new ToolError(`'${name}' must be a non-empty string`);
  return value;
}
