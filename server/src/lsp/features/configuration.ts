import { DidChangeConfigurationNotification } from 'vscode-languageserver';
import { environmentLayer, unwrapSection, userConfigFile } from '../../config-sources.js';
import { MessageType } from '../client-notifier.js';
import type { Feature } from '../feature.js';
import type { Settings } from '../settings.js';

/**
 * Settings, layered: defaults ← user file ← environment ← initializationOptions ← the client's
 * `workspace/configuration` (section `lantern`), pulled after `initialized` and again on every
 * `didChangeConfiguration` (whose pushed settings are used by clients that cannot be asked).
 */
export function configuration(
  settings: Settings,
  env: NodeJS.ProcessEnv,
  warn: (message: string) => void,
): Feature {
  let startupLayers: unknown[] = [];
  return {
    name: 'configuration',
    capabilities: () => ({}),
    // Applied during initialize, so the first requests already see them (showMessage is allowed then).
    initialize(params) {
      const file = userConfigFile(env);
      if (file.problem) warn(file.problem);
      startupLayers = [file.layer, environmentLayer(env), unwrapSection(params.initializationOptions)];
      settings.update(startupLayers);
    },
    register({ connection, client, notifier, onInitialized }) {
      const pull = async (pushed: unknown) => {
        let workspace = pushed;
        if (client().workspace?.configuration) {
          try {
            const [section] = await connection.workspace.getConfiguration([{ section: 'lantern' }]);
            workspace = section;
          } catch (error) {
            notifier.log(MessageType.Warning, `workspace/configuration failed: ${(error as Error).message}`);
          }
        }
        settings.update(startupLayers, workspace);
      };
      onInitialized(() => {
        if (client().workspace?.didChangeConfiguration?.dynamicRegistration) {
          connection.client
            .register(DidChangeConfigurationNotification.type, { section: 'lantern' })
            .catch(() => undefined);
        }
        void pull(undefined);
      });
      connection.onDidChangeConfiguration(({ settings: pushed }) => {
        void pull(unwrapSection(pushed));
      });
    },
  };
}
