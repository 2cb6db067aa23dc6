import { ModelError } from './errors.js';
import type { CompletionOptions, ModelAnswer, ModelProvider, ModelRequest } from './provider.js';

export interface CircuitSettings {
  readonly failureThreshold: number;
  readonly cooldownMs: number;
}

/** Failures that say nothing about the backend's health do not count against it. */
const NEUTRAL_FAILURES = new Set(['cancelled', 'bad-answer', 'input-too-large']);

/**
 * Wraps a provider: after `failureThreshold` consecutive failures it stops calling the backend for
 * `cooldownMs` (requests fail at once with `circuit-open`, so abilities answer structurally), then lets
 * one request through to probe. `onOpen` fires once each time the circuit opens, so the user hears
 * about it once, not on every hover.
 */
export class CircuitBreaker implements ModelProvider {
  #consecutiveFailures = 0;
  #openUntil = 0;

  constructor(
    private readonly inner: ModelProvider,
    private readonly settings: CircuitSettings,
    private readonly onOpen: (reason: ModelError) => void,
    private readonly now: () => number = Date.now,
  ) {}

  get name() {
    return this.inner.name;
  }
  get model() {
    return this.inner.model;
  }
  get endpoint() {
    return this.inner.endpoint;
  }

  /** Whether requests are currently refused without calling the backend. */
  get isOpen(): boolean {
    return this.now() < this.#openUntil;
  }

  async complete(request: ModelRequest, options: CompletionOptions): Promise<ModelAnswer> {
    if (this.isOpen) {
      const seconds = Math.ceil((this.#openUntil - this.now()) / 1000);
      throw new ModelError(
        'circuit-open',
        `The model failed repeatedly; Lantern answers structurally for ${seconds} s more.`,
      );
    }
    try {
      const answer = await this.inner.complete(request, options);
      this.#consecutiveFailures = 0;
      return answer;
    } catch (error) {
      if (error instanceof ModelError && !NEUTRAL_FAILURES.has(error.kind)) {
        this.#consecutiveFailures++;
        if (this.#consecutiveFailures >= this.settings.failureThreshold) {
          this.#consecutiveFailures = 0;
          this.#openUntil = this.now() + this.settings.cooldownMs;
          this.onOpen(error);
        }
      }
      throw error;
    }
  }
}
