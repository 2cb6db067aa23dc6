import { copyFileSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BadAnswerCase,
  BEFORE_AFTER,
  DISAGREEING_BLOCKS,
  fixtureText,
  GUTTED_BODIES,
  INCOMPLETE_UNITS,
  LANGUAGE_REFUSES,
  MISLEADING_REASONS,
  MULTILINE_STRINGS,
  NOISY_INDENTATION,
  REQUESTED_REMOVALS,
  TYPESCRIPT_REFUSES,
  WHOLE_FILE_ECHOES,
} from '../support/bad-answers.js';
import { fakeModelEnv, oneLineError, runLantern, writeUserConfig } from '../support/cli-runner.js';
import { FakeModelServer } from '../support/fake-model-server.js';
import { freshDir } from '../support/model-session.js';
import { FIXTURES_DIR, REPO_ROOT } from '../support/paths.js';

/** "6 … (Python 3, TypeScript 3)": the counts of a table, for its test's name. */
function counted(cases: readonly BadAnswerCase[], what: string): string {
  const python = cases.filter((c) => c.file.endsWith('.py')).length;
  return `${cases.length} ${what} (Python ${python}, TypeScript ${cases.length - python})`;
}

const label = (c: BadAnswerCase) => `${c.file}: ${c.name}`;

/** A workspace's own `typescript` 5 (the one with the JavaScript parser API) in its node_modules. */
function withWorkspaceTypescript(dir: string): void {
  mkdirSync(join(dir, 'node_modules'), { recursive: true });
  symlinkSync(join(REPO_ROOT, 'node_modules', 'typescript-5'), join(dir, 'node_modules', 'typescript'));
}

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

  async function run(c: BadAnswerCase, env = fakeModelEnv('anthropic', fake)) {
    const dir = freshDir('lantern-bad-answer-');
    copyFileSync(join(FIXTURES_DIR, 'fix', c.file), join(dir, c.file));
    if (c.withTypescript) {
      withWorkspaceTypescript(dir);
      writeUserConfig(env, { tests: { trustedWorkspaces: [dir] } });
    }
    fake.script({ kind: 'text', text: c.answer });
    const args = ['fix', `${c.file}:${c.line}`, '--error', c.error, '--write', '--json'];
    const result = await runLantern(env, args, dir);
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

  const CHECKER_REFUSES = [...LANGUAGE_REFUSES, ...TYPESCRIPT_REFUSES];
  describe(`refuses all ${counted(CHECKER_REFUSES, 'answers the language’s own checker refuses')}`, () => {
    it.each(CHECKER_REFUSES.map((c) => [label(c), c] as const))('%s', (_, c) => expectRefused(c));
  });

  describe('says in the result when the language’s own check was skipped, and why', () => {
    const good = WHOLE_FILE_ECHOES.find((c) => c.file === 'bits.ts') as BadAnswerCase;
    const checkOf = async (c: BadAnswerCase, env?: Record<string, string>) => {
      const { result } = await run(c, env);
      expect(result.code, result.stderr).toBe(0);
      return JSON.parse(result.stdout).check;
    };
    it('TypeScript in a workspace without `typescript`: applied, check skipped', async () => {
      expect(await checkOf(good)).toEqual({
        kind: 'skipped',
        checker: 'the TypeScript parser',
        reason: 'no `typescript` package is resolvable from the workspace',
      });
    });
    it('TypeScript in an untrusted workspace with `typescript`: not loaded, check skipped', async () => {
      const dir = freshDir('lantern-untrusted-ts-');
      withWorkspaceTypescript(dir);
      copyFileSync(join(FIXTURES_DIR, 'fix', good.file), join(dir, good.file));
      fake.script({ kind: 'text', text: good.answer });
      const args = ['fix', `${good.file}:${good.line}`, '--error', good.error, '--json'];
      const result = await runLantern(fakeModelEnv('anthropic', fake), args, dir);
      expect(JSON.parse(result.stdout).check).toEqual({
        kind: 'skipped',
        checker: 'the TypeScript parser',
        reason: 'the workspace is not trusted, and loading its `typescript` runs its code',
      });
    });
    it('TypeScript in a trusted workspace with `typescript`: passed', async () => {
      expect(await checkOf({ ...good, withTypescript: true })).toEqual({
        kind: 'passed',
        checker: 'the TypeScript parser',
      });
    });
    it('Python without `python3` on PATH: applied, check skipped', async () => {
      const python = WHOLE_FILE_ECHOES.find((c) => c.file === 'bitcount.py') as BadAnswerCase;
      const env = { ...fakeModelEnv('anthropic', fake), PATH: freshDir('lantern-empty-path-') };
      expect(await checkOf(python, env)).toEqual({
        kind: 'skipped',
        checker: 'Python (compile())',
        reason: '`python3` is not on PATH',
      });
    });
  });

  describe(`names what is wrong in all ${counted(MISLEADING_REASONS, 'refusals')}`, () => {
    it.each(MISLEADING_REASONS.map((c) => [label(c), c] as const))('%s', (_, c) => expectRefused(c));
  });

  describe(`applies all ${counted(WHOLE_FILE_ECHOES, 'whole-file echoes that change only the unit')}`, () => {
    it.each(WHOLE_FILE_ECHOES.map((c) => [label(c), c] as const))('%s', (_, c) => expectApplied(c));
  });
});
