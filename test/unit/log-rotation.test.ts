import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../server/src/config.js';
import { environmentLayer } from '../../server/src/config-sources.js';
import { logFileWriter } from '../../server/src/telemetry/log-file.js';
import {
  DEFAULT_LOG_ROTATION,
  logRotationOf,
  RotatingLogFile,
} from '../../server/src/telemetry/rotating-log-file.js';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function freshDir(): string {
  dir = mkdtempSync(join(tmpdir(), 'lantern-logs-'));
  return dir;
}

/** The log files in `dir`, oldest first (`x.log.4` … `x.log.1`, `x.log`). */
function logFiles(path: string): string[] {
  const names = readdirSync(join(path, '..')).filter((name) => name.startsWith('x.log'));
  const index = (name: string) => Number(name.slice('x.log.'.length) || 0);
  return names.sort((a, b) => index(b) - index(a)).map((name) => join(path, '..', name));
}

/** Every line of every file, oldest first, each parsed (a line cut in two would not parse). */
function linesOf(
  files: readonly string[],
): { file: string; text: string; record: Record<string, unknown> }[] {
  return files.flatMap((file) => {
    const content = readFileSync(file, 'utf8');
    expect(content.endsWith('\n'), `${file} ends mid-line`).toBe(true);
    return content
      .slice(0, -1)
      .split('\n')
      .map((text) => ({ file, text, record: JSON.parse(text) as Record<string, unknown> }));
  });
}

/** A JSON line of exactly `bytes` bytes (newline included) carrying its sequence number. */
function lineOfBytes(seq: number, bytes: number, filler = 'x'): string {
  const bare = JSON.stringify({ seq, pad: '' });
  const pad = filler.repeat(Math.floor((bytes - 1 - bare.length) / Buffer.byteLength(filler)));
  return JSON.stringify({ seq, pad });
}

describe('RotatingLogFile', () => {
  it('keeps at most maxFiles files, none over maxBytes, and exactly the last lines that fit', () => {
    const path = join(freshDir(), 'x.log');
    const file = new RotatingLogFile(path, { maxBytes: 4096, maxFiles: 5 });
    const written = 1000;
    for (let seq = 1; seq <= written; seq++) file.write(lineOfBytes(seq, 100));

    const files = logFiles(path);
    expect(files.map((name) => name.slice(dir.length + 1))).toEqual([
      'x.log.4',
      'x.log.3',
      'x.log.2',
      'x.log.1',
      'x.log',
    ]);
    for (const name of files) expect(statSync(name).size).toBeLessThanOrEqual(4096);
    // 40 lines of 100 bytes fit in 4,096: four full rotated files, and the live one holds the lines
    // since the last rotation ((1000 - 1) % 40 + 1 = 40). Everything older was dropped by design.
    const lines = linesOf(files);
    expect(lines).toHaveLength(4 * 40 + 40);
    expect(lines.map((line) => line.record.seq)).toEqual(
      Array.from({ length: 200 }, (_, index) => written - 199 + index),
    );
  });

  it('rotates only when the next line would not fit (lines of varied length, multi-byte text)', () => {
    const path = join(freshDir(), 'x.log');
    const maxBytes = 2000;
    const file = new RotatingLogFile(path, { maxBytes, maxFiles: 3 });
    const sent: string[] = [];
    let state = 7;
    for (let seq = 1; seq <= 400; seq++) {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      const line = lineOfBytes(seq, 40 + (state % 300), seq % 3 === 0 ? 'é' : 'x');
      sent.push(line);
      file.write(line);
    }

    const files = logFiles(path);
    expect(files).toHaveLength(3);
    const lines = linesOf(files);
    const first = lines[0]?.record.seq as number;
    // What is kept is the unbroken tail of what was written, line for line.
    expect(lines.map((line) => line.text)).toEqual(sent.slice(first - 1));
    for (const name of files) expect(statSync(name).size).toBeLessThanOrEqual(maxBytes);
    // Each rotated file was full: its successor's first line would have taken it past maxBytes.
    for (const [index, name] of files.slice(0, -1).entries()) {
      const next = linesOf([files[index + 1] as string])[0]?.text as string;
      expect(statSync(name).size + Buffer.byteLength(next) + 1).toBeGreaterThan(maxBytes);
    }
  });

  it('writes a line too long for any file as a notice that says so', () => {
    const path = join(freshDir(), 'x.log');
    const file = new RotatingLogFile(path, { maxBytes: 1024, maxFiles: 2 });
    file.write(lineOfBytes(1, 100));
    file.write(lineOfBytes(2, 5000));
    const lines = linesOf(logFiles(path));
    expect(lines.map((line) => line.record.seq ?? line.record.msg)).toEqual([
      1,
      'log line of 5000 bytes dropped: longer than the log file size',
    ]);
  });

  it('continues a file another writer rotated meanwhile (two servers sharing one log file)', () => {
    const path = join(freshDir(), 'x.log');
    const rotation = { maxBytes: 1000, maxFiles: 5 };
    const servers = [new RotatingLogFile(path, rotation), new RotatingLogFile(path, rotation)];
    for (let seq = 1; seq <= 40; seq++) servers[seq % 2]?.write(lineOfBytes(seq, 100));
    const files = logFiles(path);
    for (const name of files) expect(statSync(name).size).toBeLessThanOrEqual(1000);
    // 9 lines a file, 40 lines: 5 files hold them all, in order.
    expect(linesOf(files).map((line) => line.record.seq)).toEqual(
      Array.from({ length: 40 }, (_, index) => index + 1),
    );
  });

  it('refuses limits that cannot hold a line', () => {
    expect(() => new RotatingLogFile(join(freshDir(), 'x.log'), { maxBytes: 10, maxFiles: 5 })).toThrow(
      /at least 200 bytes/,
    );
  });
});

