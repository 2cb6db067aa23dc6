import type { LanternConfig } from '../config.js';
import { secretValues } from '../secrets.js';
import { AnthropicProvider } from './anthropic-provider.js';
import { CircuitBreaker } from './circuit-breaker.js';
import type { ModelError } from './errors.js';
import type { FimEndpoint } from './fim-endpoints.js';
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
  return chooseProvider(
    config,
    env,
    onCircuitOpen,
    {
      provider: config.provider,
      model: config.model,
      timeoutMs: config.request.timeoutMs,
      maxRetries: config.request.maxRetries,
    },
    'provider',
  );
}

/**
 * The backend for completions (`completion.*`): the main provider's settings unless completion names
 * its own, a native FIM endpoint for an OpenAI-compatible server when `completion.fim` says so, its own
 * timeout, no retries (a retried completion comes too late to be shown), and its own circuit breaker,
 * so a failing completion backend never switches explanations off.
 */
export function createCompletionProvider(
  config: LanternConfig,
  env: NodeJS.ProcessEnv,
  onCircuitOpen: (reason: ModelError) => void,
): ProviderChoice {
  const { completion } = config;
  const same = completion.provider === 'same';
  return chooseProvider(
    config,
    env,
    onCircuitOpen,
    {
      provider: completion.provider === 'same' ? config.provider : completion.provider,
      model: completion.model || (same ? config.model : ''),
      timeoutMs: completion.timeoutMs,
      maxRetries: 0,
      ...(completion.fim === 'chat' ? {} : { fim: completion.fim }),
    },
    same ? 'provider' : 'completion.provider',
  );
}

/** Which backend, which model, and how long to wait for it. */
interface Selection {
  readonly provider: LanternConfig['provider'];
  readonly model: string;
  readonly timeoutMs: number;
  readonly maxRetries: number;
  readonly fim?: FimEndpoint;
}

function chooseProvider(
  config: LanternConfig,
  env: NodeJS.ProcessEnv,
  onCircuitOpen: (reason: ModelError) => void,
  selection: Selection,
  /** The setting that chose the provider, for the reasons: `provider` or `completion.provider`. */
  setting: string,
): ProviderChoice {
  const anthropicKey = env.ANTHROPIC_API_KEY?.trim();
  const chosen = selection.provider;
  const provider = chosen === 'auto' ? (anthropicKey ? 'anthropic' : 'offline') : chosen;
  // Redacted inside the breaker: the failure it reports (onCircuitOpen) is shown to the user too.
  const secrets = secretValues(env);
  const guard = (inner: ModelProvider) =>
    new CircuitBreaker(new RedactingProvider(inner, secrets), config.circuitBreaker, onCircuitOpen);
  const timeouts = {
    timeoutMs: selection.timeoutMs,
    idleTimeoutMs: config.request.idleTimeoutMs,
    maxRetries: selection.maxRetries,
  };
  switch (provider) {
    case 'offline':
      return {
        kind: 'offline',
        reason:
          chosen === 'offline' ? `${setting} is set to offline` : 'no ANTHROPIC_API_KEY in the environment',
      };
    case 'anthropic':
      if (!anthropicKey) {
        return {
          kind: 'offline',
          reason: `${setting} is anthropic but ANTHROPIC_API_KEY is not set`,
        };
      }
      return {
        kind: 'model',
        provider: guard(
          new AnthropicProvider({
            apiKey: anthropicKey,
            model: selection.model,
            baseUrl: config.anthropic.baseUrl,
            ...timeouts,
          }),
        ),
      };
    case 'openai':
      return {
        kind: 'model',
        provider: guard(
          new OpenAiProvider({
            baseUrl: config.openai.baseUrl,
            model: selection.model,
            apiKey: env.OPENAI_API_KEY?.trim() || undefined,
            ...timeouts,
            ...(selection.fim ? { fim: selection.fim } : {}),
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
