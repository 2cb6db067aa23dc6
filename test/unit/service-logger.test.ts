import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createServiceLogger } from '../../server/src/http/service-logger.js';

const KEY = 'sk-ant-service-SECRET-0123456789';
const STORE = 'postgres://lantern:pg-Pass-2f9e1c@db:5432/lantern';

/** Log lines written to memory. */
function sink(): { lines: string[]; stream: Writable } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, stream };
}

describe('the service logger', () => {
  it('writes no credential of the environment, whatever field a message or an error carries it in', async () => {
    const { lines, stream } = sink();
    const logger = createServiceLogger(stream, 'info', [KEY]);
    logger.info(`model said: invalid x-api-key ${KEY}`);
    logger.error({ err: new Error(`could not reach ${STORE}`) }, 'store down');
    logger.warn({ detail: { url: STORE } }, 'retrying');
    await new Promise((resolve) => setImmediate(resolve));
    const text = lines.join('\n');
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    expect(text).not.toContain(KEY);
    expect(text).not.toContain('pg-Pass-2f9e1c');
    expect(text).toContain('postgres://lantern:[redacted]@db:5432/lantern');
  });
});
