import { hashInput, type InteractionLog } from '../store/interaction-log.js';
import type {
  MonitorSink,
  RequestDetail,
  RequestStatus,
  RequestType,
} from '../telemetry/performance-monitor.js';

/**
 * Writes each request the monitor times into the usage log: its type, status, duration, its own
 * tokens and a hash of its input. Writes are not awaited by the request (the answer never waits for
 * the log), but a process does not end while one is under way: a CLI command that asked the model
 * exits once its record is written (a store that does not answer gives up after its 2 s bound).
 */
export class InteractionRecorder implements MonitorSink {
  readonly #pending = new Set<Promise<void>>();
  #keepAlive: NodeJS.Timeout | undefined;

  constructor(
    private readonly log: () => InteractionLog,
    private readonly now: () => number = Date.now,
  ) {}

  request(type: RequestType, status: RequestStatus, seconds: number, detail: RequestDetail): void {
    const at = this.now();
    // Hashing a large document and writing the row wait until the answer is on its way.
    const written = new Promise<void>((resolve) => setImmediate(resolve)).then(() =>
      this.log().record({
        type,
        status,
        durationMs: seconds * 1000,
        inputTokens: detail.inputTokens,
        outputTokens: detail.outputTokens,
        inputHash: hashInput(detail.input()),
        at,
      }),
    );
    this.#pending.add(written);
    // The stores' connections do not hold the process open by themselves: this timer does, meanwhile.
    this.#keepAlive ??= setInterval(() => undefined, 60_000);
    void written.finally(() => {
      this.#pending.delete(written);
      if (this.#pending.size === 0) {
        clearInterval(this.#keepAlive);
        this.#keepAlive = undefined;
      }
    });
  }

  cacheLookup(): void {}

  modelCall(): void {}

  /** Resolves once every write begun so far has ended. */
  async settled(): Promise<void> {
    await Promise.all([...this.#pending]);
  }
}
