/** How many of the most recent durations a percentile is taken over. */
const WINDOW = 1024;

/**
 * The last durations of one kind of request, for p50/p95 in /stats and lantern/status: exact over a
 * recent window rather than estimated from histogram buckets (those go to Prometheus, which computes its
 * own quantiles over any range). Fixed memory, whatever the uptime.
 */
export class DurationWindow {
  readonly #samples = new Float64Array(WINDOW);
  #written = 0;

  add(durationMs: number): void {
    this.#samples[this.#written % WINDOW] = durationMs;
    this.#written++;
  }

  /** The nearest-rank percentile in milliseconds, or null with no sample yet. */
  percentile(p: number): number | null {
    const count = Math.min(this.#written, WINDOW);
    if (count === 0) return null;
    const sorted = this.#samples.slice(0, count).sort();
    const rank = Math.max(1, Math.ceil((p / 100) * count));
    return sorted[rank - 1] ?? null;
  }
}
