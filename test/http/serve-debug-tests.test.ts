import { rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeModelEnv, writeUserConfig } from '../support/cli-runner.js';
import { answerWith, BUG, copyProject, type DebugProject, pytestCommand } from '../support/debug-projects.js';
import { FakeModelServer } from '../support/fake-model-server.js';
import { type LanternService, postJson, startService } from '../support/lantern-service.js';

// The pytest project of the editor's debug workflow: `total` skips the first price, a test says so.
describe('POST /api/v1/debug with a path in the root trusted at start: the root’s own tests verify the fix', () => {
  let fake: FakeModelServer;
  let project: DebugProject;
  let trusted: LanternService;
  let untrusted: LanternService;

  beforeAll(async () => {
    fake = await FakeModelServer.start();
    project = copyProject('python-project');
    // The test command comes from the operator's config, as the editor's comes from the user's.
    const env = fakeModelEnv('anthropic', fake);
    writeUserConfig(env, { tests: { command: pytestCommand() } });
    [trusted, untrusted] = await Promise.all([
      startService(env, ['--trusted-root', project.root]),
      startService(env),
    ]);
  });
  afterAll(async () => {
    await Promise.all([trusted?.stop(), untrusted?.stop()]);
    await fake?.close();
    if (project) rmSync(project.root, { recursive: true, force: true });
  });

  const request = (path: string = project.sourceFile) => {
    const code = project.read(project.sourceFile);
    const line = code.slice(0, code.indexOf(BUG['python-project'].buggy)).split('\n').length;
    return { code, language: 'python', error: 'test_total_adds_every_price: assert 7 == 9', line, path };
  };
  const debug = (service: LanternService, body: unknown) => postJson(`${service.url}/api/v1/debug`, body);

  it('a fix that makes the tests pass is offered, and verified says which tests ran and passed', async () => {
    const before = project.snapshot();
    fake.script({ kind: 'text', text: answerWith(project, BUG['python-project'].right) });
    const { status, body } = await debug(trusted, request());
    expect(status).toBe(200);
    expect(body.fixed).toContain(BUG['python-project'].right);
    expect((body.verified as { tests: unknown }).tests).toEqual({
      ran: true,
      passed: true,
      // shop/cart.py is no test file: the root's whole suite runs.
      command: pytestCommand().replace('{file}', "'.'"),
      reason: expect.stringContaining('passed'),
    });
    // The user's files are never written, and the temporary copy is gone.
    expect(project.snapshot()).toEqual(before);
    expect(project.workspaceCopies()).toEqual([]);
  });

  it('a fix that fails the tests is followed by another, told why: up to debug.maxAttempts, as in the editor', async () => {
    const calls = fake.requests.length;
    fake.script(
      { kind: 'text', text: answerWith(project, BUG['python-project'].wrong) },
      { kind: 'text', text: answerWith(project, BUG['python-project'].right) },
    );
    const { status, body } = await debug(trusted, request());
    expect(status).toBe(200);
    expect(body.fixed).toContain(BUG['python-project'].right);
    expect(body.attempts).toBe(2);
    expect((body.verified as { tests: unknown }).tests).toMatchObject({ ran: true, passed: true });
    const asked = fake.requests.slice(calls);
    expect(asked).toHaveLength(2);
    // The second attempt is told how the first one failed.
    expect(asked[0]?.rawBody).not.toContain(BUG['python-project'].after);
    expect(asked[1]?.rawBody).toContain(BUG['python-project'].after);
    expect(project.workspaceCopies()).toEqual([]);
  });

  it('no fix passing the tests within debug.maxAttempts: fixed null, with the last failure', async () => {
    const calls = fake.requests.length;
    fake.script(
      { kind: 'text', text: answerWith(project, BUG['python-project'].wrong) },
      { kind: 'text', text: answerWith(project, BUG['python-project'].wrong) },
    );
    const { status, body } = await debug(trusted, request());
    expect(status).toBe(200);
    expect(body.fixed).toBeNull();
    expect(body.diff).toBeNull();
    expect(body.attempts).toBe(2);
    expect(body.explanation).toBe(
      `Lantern: no fix made the tests pass after 2 attempts (${pytestCommand().replace('{file}', "'.'")}): test_total_adds_every_price failed: ${BUG['python-project'].after}`,
    );
    // debug.maxAttempts is 2 by default: no third model call.
    expect(fake.requests.length - calls).toBe(2);
    expect(project.workspaceCopies()).toEqual([]);
  });

  it('without --trusted-root no test runs, even with a path', async () => {
    fake.script({ kind: 'text', text: answerWith(project, BUG['python-project'].wrong) });
    const { status, body } = await debug(untrusted, request());
    expect(status).toBe(200);
    // The wrong fix is offered as today: nothing ran to tell it is wrong, so there was one attempt.
    expect(body.fixed).toContain(BUG['python-project'].wrong);
    expect(body.attempts).toBe(1);
    expect((body.verified as { tests: unknown }).tests).toEqual({
      ran: false,
      reason: expect.stringContaining('--trusted-root'),
    });
  });

  it('a path outside the root, absent, or not a regular file is a 400 naming body/path', async () => {
    symlinkSync('cart.py', join(project.root, 'shop', 'link.py'));
    const calls = fake.requests.length;
    for (const path of ['../etc/passwd', '/etc/passwd', 'shop/absent.py', 'shop', 'shop/link.py']) {
      const { status, body } = await debug(trusted, request(path));
      expect(status, path).toBe(400);
      expect(body.message, path).toMatch(/^body\/path: /);
    }
    expect((await debug(trusted, request('../etc/passwd'))).body.message).toBe(
      'body/path: ../etc/passwd is outside the trusted root',
    );
    // Refused before the model is asked.
    expect(fake.requests.length).toBe(calls);
  });
});
