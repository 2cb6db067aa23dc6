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

/** The settings the environment sets: LANTERN_PROVIDER and LANTERN_MODEL. */
export function environmentLayer(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const layer: Record<string, unknown> = {};
  if (env.LANTERN_PROVIDER) layer.provider = env.LANTERN_PROVIDER;
  if (env.LANTERN_MODEL) layer.model = env.LANTERN_MODEL;
  return layer;
}

/** Clients send settings either as `{lantern: {...}}` or as the section itself. */
export function unwrapSection(value: unknown): unknown {
  if (typeof value === 'object' && value !== null && 'lantern' in value)
    return (value as { lantern: unknown }).lantern;
  return value;
}
