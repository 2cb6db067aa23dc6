import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, watch, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LANTERN_BIN } from '../support/cli-runner.js';
import { failedStart } from '../support/lantern-service.js';
import { freshDir } from '../support/model-session.js';
import { REPO_ROOT } from '../support/paths.js';

const TOKEN = 'token-for-the-log-file-test-0123456789';

interface LogLine {
  readonly reqId?: string;
  readonly msg: string;
  readonly req?: { readonly url: string };
  readonly res?: { readonly statusCode: number };
}

let running: ChildProcess | undefined;
afterEach(async () => {
  if (running?.exitCode === null) {
    const exited = new Promise((resolve) => running?.once('exit', resolve));
    running.kill('SIGTERM');
    await exited;
  }
  running = undefined;
});

/** The log files, oldest first (`service.log.2`, `service.log.1`, `service.log`). */
function logFiles(dir: string): string[] {
  const index = (name: string) => Number(name.slice('service.log.'.length) || 0);
  return readdirSync(dir)
    .filter((name) => name.startsWith('service.log'))
    .sort((a, b) => index(b) - index(a))
    .map((name) => join(dir, name));
}

/** Every line of the log files, oldest first, parsed: a line cut in two would throw. */
function logLines(dir: string): LogLine[] {
  return logFiles(dir).flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    expect(text.endsWith('\n'), `${file} ends mid-line`).toBe(true);
    return text
      .slice(0, -1)
      .split('\n')
      .map((line) => JSON.parse(line) as LogLine);
  });
}

/** `lantern serve --port 0 --log-file DIR/service.log`; resolves with its URL once the file says it listens. */
async function serveWithLogFile(dir: string, env: Record<string, string>): Promise<string> {
  const home = freshDir('lantern-log-home-');
  running = spawn(
    process.execPath,
    [LANTERN_BIN, 'serve', '--port', '0', '--log-file', join(dir, 'service.log')],
    {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: home, XDG_CONFIG_HOME: home, XDG_CACHE_HOME: home, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  running.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  running.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const url = await new Promise<string>((resolve, reject) => {
    const look = () => {
      const text = existsSync(join(dir, 'service.log')) ? readFileSync(join(dir, 'service.log'), 'utf8') : '';
      const found = /"msg":"Server listening at (http:\/\/[^"]+)"/.exec(text)?.[1];
      if (!found) return;
      watcher.close();
      resolve(found);
    };
    const watcher = watch(dir, look);
    running?.once('exit', (code) => {
      watcher.close();
      reject(new Error(`lantern serve exited (${code}): ${output}`));
    });
    look();
  });
  // The log goes to the file, not also to stdout.
  expect(output).toBe('');
  return url;
}

describe('lantern serve --log-file', () => {
  it('writes JSON lines with one request id per request, rotated by size: nothing lost but what rotation drops', async () => {
    const dir = freshDir('lantern-service-log-');
    const url = await serveWithLogFile(dir, { LANTERN_LOG_MAX_SIZE: '2k', LANTERN_LOG_MAX_FILES: '3' });
    const sent = 60;
    for (let n = 1; n <= sent; n++) expect((await fetch(`${url}/api/v1/health?n=${n}`)).status).toBe(200);

    const files = logFiles(dir);
    expect(files).toHaveLength(3);
    for (const file of files) expect(statSync(file).size).toBeLessThanOrEqual(2048);
    const lines = logLines(dir);
    const incoming = lines.filter((line) => line.msg === 'incoming request');
    const completed = lines.filter((line) => line.msg === 'request completed');
    // The requests still in the files are the last ones sent, in order, none missing between.
    const numbers = incoming.map((line) => Number(new URL(line.req?.url ?? '', url).searchParams.get('n')));
    expect(numbers.length).toBeGreaterThan(5);
    expect(numbers).toEqual(
      Array.from({ length: numbers.length }, (_, index) => sent - numbers.length + 1 + index),
    );
    // Each request's two lines share its id, and no two requests share one.
    const ids = incoming.map((line) => line.reqId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(completed.map((line) => line.reqId).slice(-ids.length)).toEqual(ids);
    expect(completed.every((line) => line.res?.statusCode === 200)).toBe(true);
  });

  it('never writes the bearer token', async () => {
    const dir = freshDir('lantern-service-log-');
    const url = await serveWithLogFile(dir, { LANTERN_API_TOKENS: TOKEN });
    const ask = (authorization: string) =>
      fetch(`${url}/api/v1/understand`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization },
        body: JSON.stringify({ code: 'def f():\n    return 1\n', language: 'python' }),
      });
    expect((await ask(`Bearer ${TOKEN}`)).status).toBe(200);
    expect((await ask(`Bearer ${TOKEN.slice(0, 20)}-wrong`)).status).toBe(401);
    const text = logFiles(dir)
      .map((file) => readFileSync(file, 'utf8'))
      .join('');
    expect(text).toContain('request completed');
    expect(text).not.toContain(TOKEN.slice(0, 12));
  });

  it('refuses to start, in one line, when the log file cannot be written', async () => {
    const blocker = join(freshDir('lantern-service-log-'), 'a-file');
    writeFileSync(blocker, '');
    const run = await failedStart({}, ['--port', '0', '--log-file', join(blocker, 'service.log')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^lantern serve: cannot write the log file .*a-file\/service\.log: .+\n$/);
  });
});
