/**
 * Whether the service takes new work, and how much it has in flight: SIGTERM turns `draining` on
 * (readiness 503, new requests 503) and waits for `idle()` before closing the listener, so a request
 * under way finishes while load balancers stop sending new ones.
 */
export class ServiceState {
  #draining = false;
  #inFlight = 0;
  #idleWaiters: (() => void)[] = [];

  get draining(): boolean {
    return this.#draining;
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  /** Stops taking new requests; those in flight go on. */
  drain(): void {
    this.#draining = true;
  }

  /** Counts a request from its start until `done` is called (once). */
  started(): () => void {
    this.#inFlight++;
    let finished = false;
    return () => {
      if (finished) return;
      finished = true;
      this.#inFlight--;
      if (this.#inFlight === 0) for (const wake of this.#idleWaiters.splice(0)) wake();
    };
  }

  /** Resolves once no request is in flight. */
  idle(): Promise<void> {
    if (this.#inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }
}
