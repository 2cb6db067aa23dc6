import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BadAnswerCase,
  BEFORE_AFTER,
  DISAGREEING_BLOCKS,
  fixtureText,
  GUTTED_BODIES,
  INCOMPLETE_UNITS,
  MISLEADING_REASONS,
  MULTILINE_STRINGS,
  NOISY_INDENTATION,
  REQUESTED_REMOVALS,
  WHOLE_FILE_ECHOES,
} from '../support/bad-answers.js';
import { fakeModelEnv, oneLineError, runLantern } from '../support/cli-runner.js';
import { FakeModelServer } from '../support/fake-model-server.js';
import { freshDir } from '../support/model-session.js';
import { FIXTURES_DIR } from '../support/paths.js';

/** "6 … (Python 3, TypeScript 3)": the counts of a table, for its test's name. */
function counted(cases: readonly BadAnswerCase[], what: string): string {
  const python = cases.filter((c) => c.file.endsWith('.py')).length;
  return `${cases.length} ${what} (Python ${python}, TypeScript ${cases.length - python})`;
}

const label = (c: BadAnswerCase) => `${c.file}: ${c.name}`;

/**
 * The fix pipeline's scripted bad-answer suite (issue 11, items 1–7): each answer goes through the
 * built `lantern fix --write` and the real fake model server, as a user's fix would.
 */
describe('lantern fix with answers that pass the parser but are wrong', () => {
  let fake: FakeModelServer;
  beforeAll(async () => {
    fake = await FakeModelServer.start();
  });
  afterAll(async () => {
    await fake.close();
  });

  async function run(c: BadAnswerCase) {
    const dir = freshDir('lantern-bad-answer-');
    copyFileSync(join(FIXTURES_DIR, 'fix', c.file), join(dir, c.file));
    fake.script({ kind: 'text', text: c.answer });
    const args = ['fix', `${c.file}:${c.line}`, '--error', c.error, '--write', '--json'];
    const result = await runLantern(fakeModelEnv('anthropic', fake), args, dir);
    return { result, after: readFileSync(join(dir, c.file), 'utf8') };
  }

  async function expectApplied(c: BadAnswerCase) {
    if (!('applied' in c.expect)) throw new Error(`${c.name} is a refusal`);
    const { result, after } = await run(c);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(after).toBe(c.expect.applied);
  }

  async function expectRefused(c: BadAnswerCase) {
    if (!('refused' in c.expect)) throw new Error(`${c.name} is applied`);
    const { result, after } = await run(c);
    expect(oneLineError(result)).toContain(c.expect.refused);
    expect(after).toBe(fixtureText(c.file));
  }

  describe(`applies the fixed block of all ${counted(BEFORE_AFTER, 'before/after answers')}`, () => {
    it.each(BEFORE_AFTER.map((c) => [label(c), c] as const))('%s', (_, c) => expectApplied(c));
  });

  describe(`refuses all ${counted(DISAGREEING_BLOCKS, 'answers whose blocks disagree')}`, () => {
    it.each(DISAGREEING_BLOCKS.map((c) => [label(c), c] as const))('%s', (_, c) => expectRefused(c));
  });

  describe(`refuses all ${counted(GUTTED_BODIES, 'gutted-body answers')}`, () => {
    it.each(GUTTED_BODIES.map((c) => [label(c), c] as const))('%s', (_, c) => expectRefused(c));
  });

  describe(`applies all ${counted(REQUESTED_REMOVALS, 'removals the request asked for')}`, () => {
    it.each(REQUESTED_REMOVALS.map((c) => [label(c), c] as const))('%s', (_, c) => expectApplied(c));
  });

  describe(`leaves the inside of strings alone in all ${counted(MULTILINE_STRINGS, 'multi-line-string answers')}`, () => {
    it.each(MULTILINE_STRINGS.map((c) => [label(c), c] as const))('%s', (_, c) => expectApplied(c));
  });

  describe(`applies all ${counted(NOISY_INDENTATION, 'indentation-noisy answers')} in the file’s style`, () => {
    it.each(NOISY_INDENTATION.map((c) => [label(c), c] as const))('%s', (_, c) => expectApplied(c));
  });

  describe(`refuses all ${counted(INCOMPLETE_UNITS, 'incomplete units')}`, () => {
    it.each(INCOMPLETE_UNITS.map((c) => [label(c), c] as const))('%s', (_, c) => expectRefused(c));
  });

  describe(`names what is wrong in all ${counted(MISLEADING_REASONS, 'refusals')}`, () => {
    it.each(MISLEADING_REASONS.map((c) => [label(c), c] as const))('%s', (_, c) => expectRefused(c));
  });

  describe(`applies all ${counted(WHOLE_FILE_ECHOES, 'whole-file echoes that change only the unit')}`, () => {
    it.each(WHOLE_FILE_ECHOES.map((c) => [label(c), c] as const))('%s', (_, c) => expectApplied(c));
  });
});
