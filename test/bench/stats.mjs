/** Summaries of timing samples (milliseconds) and the table lines the benchmark prints. */

/** p99 is only shown for samples large enough that it is not simply the maximum. */
const MIN_SAMPLES_FOR_P99 = 100;

/** The value at quantile `q` (0..1) of sorted samples, nearest-rank. */
function quantile(sorted, q) {
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank];
}

/** median, min, max (and p99 for large samples) of a list of durations in ms. */
export function summarize(samples) {
  if (samples.length === 0) throw new Error('no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return {
    n: sorted.length,
    median,
    min: sorted[0],
    max: sorted[sorted.length - 1],
    p99: sorted.length >= MIN_SAMPLES_FOR_P99 ? quantile(sorted, 0.99) : undefined,
  };
}

/** A duration with precision that suits its size. */
export function ms(value) {
  if (value === undefined) return '–';
  if (Math.abs(value) >= 100) return value.toFixed(0);
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

const HEADER = ['measurement', 'n', 'median', 'min', 'max', 'p99', 'baseline (median)', 'vs baseline'];

/** A count (tokens, bytes) rounded to a whole number with thousands separators. */
export function count(value) {
  return value === undefined ? '–' : Math.round(value).toLocaleString('en');
}

/**
 * Prints rows as an aligned table. Each row: { label, stats, baseline?: {label, stats}, compare? } where
 * `compare` says how to relate the two medians: 'ratio' (×) or 'minus' (the overhead in ms). Figures
 * are durations in ms unless `unit` names something else (then they are counts of it).
 */
export function printTable(title, rows, { unit = 'ms' } = {}) {
  const format = unit === 'ms' ? ms : count;
  const cells = rows.map(({ label, stats, baseline, compare = 'ratio' }) => [
    label,
    String(stats.n),
    format(stats.median),
    format(stats.min),
    format(stats.max),
    format(stats.p99),
    baseline ? `${format(baseline.stats.median)} (${baseline.label})` : '–',
    baseline ? relation(stats.median, baseline.stats.median, compare) : '–',
  ]);
  const widths = HEADER.map((head, column) =>
    Math.max(head.length, ...cells.map((row) => row[column].length)),
  );
  const line = (row) => row.map((cell, column) => cell.padEnd(widths[column])).join('  ');
  console.log(`\n${title}  (${unit})`);
  console.log(line(HEADER));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of cells) console.log(line(row));
}

function relation(value, baseline, compare) {
  if (compare === 'minus') return `+${ms(value - baseline)} ms`;
  return `${(value / baseline).toFixed(2)}×`;
}
