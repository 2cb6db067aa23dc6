import type { LanternConfig } from '../config.js';
import { secretValues } from '../secrets.js';
import { AnthropicProvider } from './anthropic-provider.js';
import { CircuitBreaker } from './circuit-breaker.js';
import type { ModelError } from './errors.js';
import { OpenAiProvider } from './openai-provider.js';
import type { ModelProvider } from './provider.js';
import { RedactingProvider } from './redacting-provider.js';

/** The provider the configuration selects, or why there is none (offline). */
export type ProviderChoice =
  | { readonly kind: 'model'; readonly provider: ModelProvider }
  | { readonly kind: 'offline'; readonly reason: string };

/**
 * Picks the backend: `auto` means Claude when ANTHROPIC_API_KEY is set, otherwise offline. Keys come
 * from the environment only and go nowhere but the provider's client; whatever comes back is redacted
 * of them (RedactingProvider).
 */
export function createProvider(
  config: LanternConfig,
  env: NodeJS.ProcessEnv,
  onCircuitOpen: (reason: ModelError) => void,
): ProviderChoice {
  const anthropicKey = env.ANTHROPIC_API_KEY?.trim();
  const provider = config.provider === 'auto' ? (anthropicKey ? 'anthropic' : 'offline') : config.provider;
  // Redacted inside the breaker: the failure it reports (onCircuitOpen) is shown to the user too.
  const secrets = secretValues(env);
  const guard = (inner: ModelProvider) =>
    new CircuitBreaker(new RedactingProvider(inner, secrets), config.circuitBreaker, onCircuitOpen);
  switch (provider) {
    case 'offline':
      return {
        kind: 'offline',
        reason:
          config.provider === 'offline'
            ? 'provider is set to offline'
            : 'no ANTHROPIC_API_KEY in the environment',
      };
    case 'anthropic':
      if (!anthropicKey) {
        return { kind: 'offline', reason: 'provider is anthropic but ANTHROPIC_API_KEY is not set' };
      }
      return {
        kind: 'model',
        provider: guard(
          new AnthropicProvider({
            apiKey: anthropicKey,
            model: config.model,
            baseUrl: config.anthropic.baseUrl,
            timeoutMs: config.request.timeoutMs,
            idleTimeoutMs: config.request.idleTimeoutMs,
            maxRetries: config.request.maxRetries,
          }),
        ),
      };
    case 'openai':
      return {
        kind: 'model',
        provider: guard(
          new OpenAiProvider({
            baseUrl: config.openai.baseUrl,
            model: config.model,
            apiKey: env.OPENAI_API_KEY?.trim() || undefined,
            timeoutMs: config.request.timeoutMs,
            idleTimeoutMs: config.request.idleTimeoutMs,
            maxRetries: config.request.maxRetries,
          }),
        ),
      };
  }
}

/**
 * The model's circuit: `open` while requests fail at once after repeated failures (answers are
 * structural meanwhile), `half-open` after the cool-down until a request succeeds, `offline` with no
 * model at all. For readiness, stats and metrics.
 */
export function circuitState(choice: ProviderChoice): CircuitBreaker['state'] | 'offline' {
  if (choice.kind === 'offline') return 'offline';
  return choice.provider instanceof CircuitBreaker ? choice.provider.state : 'closed';
}
