/**
 * Section 11: what the performance monitor adds to each agent request. The same trivial ability (an
 * answer at once, so nothing hides the monitor's cost) called plain, through the agent core's monitored
 * view (agent/monitored-abilities.ts: the proxy, the timing, the counters), and through that view with a
 * Prometheus exporter following the monitor (as `lantern serve` runs). Samples are batches of 1,000
 * requests: the figures are ms per 1,000 requests, i.e. µs per request.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from './lsp-client.mjs';
import { printTable, summarize } from './stats.mjs';

const BATCH = 1000;
const BATCHES = 40;
const WARMUP_BATCHES = 5;

const dist = (path) => import(pathToFileURL(join(REPO_ROOT, 'dist', path)).href);

// Runs `call` BATCH times per sample; the first batches warm the JIT and are dropped.
async function batches(call) {
  const samples = [];
  for (let batch = -WARMUP_BATCHES; batch < BATCHES; batch++) {
    const started = performance.now();
    for (let i = 0; i < BATCH; i++) await call();
    if (batch >= 0) samples.push(performance.now() - started);
  }
  return samples;
}

export async function monitorOverhead() {
  const { PerformanceMonitor } = await dist('telemetry/performance-monitor.js');
  const { prometheusMetrics } = await dist('telemetry/prometheus-metrics.js');
  const { monitored, explanationStatus } = await dist('agent/monitored-abilities.js');
  const answer = { text: undefined, source: 'offline', note: 'Offline.', model: undefined };
  const ability = {
    async explain() {
      return answer;
    },
  };
  const table = { explain: { type: 'explain', status: explanationStatus } };
  const plainView = monitored(ability, new PerformanceMonitor(), table);
  const exported = new PerformanceMonitor();
  const metrics = await prometheusMetrics(exported);
  const exportedView = monitored(ability, exported, table);

  // Interleaved rounds, so a burst of load on the shared machine falls on all three alike.
  const rows = { plain: [], monitored: [], exported: [] };
  for (let round = 0; round < 4; round++) {
    rows.plain.push(...(await batches(() => ability.explain())));
    rows.monitored.push(...(await batches(() => plainView.explain())));
    rows.exported.push(...(await batches(() => exportedView.explain())));
  }
  metrics.close();
  const baseline = { label: 'plain call', stats: summarize(rows.plain) };
  printTable('11. performance monitor per agent request (ms per 1,000 requests = µs per request)', [
    baseline,
    { label: 'monitored (lantern-ls, CLI)', stats: summarize(rows.monitored), baseline, compare: 'minus' },
    {
      label: 'monitored + Prometheus exporter (serve)',
      stats: summarize(rows.exported),
      baseline,
      compare: 'minus',
    },
  ]);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await monitorOverhead();
