import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  hoverText,
  modelSessionsPerTest,
  openSample,
  SAMPLE_URI,
  shownMessages,
} from '../support/model-session.js';

const ANSWER = 'Adds up every price and returns the sum.';

describe('explain on hover with a broken cache file', () => {
  const model = modelSessionsPerTest('openai');

  it('a corrupted cache file: answers still come, one warning, and the new cache serves the next hover', async () => {
    model.fake.fallback = { kind: 'text', text: ANSWER };
    const { session, cacheDir } = await model.start({ cacheDir: undefined });
    writeFileSync(join(cacheDir, 'cache.sqlite'), Buffer.alloc(16_384, 0x41));
    const { total, average } = await openSample(session);
    expect(await hoverText(session, SAMPLE_URI, total)).toContain(ANSWER);
    expect(await hoverText(session, SAMPLE_URI, total)).toContain('· cached');
    expect(await hoverText(session, SAMPLE_URI, average)).toContain(ANSWER);
    expect(model.fake.requests).toHaveLength(2);
    const warnings = shownMessages(session);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.type).toBe(2); // MessageType.Warning
    expect(warnings[0]?.message).toContain('not a usable SQLite database');
  });

  it('a cache file deleted while running: the answers after it are cached again, said once', async () => {
    model.fake.fallback = { kind: 'text', text: ANSWER };
    const { session, cacheDir } = await model.start();
    const { total, average } = await openSample(session);
    expect(await hoverText(session, SAMPLE_URI, total)).toContain(ANSWER);
    for (const name of readdirSync(cacheDir)) rmSync(join(cacheDir, name), { recursive: true });
    expect(await hoverText(session, SAMPLE_URI, average)).toContain(ANSWER);
    expect(await hoverText(session, SAMPLE_URI, average)).toContain('· cached');
    await session.finish();
    // A new session on the same folder finds the answer written after the deletion.
    const next = await model.start({ cacheDir });
    await openSample(next.session);
    expect(await hoverText(next.session, SAMPLE_URI, average)).toContain('· cached');
    expect(model.fake.requests).toHaveLength(2);
    const warnings = shownMessages(session);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.message).toContain('deleted');
  });
});
