import { VERSION } from '../version.js';
import { explainCommand } from './explain-command.js';

const USAGE = `lantern ${VERSION} — Lantern from the terminal

usage:
  lantern explain FILE[:LINE[:COL]]   explain the code there (offline: its structure, from tree-sitter)
  lantern --version | --help`;

/** Runs the CLI; returns the exit code. Errors are one line on stderr. */
export async function runCli(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
      case '--help':
      case '-h':
        process.stdout.write(`${USAGE}\n`);
        return command === undefined ? 2 : 0;
      case '--version':
      case '-v':
        process.stdout.write(`${VERSION}\n`);
        return 0;
      case 'explain': {
        const [target] = rest;
        if (target === undefined || rest.length > 1)
          throw new Error('usage: lantern explain FILE[:LINE[:COL]]');
        return await explainCommand(target, {
          out: (text) => process.stdout.write(text),
          err: (text) => process.stderr.write(text),
          env: process.env,
        });
      }
      default:
        throw new Error(`unknown command '${command}' (try lantern --help)`);
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`lantern: ${message.split('\n', 1)[0]}\n`);
    return 1;
  }
}

process.exitCode = await runCli(process.argv.slice(2));
