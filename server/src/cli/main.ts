import { parseArgs } from 'node:util';
import { environmentHelp } from '../environment.js';
import { VERSION } from '../version.js';
import { cacheClearCommand } from './cache-command.js';
import { chatCommand } from './chat-command.js';
import { closeCliAgents } from './cli-agent.js';
import { type CliIo, processIo } from './cli-io.js';
import { doctorCommand } from './doctor-command.js';
import { editCommand } from './edit-command.js';
import { explainCommand } from './explain-command.js';
import { fixCommand } from './fix-command.js';
import { generateCommand } from './generate-command.js';
import { serveCommand } from './serve-command.js';
import { usageCommand } from './usage-command.js';

const USAGE = `lantern ${VERSION} — Lantern from the terminal

usage:
  lantern explain FILE[:LINE[:COL]] [--json]
      explain the code there (offline: its structure, from tree-sitter)
  lantern fix FILE[:LINE] [--error MSG] [--write] [--json]
      fix the problem at LINE (MSG, else Lantern's own syntax error): prints a diff, or writes the file
  lantern edit FILE:START-END "INSTRUCTION" [--write] [--json]
      rewrite lines START to END per the instruction (FILE:LINE: the function at LINE), checked like a
      fix: prints a diff, or writes the file
  lantern doctor [--json]
      check the config, API key, provider, cache and grammars
  lantern generate "INSTRUCTION" [--language L] [-o FILE] [--json]
      write code from an instruction: printed, or appended to FILE (verified to parse first). L is
      python (py), typescript (ts), tsx or javascript (js); by default FILE's language, else the one
      most files in the current folder are in, else python
  lantern chat [--session ID] [--json]
      ask questions in a loop; each answer sees the conversation so far
  lantern cache clear
      empty the response cache (the one the editors' Lantern servers use too)
  lantern usage [--days N] [--json]
      model use per day and request type (requests, input and output tokens) over the last N days
      (7 by default), from the usage log in the configured store
  lantern serve [--host H] [--port N] [--tokens-file FILE] [--trusted-root DIR] [--log-file LOG]
      the agent as an HTTP service (JSON under /api/v1; see the README), on 127.0.0.1:8080 by default.
      Bearer tokens from LANTERN_API_TOKENS and FILE (one a line); without any it listens on loopback
      only. /api/v1/debug runs the test command in DIR only, never for code sent in a request. Runs
      until SIGTERM, then finishes the requests in flight and exits 0. Logs JSON lines on stdout, or to
      LOG, rotated by size (log.maxSize × log.maxFiles: 10m × 5 by default)
  lantern --version | --help

--json prints one JSON document on stdout. Errors are one line on stderr, with a non-zero exit.

${environmentHelp('lantern')}`;

/** Runs the CLI; returns the exit code. Errors are one line on stderr. */
export async function runCli(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
      case '--help':
      case '-h':
        io.out(`${USAGE}\n`);
        return command === undefined ? 2 : 0;
      case '--version':
      case '-v':
        io.out(`${VERSION}\n`);
        return 0;
      case 'explain': {
        const { target, values } = parse(rest, 'explain FILE[:LINE[:COL]] [--json]', {
          json: { type: 'boolean' },
        });
        return await explainCommand(target, io, { json: values.json === true });
      }
      case 'fix': {
        const { target, values } = parse(rest, 'fix FILE[:LINE] [--error MSG] [--write] [--json]', {
          json: { type: 'boolean' },
          write: { type: 'boolean' },
          error: { type: 'string' },
        });
        return await fixCommand(target, io, {
          json: values.json === true,
          write: values.write === true,
          ...(typeof values.error === 'string' ? { error: values.error } : {}),
        });
      }
      case 'edit': {
        const usage = 'edit FILE:START-END "INSTRUCTION" [--write] [--json]';
        const options = { json: { type: 'boolean' }, write: { type: 'boolean' } } as const;
        const { targets, values } = parse(rest, usage, options, 2);
        const [target, instruction] = targets as [string, string];
        return await editCommand(target, instruction, io, {
          json: values.json === true,
          write: values.write === true,
        });
      }
      case 'doctor': {
        const { values } = parse(rest, 'doctor [--json]', { json: { type: 'boolean' } }, false);
        return await doctorCommand(io, { json: values.json === true });
      }
      case 'generate': {
        const { target, values } = parse(rest, 'generate "INSTRUCTION" [--language L] [-o FILE] [--json]', {
          json: { type: 'boolean' },
          language: { type: 'string' },
          output: { type: 'string', short: 'o' },
        });
        return await generateCommand(target, io, {
          json: values.json === true,
          ...(typeof values.language === 'string' ? { language: values.language } : {}),
          ...(typeof values.output === 'string' ? { output: values.output } : {}),
        });
      }
      case 'chat': {
        const { values } = parse(
          rest,
          'chat [--session ID] [--json]',
          { json: { type: 'boolean' }, session: { type: 'string' } },
          false,
        );
        return await chatCommand(io, {
          json: values.json === true,
          ...(typeof values.session === 'string' ? { session: values.session } : {}),
        });
      }
      case 'serve': {
        const { values } = parse(
          rest,
          'serve [--host H] [--port N] [--tokens-file FILE] [--trusted-root DIR] [--log-file LOG]',
          {
            host: { type: 'string' },
            port: { type: 'string' },
            'tokens-file': { type: 'string' },
            'trusted-root': { type: 'string' },
            'log-file': { type: 'string' },
          },
          false,
        );
        const text = (name: string) =>
          typeof values[name] === 'string' ? (values[name] as string) : undefined;
        return await serveCommand(io, {
          host: text('host'),
          port: text('port'),
          tokensFile: text('tokens-file'),
          trustedRoot: text('trusted-root'),
          logFile: text('log-file'),
        });
      }
      case 'usage': {
        const { values } = parse(
          rest,
          'usage [--days N] [--json]',
          { json: { type: 'boolean' }, days: { type: 'string' } },
          false,
        );
        const days = values.days === undefined ? 7 : Number(values.days);
        if (!Number.isInteger(days) || days < 1 || days > 3650)
          throw new Error('usage: lantern usage [--days N] (N: whole days, 1 to 3650)');
        return await usageCommand(io, { days, json: values.json === true });
      }
      case 'cache': {
        const { target } = parse(rest, 'cache clear', {});
        if (target !== 'clear') throw new Error('usage: lantern cache clear');
        return await cacheClearCommand(io);
      }
      default:
        throw new Error(`unknown command '${command}' (try lantern --help)`);
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    io.progress(undefined);
    io.err(`lantern: ${message.split('\n', 1)[0]}\n`);
    return 1;
  }
}

type Options = NonNullable<Parameters<typeof parseArgs>[0]>['options'];

// `wanted` positionals (one unless said, `false` for none) and the given options; anything else is a usage error.
function parse(args: string[], usage: string, options: Options, wanted: boolean | number = true) {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    // node:util's messages run on with advice about `--`; the first sentence is the point.
    throw new Error(`${(error as Error).message.split('. ', 1)[0]} (usage: lantern ${usage})`);
  }
  const { positionals, values } = parsed;
  const count = typeof wanted === 'number' ? wanted : wanted ? 1 : 0;
  if (positionals.length !== count) throw new Error(`usage: lantern ${usage}`);
  return { target: positionals[0] as string, targets: positionals, values };
}

process.exitCode = await runCli(process.argv.slice(2));
await closeCliAgents();
