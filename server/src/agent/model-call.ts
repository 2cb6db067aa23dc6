import type { LanternConfig } from '../config.js';
import { isModelError, ModelError } from '../llm/errors.js';
import type { CompletionOptions, ModelAnswer, ModelProvider, ModelRequest } from '../llm/provider.js';
import type { ModelUsage } from '../telemetry/performance-monitor.js';

/** What every ability needs to call a model the same way. */
export interface ModelCallServices {
  readonly usage: ModelUsage;
  readonly onModelError: (error: ModelError) => void;
}

/**
 * One model request as every ability makes it: usage counted, the failure a user should hear of
 * reported, and expected failures returned as a ModelError (the ability turns it into its own reason).
 * Cancellation is the one thing thrown: it ends the whole request.
 */
export async function callModel(
  services: ModelCallServices,
  provider: ModelProvider,
  request: ModelRequest,
  options: CompletionOptions,
): Promise<ModelAnswer | ModelError> {
  try {
    const answer = await provider.complete(request, options);
    services.usage.recordModelCall(answer.usage);
    return answer;
  } catch (error) {
    if (isModelError(error, 'cancelled') || options.signal.aborted)
      throw new ModelError('cancelled', 'The request was cancelled.');
    services.usage.recordModelCall('failed');
    const failure = isModelError(error) ? error : new ModelError('bad-answer', (error as Error).message);
    services.onModelError(failure);
    return failure;
  }
}

/** Room for an answer that holds a whole unit or file of code: at least 2,048 tokens. */
export function codeAnswerTokens(config: LanternConfig): number {
  return Math.max(config.request.maxOutputTokens, 2048);
}
