import { existsSync } from 'node:fs';
import type { LanternConfig } from '../config.js';
import { userConfigPath } from '../config-sources.js';
import { createProvider } from '../llm/create-provider.js';
import { OFFLINE_HINT } from '../llm/offline-hint.js';
import { openStore } from '../store/open-store.js';
import { GrammarRegistry, type QueryName } from '../syntax/grammar-registry.js';
import { allLanguages } from '../syntax/languages.js';
import { VERSION } from '../version.js';
import { loadCliConfig } from './cli-agent.js';
import { type CliIo, printJson } from './cli-io.js';
import { probeProvider } from './provider-probe.js';

/** One line of the report. `skip`: not applicable here (e.g. no endpoint to reach when offline). */
export interface Check {
  readonly name: string;
  readonly status: 'ok' | 'fail' | 'skip';
  readonly detail: string;
}

const QUERIES: readonly QueryName[] = ['units', 'imports', 'calls'];
const CACHE_TIMEOUT_MS = 3_000;

/**
 * `lantern doctor`: what Lantern would run with here — config file, provider, key present (never shown),
 * endpoint reachable, cache usable, grammars loading — one line each. Exits non-zero, with the first
 * problem as the one-line error, when any check fails.
 */
export async function doctorCommand(io: CliIo, options: { json?: boolean } = {}): Promise<number> {
  const { config, warnings, fileProblem } = loadCliConfig(io.env);
  const path = userConfigPath(io.env);
  const checks: Check[] = [];
  const add = (check: Check) => {
    checks.push(check);
    if (!options.json) io.out(`${mark(check.status)} ${check.name.padEnd(9)} ${check.detail}\n`);
  };
  if (!options.json) io.out(`lantern ${VERSION} · node ${process.version}\n`);

  if (fileProblem) add({ name: 'config', status: 'fail', detail: fileProblem });
  else if (warnings[0]) add({ name: 'config', status: 'fail', detail: warnings[0].message });
  else add({ name: 'config', status: 'ok', detail: existsSync(path) ? path : `${path} not found: defaults` });

  const choice = createProvider(config, io.env, () => undefined);
  const wantsModel = config.provider === 'anthropic' || config.provider === 'openai';
  if (choice.kind === 'model') {
    const { name, model, endpoint } = choice.provider;
    add({ name: 'provider', status: 'ok', detail: `${name} · ${model} · ${endpoint}` });
  } else {
    add({
      name: 'provider',
      status: wantsModel ? 'fail' : 'ok',
      detail: `offline: ${choice.reason}${wantsModel ? '' : ' (structural answers only)'}. ${OFFLINE_HINT}`,
    });
  }
  add(keyCheck(config, io.env));
  if (choice.kind === 'model') {
    io.progress(`reaching ${choice.provider.endpoint}`);
    const probe = await probeProvider(choice.provider, io.env);
    io.progress(undefined);
    add({ name: 'reachable', status: probe.ok ? 'ok' : 'fail', detail: probe.detail });
  } else add({ name: 'reachable', status: 'skip', detail: 'no model endpoint (offline)' });
  add(await cacheCheck(config, io.env));
  add(grammarCheck());

  const failures = checks.filter((check) => check.status === 'fail');
  if (options.json)
    printJson(io, { ok: failures.length === 0, version: VERSION, node: process.version, checks, config });
  const [first] = failures;
  if (!first) return 0;
  const more = failures.length > 1 ? ` (and ${failures.length - 1} more problems)` : '';
  throw new Error(`${first.name}: ${first.detail}${more}`);
}

function mark(status: Check['status']): string {
  return status === 'ok' ? 'ok  ' : status === 'fail' ? 'FAIL' : 'skip';
}

// Only whether the key is there: its value is never printed, not even in part.
function keyCheck(config: LanternConfig, env: NodeJS.ProcessEnv): Check {
  const name = 'api key';
  if (config.provider === 'offline')
    return { name, status: 'skip', detail: 'none needed (provider is offline)' };
  if (config.provider === 'openai') {
    return env.OPENAI_API_KEY?.trim()
      ? { name, status: 'ok', detail: 'OPENAI_API_KEY is set' }
      : { name, status: 'skip', detail: 'OPENAI_API_KEY is not set (most local servers need none)' };
  }
  if (env.ANTHROPIC_API_KEY?.trim()) return { name, status: 'ok', detail: 'ANTHROPIC_API_KEY is set' };
  return config.provider === 'anthropic'
    ? { name, status: 'fail', detail: 'ANTHROPIC_API_KEY is not set (provider is anthropic)' }
    : { name, status: 'skip', detail: 'ANTHROPIC_API_KEY is not set, so Lantern runs offline' };
}

// Writes, reads and deletes one entry: a cache that opens but cannot write is no cache.
async function cacheCheck(config: LanternConfig, env: NodeJS.ProcessEnv): Promise<Check> {
  const name = 'cache';
  let location = config.cache.store;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${CACHE_TIMEOUT_MS} ms`)), CACHE_TIMEOUT_MS);
  });
  try {
    const opened = await Promise.race([openStore(config.cache.store, 'lantern-doctor', env), timeout]);
    location = opened.location;
    // What the store repaired on its own (a read-only file replaced by memory) still means it is broken.
    const repairs: string[] = [];
    opened.keyv.on('error', (error: unknown) => repairs.push(String((error as Error)?.message ?? error)));
    try {
      const probe = `doctor-${process.pid}`;
      await Promise.race([opened.keyv.set(probe, 'ok', 60_000), timeout]);
      const read = await Promise.race([opened.keyv.get(probe), timeout]);
      await Promise.race([opened.keyv.delete(probe), timeout]);
      if (read !== 'ok')
        return { name, status: 'fail', detail: `${location}: a value written was not read back` };
      if (repairs.length > 0) return { name, status: 'fail', detail: repairs.join(' ') };
    } finally {
      await opened.keyv.disconnect().catch(() => undefined);
    }
    return { name, status: 'ok', detail: `${location} (read and write work)` };
  } catch (error) {
    return { name, status: 'fail', detail: `${location}: ${(error as Error).message}` };
  } finally {
    clearTimeout(timer);
  }
}

function grammarCheck(): Check {
  const registry = new GrammarRegistry();
  const loaded: string[] = [];
  for (const spec of allLanguages()) {
    try {
      const language = registry.get(spec.name);
      for (const query of QUERIES) language.query(query);
      loaded.push(spec.name);
    } catch (error) {
      return { name: 'grammars', status: 'fail', detail: `${spec.name}: ${(error as Error).message}` };
    }
  }
  return { name: 'grammars', status: 'ok', detail: `${loaded.join(', ')} (grammars and queries load)` };
}
