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
 * one request through to probe: a failed probe starts another cool-down. `onOpen` fires once per
 * outage, so the user hears about it once, not on every hover or every cool-down.
 */
export class CircuitBreaker implements ModelProvider {
  #consecutiveFailures = 0;
  #openUntil = 0;
  // Set when the circuit opens, cleared by a success: while set, the backend is still in an outage.
  #tripped = false;

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

  /** `half-open` after a cool-down, until a request succeeds (or fails and opens it again). */
  get state(): 'closed' | 'open' | 'half-open' {
    if (this.isOpen) return 'open';
    return this.#tripped ? 'half-open' : 'closed';
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
      this.#tripped = false;
      return answer;
    } catch (error) {
      if (error instanceof ModelError && !NEUTRAL_FAILURES.has(error.kind)) {
        this.#consecutiveFailures++;
        // A failed probe after a cool-down re-opens at once (the same outage: no second message);
        // otherwise every cool-down would be followed by `failureThreshold` more slow failures.
        if (this.#tripped || this.#consecutiveFailures >= this.settings.failureThreshold) {
          this.#consecutiveFailures = 0;
          this.#openUntil = this.now() + this.settings.cooldownMs;
          if (!this.#tripped) this.onOpen(error);
          this.#tripped = true;
        }
      }
      throw error;
    }
  }
}
