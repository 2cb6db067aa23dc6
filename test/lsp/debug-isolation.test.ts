import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { answerWith, BUG, debugProjectSessions, testCommandOf } from '../support/debug-projects.js';
import { FAKE_KEYS, freshDir } from '../support/model-session.js';

/**
 * The case: the tests of a project with a relative link and installed packages write through
 * them while Lantern tries a fix, and the user then discards the fix. Nothing of the user's may change.
 */
describe('lantern.debug on a project with links and node_modules', () => {
  const sessions = debugProjectSessions('python-project');

  it('the tests write through every link of the copy; the project is untouched after Discard, the key unseen', async () => {
    const { fake, project } = sessions;
    mkdirSync(join(project.root, 'fixtures'));
    mkdirSync(join(project.root, 'data'));
    mkdirSync(join(project.root, 'node_modules', 'pkg'), { recursive: true });
    writeFileSync(join(project.root, 'fixtures', 'prices.txt'), '3 4 2\n');
    symlinkSync('../fixtures/prices.txt', join(project.root, 'data', 'prices.txt'));
    writeFileSync(join(project.root, 'node_modules', 'pkg', 'index.js'), 'module.exports = 1;\n');
    const seen = join(freshDir('lantern-env-'), 'env.txt');
    const writes = [
      'echo changed > data/prices.txt',
      'echo changed > node_modules/pkg/index.js',
      'mkdir -p node_modules/.cache && echo changed > node_modules/.cache/results',
      `env > '${seen}'`,
    ].join(' && ');
    fake.script({ kind: 'text', text: answerWith(project, BUG['python-project'].right) });
    const before = project.snapshot();
    const started = await sessions.start({
      trusted: true,
      choice: 'Discard',
      command: `${writes} && ${testCommandOf(project)}`,
      traceName: 'debug-isolation',
    });
    expect(await started.debug()).toMatchObject({ status: 'fixed', applied: false });
    // The command did run, with the server's environment minus the key.
    const env = readFileSync(seen, 'utf8');
    expect(env).toContain('PATH=');
    expect(env).not.toContain(FAKE_KEYS.anthropic);
    expect(env).not.toContain('ANTHROPIC_API_KEY');
    expect(project.snapshot()).toEqual(before);
    expect(project.workspaceCopies()).toEqual([]);
  });
});
