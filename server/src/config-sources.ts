import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where configuration layers come from, lowest precedence first: the user's file, the environment,
 * the client's initializationOptions, then the client's `workspace/configuration` (see docs/design.md).
 */

/** Where the user's config file is: `$XDG_CONFIG_HOME/lantern/config.json`, else ~/.config/lantern/config.json. */
export function userConfigPath(env: NodeJS.ProcessEnv): string {
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'lantern', 'config.json');
}

/** The user's config file (see userConfigPath); an unreadable file is reported, not fatal. */
export function userConfigFile(env: NodeJS.ProcessEnv): { layer: unknown; problem?: string } {
  const path = userConfigPath(env);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return { layer: undefined }; // no file: nothing to report
  }
  try {
    return { layer: unwrapSection(JSON.parse(text)) };
  } catch (error) {
    return {
      layer: undefined,
      problem: `Lantern: ${path} is not valid JSON (${(error as Error).message}); ignored.`,
    };
  }
}

/**
 * The settings the environment sets: LANTERN_PROVIDER, LANTERN_MODEL, LANTERN_CACHE_STORE, LANTERN_USAGE_STORE,
 * and the log rotation
 * (LANTERN_LOG_MAX_SIZE, LANTERN_LOG_MAX_FILES — what a container sets from its ConfigMap).
 */
export function environmentLayer(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const layer: Record<string, unknown> = {};
  if (env.LANTERN_PROVIDER) layer.provider = env.LANTERN_PROVIDER;
  if (env.LANTERN_MODEL) layer.model = env.LANTERN_MODEL;
  // A container's store URLs come from its Secret (a Postgres URL holds a password).
  const cache: Record<string, unknown> = {};
  if (env.LANTERN_CACHE_STORE) cache.store = env.LANTERN_CACHE_STORE;
  if (env.LANTERN_USAGE_STORE) cache.usageStore = env.LANTERN_USAGE_STORE;
  if (Object.keys(cache).length > 0) layer.cache = cache;
  const log: Record<string, unknown> = {};
  if (env.LANTERN_LOG_MAX_SIZE) log.maxSize = env.LANTERN_LOG_MAX_SIZE;
  // A number that is not one stays a string, so the setting's warning names it and its default applies.
  if (env.LANTERN_LOG_MAX_FILES) log.maxFiles = numberOrText(env.LANTERN_LOG_MAX_FILES);
  if (Object.keys(log).length > 0) layer.log = log;
  return layer;
}

function numberOrText(text: string): number | string {
  const value = Number(text);
  return text.trim() !== '' && Number.isFinite(value) ? value : text;
}

/** Clients send settings either as `{lantern: {...}}` or as the section itself. */
export function unwrapSection(value: unknown): unknown {
  if (typeof value === 'object' && value !== null && 'lantern' in value)
    return (value as { lantern: unknown }).lantern;
  return value;
}
