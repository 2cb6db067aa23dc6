/**
 * 13. The service front (`lantern serve`, issue 13): throughput and tail under load with autocannon on
 * GET /api/v1/health and an offline POST /api/v1/understand, and what the HTTP layer adds to one
 * request: the same understand work called in process (parse the snippet, find the unit, describe it,
 * the offline explainer) against one request at a time over real HTTP with a kept-alive connection.
 * The service runs as the built `lantern serve` in a process of its own, offline, logging as it would
 * in production (pino JSON lines, here into a pipe this process drains).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { REPO_ROOT } from './lsp-client.mjs';
import { ms, printTable, summarize } from './stats.mjs';

const LOAD_SECONDS = 8;
const CONNECTIONS = 10;
const SEQUENTIAL = 400;
const WARMUP = 100;

/** A Python module of a few classes, the kind of snippet a script sends; `line` is inside a method (1-based, Account4.deposit). */
function snippet() {
  const lines = [];
  for (let index = 0; index < 8; index++) {
    lines.push(`class Account${index}:`, `    """An account with a balance."""`, '');
    lines.push('    def __init__(self, owner, balance=0):', '        self.owner = owner');
    lines.push('        self.balance = balance', '');
    lines.push('    def deposit(self, amount):', '        """Adds amount to the balance."""');
    lines.push('        if amount <= 0:', "            raise ValueError('amount must be positive')");
    lines.push('        self.balance += amount', '        return self.balance', '', '');
  }
  return { code: lines.join('\n'), language: 'python', line: 72 };
}

/** The built service, offline, on a free port; resolves with its URL once it listens. */
function startService(home) {
  const env = { PATH: process.env.PATH ?? '', HOME: home, XDG_CONFIG_HOME: home, XDG_CACHE_HOME: home };
  const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'lantern.js'), 'serve', '--port', '0'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      if (output.length < 100_000) output += chunk;
      const url = /"msg":"Server listening at (http:\/\/[^"]+)"/.exec(output)?.[1];
      if (url) resolve({ child, url });
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.once('exit', (code) => reject(new Error(`lantern serve exited (${code}): ${output}`)));
  });
}

/** Linux's clock tick (getconf CLK_TCK: 100 on every mainstream kernel), in ms. */
const TICK_MS = 10;

/** CPU time (user + system) a process has used so far, in clock ticks (/proc/PID/stat fields 14 and 15). */
function serviceTicks(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/** One request over a kept-alive connection (a POST when there is a body); resolves with its duration in ms. */
function timed(agent, url, body) {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const call = request(
      url,
      { method: body ? 'POST' : 'GET', agent, headers: body ? { 'content-type': 'application/json' } : {} },
      (response) => {
        if (response.statusCode !== 200) reject(new Error(`${url}: HTTP ${response.statusCode}`));
        response.resume();
        response.on('end', () => resolve(performance.now() - started));
      },
    );
    call.on('error', reject);
    call.end(body);
  });
}

/** The understand route's work without HTTP: the same functions of dist/, called in this process. */
async function inProcessUnderstand() {
  const dist = (path) => import(join(REPO_ROOT, 'dist', path));
  const [{ GrammarRegistry }, { createServiceAgent }, { requestDocument, offsetOfLine }, units, header] =
    await Promise.all([
      dist('syntax/grammar-registry.js'),
      dist('http/service-agent.js'),
      dist('http/request-document.js'),
      dist('syntax/code-units.js'),
      dist('agent/structural-header.js'),
    ]);
  const home = mkdtempSync(join(tmpdir(), 'lantern-bench-agent-'));
  const env = { HOME: home, XDG_CONFIG_HOME: home, XDG_CACHE_HOME: home };
  const registry = new GrammarRegistry();
  const { agent } = createServiceAgent(env, registry, { warn: () => undefined });
  const call = async ({ code, language, line }) => {
    const document = requestDocument(code, language, registry);
    const unit = units.unitAt(document.units(), offsetOfLine(document, line));
    const described = header.describeUnit(document, unit, false);
    const explanation = await agent.explainer.explain(document, unit, {
      signal: new AbortController().signal,
    });
    return { described, facts: header.unitFacts(document, unit), explanation };
  };
  return { call, done: () => rmSync(home, { recursive: true, force: true }) };
}

function load(options) {
  return new Promise((resolve, reject) =>
    autocannon({ connections: CONNECTIONS, duration: LOAD_SECONDS, ...options }, (error, result) =>
      error ? reject(error) : resolve(result),
    ),
  );
}

