import type { TokenUsage } from '../llm/provider.js';

/** Counts of model use in this process, for lantern/status. */
export class UsageMeter {
  requests = 0;
  failures = 0;
  inputTokens = 0;
  outputTokens = 0;

  record(usage: TokenUsage): void {
    this.requests++;
    this.inputTokens += usage.inputTokens;
    this.outputTokens += usage.outputTokens;
  }

  recordFailure(): void {
    this.requests++;
    this.failures++;
  }
}
