import type { FakeModelServer } from '../support/fake-model-server.js';
import { REPO_ROOT } from '../support/paths.js';
import type { ClientFixture } from './client-fixtures.js';
import { runDriver } from './driver-run.js';

const DRIVERS = `${REPO_ROOT}/test/clients`;
// The drivers' shared start and end: require('neovim-prelude') finds neovim-prelude.lua here.
const PRELUDE_PATH = `lua package.path = ${JSON.stringify(`${DRIVERS}/?.lua;`)} .. package.path`;

/**
 * Starts Debian's Neovim headless on `fixture` with clients/neovim as the plugin, running the Lua
 * `driver` (in test/clients, on neovim-prelude.lua) with `spec` plus the plugin's folder, the result
 * path and the step deadline; returns what the driver wrote.
 */
export function runNeovimDriver<Result>(
  driver: string,
  fixture: ClientFixture,
  fake: FakeModelServer,
  spec: Record<string, unknown>,
): Promise<Result> {
  return runDriver<Result>(
    {
      command: 'nvim',
      args: (file) => [
        '--headless',
        '--clean',
        '-n',
        '-c',
        PRELUDE_PATH,
        '-c',
        `luafile ${DRIVERS}/${driver}`,
        file,
      ],
      spec: () => ({ plugin_dir: `${REPO_ROOT}/clients/neovim`, ...spec }),
    },
    fixture,
    fake,
  );
}
