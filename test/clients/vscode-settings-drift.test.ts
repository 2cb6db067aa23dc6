import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import clientSettings from '../../clients/vscode/src/client-settings.json' with { type: 'json' };
import { explicitSection, initializationOptions } from '../../clients/vscode/src/settings-sync.js';
import { configSchema, resolveConfig } from '../../server/src/config.js';
import { REPO_ROOT } from '../support/paths.js';

interface JsonSchema {
  readonly type?: string;
  readonly default?: unknown;
  readonly enum?: readonly unknown[];
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly markdownDescription?: string;
  readonly scope?: string;
}

const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'clients', 'vscode', 'package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, JsonSchema> } };
};
const vscodeSettings = new Map(
  Object.entries(manifest.contributes.configuration.properties).map(([key, schema]) => {
    expect(key.startsWith('lantern.')).toBe(true);
    return [key.slice('lantern.'.length), schema];
  }),
);
const serverSettings = leaves(z.toJSONSchema(configSchema, { io: 'input' }) as JsonSchema);
const defaults: Record<string, { value: unknown; reason: string }> = clientSettings.defaults;
const clientOnly = Object.keys(clientSettings.clientOnly);

// The schema's settings as dotted keys (objects are sections, not settings).
function leaves(schema: JsonSchema, prefix = ''): Map<string, JsonSchema> {
  const result = new Map<string, JsonSchema>();
  for (const [name, child] of Object.entries(schema.properties ?? {})) {
    if (child.type === 'object') for (const entry of leaves(child, `${prefix}${name}.`)) result.set(...entry);
    else result.set(`${prefix}${name}`, child);
  }
  return result;
}

function nested(key: string, value: unknown): Record<string, unknown> {
  return key
    .split('.')
    .reverse()
    .reduce<unknown>((inner, part) => ({ [part]: inner }), value) as Record<string, unknown>;
}

describe('VS Code settings against the server schema', () => {
  it('every server setting an editor uses is contributed, with its type, values and default', () => {
    expect(serverSettings.size).toBeGreaterThan(10);
    for (const [key, server] of serverSettings) {
      // `service.*` is read by `lantern serve` alone: nothing for an editor's settings UI.
      if (key.startsWith('service.')) {
        expect(vscodeSettings.has(key), `lantern.${key} is for lantern serve only`).toBe(false);
        continue;
      }
      const contributed = vscodeSettings.get(key);
      expect(contributed, `lantern.${key} is missing from clients/vscode/package.json`).toBeDefined();
      expect(contributed?.type, key).toBe(server.type);
      expect(contributed?.enum, key).toEqual(server.enum);
      if (!(key in defaults)) expect(contributed?.default, key).toEqual(server.default);
    }
  });

  it('every contributed setting is a server setting, or one of the documented VS Code-only ones', () => {
    for (const key of vscodeSettings.keys()) {
      expect(
        serverSettings.has(key) || clientOnly.includes(key),
        `lantern.${key} is unknown to the server`,
      ).toBe(true);
    }
    for (const key of clientOnly) {
      expect(serverSettings.has(key), `${key} is a server setting, not a VS Code-only one`).toBe(false);
      expect(vscodeSettings.has(key)).toBe(true);
    }
  });

  it('a VS Code default that differs is valid, really differs, and says why in the setting', () => {
    expect(Object.keys(defaults)).toEqual(['hover.explain']);
    for (const [key, { value, reason }] of Object.entries(defaults)) {
      const server = serverSettings.get(key);
      expect(server, key).toBeDefined();
      expect(value).not.toEqual(server?.default);
      expect(vscodeSettings.get(key)?.default).toEqual(value);
      expect(resolveConfig([nested(key, value)]).warnings).toEqual([]);
      expect(reason.length).toBeGreaterThan(20);
      expect(vscodeSettings.get(key)?.markdownDescription).toContain(reason);
    }
  });

  it('trust cannot come from a workspace: its setting is user-scope only', () => {
    expect(vscodeSettings.get('tests.trustedWorkspaces')?.scope).toBe('application');
  });

  it('clients/vscode/package.json and docs/configuration.md are what the generator writes', () => {
    const run = spawnSync(
      process.execPath,
      [join(REPO_ROOT, 'scripts', 'generate-settings.mjs'), '--check'],
      {
        cwd: REPO_ROOT,
        encoding: 'utf8',
      },
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const docs = readFileSync(join(REPO_ROOT, 'docs', 'configuration.md'), 'utf8');
    for (const key of serverSettings.keys()) expect(docs).toContain(`| \`${key}\` |`);
  });
});

describe('what the extension sends the server', () => {
  const inspected = [
    { key: 'provider' },
    { key: 'hover.explain' },
    { key: 'hover.timeoutMs', globalValue: 3000, workspaceValue: 5000 },
    { key: 'cache.store', globalValue: 'memory' },
    { key: 'tests.trustedWorkspaces', globalValue: ['/home/me/work'], workspaceValue: ['/'] },
    { key: 'server.path', globalValue: '/opt/lantern-ls' },
  ];

  it('workspace/configuration gets only what the user set, most specific scope first', () => {
    const section = explicitSection(inspected, clientSettings);
    // No defaults: they would mask the user's config file and LANTERN_PROVIDER beneath.
    expect(section).toEqual({
      hover: { timeoutMs: 5000 },
      cache: { store: 'memory' },
      tests: { trustedWorkspaces: ['/'] },
    });
    expect(resolveConfig([section]).warnings).toEqual([]);
  });

  it('initializationOptions carry the VS Code defaults and trust from user settings only', () => {
    const options = initializationOptions(inspected, clientSettings);
    expect(options).toEqual({
      hover: { explain: 'cached' },
      tests: { trustedWorkspaces: ['/home/me/work'] },
    });
    const { config, warnings } = resolveConfig([options]);
    expect(warnings).toEqual([]);
    expect(config.hover.explain).toBe('cached');
  });

  it('a setting the user made explicit wins over the VS Code default', () => {
    const chosen = [{ key: 'hover.explain', globalValue: 'always' }];
    const layers = [initializationOptions(chosen, clientSettings), explicitSection(chosen, clientSettings)];
    expect(resolveConfig(layers).config.hover.explain).toBe('always');
  });
});
