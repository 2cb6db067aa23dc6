import { DEFAULT_CONFIG, type LanternConfig, resolveConfig } from '../config.js';

/**
 * The server's current settings. `update` resolves a new set of layers; each invalid value is
 * reported once (not on every configuration pull), and listeners hear about every change.
 */
export class Settings {
  #current: LanternConfig = DEFAULT_CONFIG;
  #trustedWorkspaces: readonly string[] = [];
  readonly #reported = new Set<string>();
  readonly #listeners: ((config: LanternConfig) => void)[] = [];

  constructor(private readonly warn: (message: string) => void) {}

  get current(): LanternConfig {
    return this.#current;
  }

  onChange(listener: (config: LanternConfig) => void): void {
    this.#listeners.push(listener);
  }

  /**
   * Folders where tests may run. Taken from the startup layers only (user file, environment,
   * initializationOptions): workspace settings travel with a repository, which must not trust itself.
   */
  get trustedWorkspaces(): readonly string[] {
    return this.#trustedWorkspaces;
  }

  /** Applies the startup layers and, once pulled, the workspace's own settings on top. */
  update(startupLayers: readonly unknown[], workspaceLayer?: unknown): void {
    this.#trustedWorkspaces = resolveConfig(startupLayers).config.tests.trustedWorkspaces;
    const layers = workspaceLayer === undefined ? startupLayers : [...startupLayers, workspaceLayer];
    const { config, warnings } = resolveConfig(layers);
    for (const { message } of warnings) {
      if (this.#reported.has(message)) continue;
      this.#reported.add(message);
      this.warn(message);
    }
    this.#current = config;
    for (const listener of this.#listeners) listener(config);
  }
}