describe("the language server's log file (LANTERN_LOG_FILE)", () => {
  it('rotates at 10 MB by default: 11 MB written leave two files, every line whole', () => {
    const path = join(freshDir(), 'x.log');
    const writer = logFileWriter(path);
    const message = 'm'.repeat(1000);
    const count = Math.ceil((11 * 1024 * 1024) / 1050);
    for (let index = 0; index < count; index++) writer.write(3, `${index} ${message}`);

    const files = logFiles(path);
    expect(files).toHaveLength(2);
    for (const name of files) expect(statSync(name).size).toBeLessThanOrEqual(DEFAULT_LOG_ROTATION.maxBytes);
    const lines = linesOf(files);
    expect(lines).toHaveLength(count);
    expect(lines[0]?.record).toMatchObject({ level: 'info', msg: `0 ${message}` });
    expect(Number.isNaN(Date.parse(String(lines[0]?.record.time)))).toBe(false);
    expect(lines.at(-1)?.record.msg).toBe(`${count - 1} ${message}`);
  });

  it('follows the log settings once they arrive', () => {
    const path = join(freshDir(), 'x.log');
    const writer = logFileWriter(path);
    const { config } = resolveConfig([{ log: { maxSize: '1k', maxFiles: 2 } }]);
    writer.configure(logRotationOf(config.log));
    for (let index = 0; index < 100; index++) writer.write(1, `error number ${index}`);
    const files = logFiles(path);
    expect(files).toHaveLength(2);
    for (const name of files) expect(statSync(name).size).toBeLessThanOrEqual(1024);
    expect(linesOf(files).at(-1)?.record).toMatchObject({ level: 'error', msg: 'error number 99' });
  });

  it("redacts the environment's credentials from every line", () => {
    const path = join(freshDir(), 'x.log');
    const key = 'sk-ant-this-is-the-secret-key';
    const writer = logFileWriter(path, [key]);
    writer.write(2, `request failed: invalid x-api-key ${key}`);
    const text = readFileSync(path, 'utf8');
    expect(text).not.toContain(key.slice(0, 12));
    expect(JSON.parse(text).msg).toBe('request failed: invalid x-api-key [redacted]');
  });

  it('gives up quietly on a path it cannot write', () => {
    const blocker = join(freshDir(), 'file');
    writeFileSync(blocker, '');
    const writer = logFileWriter(join(blocker, 'x.log'));
    expect(() => writer.write(1, 'nowhere to go')).not.toThrow();
  });
});

describe('log settings', () => {
  it('default to 10m × 5 and come from LANTERN_LOG_MAX_SIZE / LANTERN_LOG_MAX_FILES', () => {
    expect(logRotationOf(resolveConfig([]).config.log)).toEqual(DEFAULT_LOG_ROTATION);
    const layer = environmentLayer({ LANTERN_LOG_MAX_SIZE: '512k', LANTERN_LOG_MAX_FILES: '3' });
    expect(layer).toEqual({ log: { maxSize: '512k', maxFiles: 3 } });
    expect(logRotationOf(resolveConfig([layer]).config.log)).toEqual({ maxBytes: 512 * 1024, maxFiles: 3 });
  });

  it('name the setting of a bad value and keep its default', () => {
    const { config, warnings } = resolveConfig([
      environmentLayer({ LANTERN_LOG_MAX_SIZE: '10 megs', LANTERN_LOG_MAX_FILES: 'five' }),
    ]);
    expect(config.log).toEqual({ maxSize: '10m', maxFiles: 5 });
    expect(warnings.map((warning) => warning.key).sort()).toEqual(['log.maxFiles', 'log.maxSize']);
    expect(resolveConfig([{ log: { maxSize: '100' } }]).warnings.map((w) => w.key)).toEqual(['log.maxSize']);
  });
});
