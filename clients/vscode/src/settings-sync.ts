/** One `lantern.*` setting as VS Code's `inspect` reports it (key without the `lantern.` prefix). */
export interface InspectedSetting {
  readonly key: string;
  readonly globalValue?: unknown;
  readonly workspaceValue?: unknown;
  readonly workspaceFolderValue?: unknown;
}

/** clients/vscode/src/client-settings.json: what the extension changes about the server's settings. */
export interface ClientSettings {
  readonly defaults: Readonly<Record<string, { readonly value: unknown; readonly reason: string }>>;
  readonly clientOnly: Readonly<Record<string, unknown>>;
  readonly scopes: Readonly<Record<string, string>>;
}

/**
 * The `lantern` section answered to `workspace/configuration`: only what the user set, the most
 * specific scope winning. VS Code would otherwise answer every contributed default too, and those would
 * mask the layers beneath (the user's config.json, LANTERN_PROVIDER…). Settings only the extension
 * reads are left out.
 */
export function explicitSection(
  inspected: readonly InspectedSetting[],
  client: ClientSettings,
): Record<string, unknown> {
  const section: Record<string, unknown> = {};
  for (const setting of inspected) {
    if (setting.key in client.clientOnly) continue;
    const value = setting.workspaceFolderValue ?? setting.workspaceValue ?? setting.globalValue;
    if (value !== undefined) setPath(section, setting.key, value);
  }
  return section;
}

/**
 * initializationOptions: the defaults that differ in VS Code (hover.explain = cached), and the trusted
 * workspaces from the user's own settings — the server takes trust only from startup layers, never from
 * workspace settings a cloned repository could carry.
 */
export function initializationOptions(
  inspected: readonly InspectedSetting[],
  client: ClientSettings,
): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  for (const [key, { value }] of Object.entries(client.defaults)) setPath(options, key, value);
  for (const setting of inspected) {
    if (client.scopes[setting.key] === 'application' && setting.globalValue !== undefined)
      setPath(options, setting.key, setting.globalValue);
  }
  return options;
}

function setPath(target: Record<string, unknown>, dottedKey: string, value: unknown): void {
  const parts = dottedKey.split('.');
  const last = parts.pop() as string;
  let node = target;
  for (const part of parts) {
    const child = node[part];
    if (typeof child === 'object' && child !== null && !Array.isArray(child))
      node = child as Record<string, unknown>;
    else {
      const created: Record<string, unknown> = {};
      node[part] = created;
      node = created;
    }
  }
  node[last] = value;
}
