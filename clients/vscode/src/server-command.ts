import { join } from 'node:path';

/** How to start lantern-ls: a program and its arguments (stdio transport). */
export interface ServerCommand {
  readonly command: string;
  readonly args: readonly string[];
}

/**
 * Where lantern-ls comes from: the `lantern.server.path` setting; else the Lantern checkout the
 * extension runs from (clients/vscode of the repository, in VS Code's extension development host);
 * else `lantern-ls` on PATH.
 * A `.js` file runs with the system `node`, not VS Code's: the server's tree-sitter and sqlite addons are
 * compiled for Node, and Electron's runtime cannot load them.
 */
export function serverCommand(
  configuredPath: string,
  extensionPath: string,
  exists: (path: string) => boolean,
): ServerCommand {
  const configured = configuredPath.trim();
  if (configured !== '') return commandFor(configured);
  const checkout = join(extensionPath, '..', '..');
  const script = join(checkout, 'bin', 'lantern-ls.js');
  if (exists(script) && exists(join(checkout, 'dist', 'main.js'))) return commandFor(script);
  return { command: 'lantern-ls', args: ['--stdio'] };
}

function commandFor(path: string): ServerCommand {
  return /\.[cm]?js$/.test(path)
    ? { command: 'node', args: [path, '--stdio'] }
    : { command: path, args: ['--stdio'] };
}
