import { describe, expect, it } from 'vitest';
import { checkerEnvironment, checkWithLanguage } from '../../server/src/agent/edits/language-check.js';

const NO_WORKSPACE = { workspaceRoot: undefined, trusted: false };

describe('the language’s own checker (the second gate)', () => {
  it('passes what CPython compiles, and refuses with its message and line what it does not', async () => {
    expect(await checkWithLanguage('python', 'def f(n):\n    return n\n', NO_WORKSPACE)).toEqual({
      kind: 'passed',
      checker: 'Python (compile())',
    });
    expect(await checkWithLanguage('python', 'def f(n):\n    return n\n\nbreak\n', NO_WORKSPACE)).toEqual({
      kind: 'refused',
      checker: 'Python (compile())',
      message: "'break' outside loop",
      line: 4,
    });
  });

  it('is bounded in time: a checker slower than the limit is skipped, and says so', async () => {
    const started = Date.now();
    const check = await checkWithLanguage('python', 'x = 1\n'.repeat(200_000), {
      ...NO_WORKSPACE,
      timeoutMs: 5,
    });
    expect(check).toEqual({
      kind: 'skipped',
      checker: 'Python (compile())',
      reason: '`python3` took too long',
    });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('gives the checker no secrets: only PATH, HOME, the locale and the temp folder pass', () => {
    const env = checkerEnvironment({
      PATH: '/usr/bin',
      HOME: '/home/u',
      LANG: 'C.UTF-8',
      ANTHROPIC_API_KEY: 'sk-ant-secret',
      OPENAI_API_KEY: 'sk-secret',
      LANTERN_OPENAI_KEY: 'x',
      NODE_OPTIONS: '--require /tmp/evil.js',
    });
    expect(env).toEqual({ PATH: '/usr/bin', HOME: '/home/u', LANG: 'C.UTF-8' });
  });

  it('says why TypeScript was not checked when the workspace has no `typescript`', async () => {
    expect(await checkWithLanguage('typescript', 'let x = 08;\n', NO_WORKSPACE)).toEqual({
      kind: 'skipped',
      checker: 'the TypeScript parser',
      reason: 'there is no workspace folder to find `typescript` in',
    });
  });
});