function loadRow(label, result) {
  const failed = result.non2xx + result.errors + result.timeouts;
  return `  ${label.padEnd(34)} ${Math.round(result.requests.average).toLocaleString('en').padStart(7)} req/s   p50 ${ms(result.latency.p50)} ms   p99 ${ms(result.latency.p99)} ms   ${result.requests.total.toLocaleString('en')} requests${failed ? `, ${failed} FAILED` : ''}`;
}

/** Runs section 13; returns the benchmark's checks. */
export async function serviceOverhead() {
  const home = mkdtempSync(join(tmpdir(), 'lantern-bench-service-'));
  mkdirSync(join(home, 'lantern'));
  // The load is the point here: no rate limit in the way of one client's requests.
  writeFileSync(
    join(home, 'lantern', 'config.json'),
    JSON.stringify({ service: { rateLimitMax: 1_000_000_000 } }),
  );
  const { child, url } = await startService(home);
  const body = JSON.stringify(snippet());
  const checks = [];
  try {
    const health = await load({ url: `${url}/api/v1/health` });
    const understand = await load({
      url: `${url}/api/v1/understand`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    console.log(
      `\n13. lantern serve under load (autocannon, ${CONNECTIONS} connections, ${LOAD_SECONDS} s each, offline)`,
    );
    console.log(loadRow('GET /api/v1/health', health));
    console.log(loadRow('POST /api/v1/understand (60 lines)', understand));

    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const local = await inProcessUnderstand();
    const overHttp = [];
    const inProcess = [];
    const floor = [];
    const parsed = JSON.parse(body);
    // Alternating, so a burst of load from elsewhere on the machine falls on both alike. The in-process
    // caller gets the request as an object and keeps the answer as one: JSON is the HTTP layer's cost.
    // CPU time too: on a machine busy with other work, waiting for a core inflates wall times on both
    // sides, while the CPU each side spends stays its own. The service's is read from /proc around each
    // request (clock ticks; their sum over the run is exact), this process's from process.cpuUsage.
    const cpu = { http: 0, health: 0, inProcess: 0 };
    for (let index = -WARMUP; index < SEQUENTIAL; index++) {
      let ticks = serviceTicks(child.pid);
      const http = await timed(agent, `${url}/api/v1/understand`, body);
      const httpTicks = serviceTicks(child.pid) - ticks;
      ticks = serviceTicks(child.pid);
      const health = await timed(agent, `${url}/api/v1/health`);
      const healthTicks = serviceTicks(child.pid) - ticks;
      const usage = process.cpuUsage();
      const started = performance.now();
      await local.call(parsed);
      const direct = performance.now() - started;
      const used = process.cpuUsage(usage);
      if (index < 0) continue;
      overHttp.push(http);
      inProcess.push(direct);
      floor.push(health);
      cpu.http += httpTicks * TICK_MS;
      cpu.health += healthTicks * TICK_MS;
      cpu.inProcess += (used.user + used.system) / 1000;
    }
    agent.destroy();
    local.done();
    const http = { label: 'POST /api/v1/understand, one at a time', stats: summarize(overHttp) };
    const direct = { label: 'same work in process', stats: summarize(inProcess) };
    printTable('13b. the HTTP layer over the agent called in process (offline understand)', [
      { ...http, baseline: direct, compare: 'minus' },
      { label: 'GET /api/v1/health, one at a time (the HTTP floor)', stats: summarize(floor) },
    ]);
    const perRequest = (total) => ms(total / SEQUENTIAL);
    console.log(
      `  CPU per request: understand in the service ${perRequest(cpu.http)} ms, the same work in process ${perRequest(cpu.inProcess)} ms (HTTP layer +${perRequest(cpu.http - cpu.inProcess)} ms); health in the service ${perRequest(cpu.health)} ms`,
    );
    const overhead = http.stats.median - direct.stats.median;
    checks.push({
      target: 'HTTP layer overhead < 1 ms at p50 (offline understand)',
      met: overhead < 1,
      figure: `${ms(overhead)} ms`,
    });
    const failed = [health, understand].reduce((sum, r) => sum + r.non2xx + r.errors + r.timeouts, 0);
    checks.push({ target: 'no failed request under load', met: failed === 0, figure: String(failed) });
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    rmSync(home, { recursive: true, force: true });
  }
  return checks;
}
