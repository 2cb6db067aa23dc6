import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  fakeModelEnv,
  fakeModelPerTest,
  offlineEnv,
  oneLineError,
  runLantern,
  runOnTerminal,
  startLantern,
} from '../support/cli-runner.js';
import { FakeModelServer } from '../support/fake-model-server.js';
import { freshDir, PROVIDERS } from '../support/model-session.js';

const ANSWER = 'Add two numbers.\n\n- return the sum\n\n```python\ndef add(a, b):\n    return a + b\n```';

describe('lantern generate and lantern chat', () => {
  let fake: FakeModelServer | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  it('generate prints the verified code, and --json describes it', async () => {
    fake = await FakeModelServer.start();
    fake.script({ kind: 'text', text: ANSWER }, { kind: 'text', text: ANSWER });
    const env = fakeModelEnv('anthropic', fake);
    const run = await runLantern(env, ['generate', 'a function add(a, b)', '--language', 'python']);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('def add(a, b):\n    return a + b\n');
    expect(fake.requests[0]?.rawBody).toContain('a function add(a, b)');
    const json = await runLantern(env, [
      'generate',
      'a function add(a, b)',
      '--language',
      'python',
      '--json',
    ]);
    expect(JSON.parse(json.stdout)).toMatchObject({
      language: 'python',
      code: 'def add(a, b):\n    return a + b\n',
      file: null,
    });
  });

  it('generate shows its stages on a terminal, on stderr only', async () => {
    fake = await FakeModelServer.start();
    fake.script({ kind: 'text', text: ANSWER, chunks: 4 });
    const args = ['generate', 'a function add(a, b)', '--language', 'python'];
    const run = await runOnTerminal(fakeModelEnv('anthropic', fake), args, freshDir('lantern-cli-generate-'));
    expect(run.code).toBe(0);
    for (const stage of ['planning…', 'writing code (', 'checking…']) {
      expect(run.terminal).toContain(stage);
      expect(run.stdout).not.toContain(stage);
    }
    expect(run.stdout).toBe('def add(a, b):\n    return a + b\n');
    expect(run.terminal).not.toContain('return a + b');
  });

  it('generate -o appends to an existing file after its code, and writes nothing for an answer that does not parse', async () => {
    fake = await FakeModelServer.start();
    const dir = mkdtempSync(join(tmpdir(), 'lantern-cli-generate-'));
    const file = join(dir, 'maths.py');
    writeFileSync(file, 'def sub(a, b):\n    return a - b\n');
    fake.script({ kind: 'text', text: ANSWER }, { kind: 'text', text: '```python\ndef broken(:\n```' });
    const env = fakeModelEnv('anthropic', fake);
    const run = await runLantern(env, ['generate', 'add', '-o', file]);
    expect(run.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(
      'def sub(a, b):\n    return a - b\ndef add(a, b):\n    return a + b\n',
    );
    const broken = await runLantern(env, ['generate', 'broken', '-o', file]);
    expect(oneLineError(broken)).toContain('would break the syntax');
    expect(readFileSync(file, 'utf8')).toBe(
      'def sub(a, b):\n    return a - b\ndef add(a, b):\n    return a + b\n',
    );
  });

  it('chat answers each line, and the second question carries the first turn as history', async () => {
    fake = await FakeModelServer.start();
    fake.script(
      { kind: 'text', text: 'general' },
      { kind: 'text', text: 'A closure captures variables.' },
      { kind: 'text', text: 'general' },
      { kind: 'text', text: 'Yes, in loops too.' },
    );
    const run = await runLantern(
      fakeModelEnv('anthropic', fake),
      ['chat', '--json'],
      undefined,
      'What is a closure?\nDoes it work in loops?\nexit\n',
    );
    expect(run.code).toBe(0);
    const answers = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { answer: string; sessionId: string });
    expect(answers.map((answer) => answer.answer)).toEqual([
      'A closure captures variables.',
      'Yes, in loops too.',
    ]);
    expect(answers[0]?.sessionId).toBe(answers[1]?.sessionId);
    const messages = fake.requests[3]?.body.messages as { role: string; content: string }[];
    expect(messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user']);
    expect(messages[0]?.content).toBe('What is a closure?');
    expect(messages[1]?.content).toBe('A closure captures variables.');
  });

  it.each(PROVIDERS)(
    'chat, interactive (%s): the prompt on stderr, each answer on stdout as the model streams it',
    async (provider) => {
      fake = await FakeModelServer.start();
      let release = () => {};
      fake.script(
        { kind: 'text', text: 'general' },
        {
          kind: 'paused',
          text: 'A closure captures ',
          rest: 'variables.',
          release: new Promise<void>((resolve) => {
            release = resolve;
          }),
        },
        { kind: 'text', text: 'general' },
        { kind: 'text', text: 'Yes, in loops too.' },
      );
      const chat = startLantern(
        fakeModelEnv(provider, fake),
        ['chat'],
        undefined,
        'What is a closure?\nDoes it work in loops?\n',
      );
      // The first words are on the terminal while the model is still answering.
      await chat.waitForStdout('A closure captures ');
      expect(chat.stdout()).toBe('A closure captures ');
      release();
      const run = await chat.done;
      expect(run.code).toBe(0);
      expect(run.stdout).toBe('A closure captures variables.\n\nYes, in loops too.\n\n');
      // A prompt before each question and one after the last answer; then how to continue the session.
      const sessionId = /--session ([0-9a-f-]{36})\)/.exec(run.stderr)?.[1];
      expect(sessionId).toBeDefined();
      expect(run.stderr).toBe(
        `lantern> lantern> lantern> \n(session ${sessionId}: continue with lantern chat --session ${sessionId})\n`,
      );
      expect(fake.requests[3]?.rawBody).toContain('A closure captures variables.');
    },
  );
});

const TS_ANSWER =
  '```typescript\nexport function add(a: number, b: number): number {\n  return a + b;\n}\n```';
const JS_ANSWER = '```javascript\nexport function add(a, b) {\n  return a + b;\n}\n```';

describe('lantern generate: which language', () => {
  const fakeModel = fakeModelPerTest();

  // The language generate wrote in, as --json reports it, for these arguments run in `cwd`.
  async function languageOf(args: readonly string[], answer: string, cwd?: string): Promise<string> {
    fakeModel().script({ kind: 'text', text: answer });
    const run = await runLantern(
      fakeModelEnv('anthropic', fakeModel()),
      ['generate', 'add', ...args, '--json'],
      cwd,
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    return (JSON.parse(run.stdout) as { language: string }).language;
  }

  it.each([
    ['ts', 'typescript', TS_ANSWER],
    ['TypeScript', 'typescript', TS_ANSWER],
    ['tsx', 'tsx', TS_ANSWER],
    ['py', 'python', ANSWER],
    ['Python', 'python', ANSWER],
    ['js', 'javascript', JS_ANSWER],
    ['javascript', 'javascript', JS_ANSWER],
  ])('--language %s is %s', async (alias, language, answer) => {
    expect(await languageOf(['--language', alias], answer)).toBe(language);
  });

  it('an unknown language is one line naming the valid ones, before asking the model', async () => {
    const run = await runLantern(fakeModelEnv('anthropic', fakeModel()), [
      'generate',
      'add',
      '--language',
      'cobol',
    ]);
    expect(oneLineError(run)).toBe(
      "lantern: unknown language 'cobol' (one of: python, py, typescript, ts, tsx, javascript, js, jsx, go, golang, rust, rs, java, c, cpp, c++, cxx, ruby, rb, csharp, c#, cs)",
    );
    expect(fakeModel().requests).toHaveLength(0);
  });

  it('without --language: from -o FILE, else the folder’s predominant language, else Python', async () => {
    const empty = freshDir('lantern-cli-generate-');
    expect(await languageOf(['-o', join(empty, 'maths.ts')], TS_ANSWER)).toBe('typescript');
    const project = freshDir('lantern-cli-generate-');
    for (const name of ['a.ts', 'b.ts', 'c.py']) writeFileSync(join(project, name), '');
    mkdirSync(join(project, 'src'));
    writeFileSync(join(project, 'src', 'd.tsx'), '');
    expect(await languageOf([], TS_ANSWER, project)).toBe('typescript');
    expect(await languageOf([], ANSWER, freshDir('lantern-cli-generate-'))).toBe('python');
  });

  it('--language that contradicts -o FILE is refused before asking the model', async () => {
    const file = join(freshDir('lantern-cli-generate-'), 'maths.py');
    const run = await runLantern(fakeModelEnv('anthropic', fakeModel()), [
      'generate',
      'add',
      '-o',
      file,
      '--language',
      'ts',
    ]);
    expect(oneLineError(run)).toBe(
      `lantern: ${file} is python, not typescript (drop --language or change -o)`,
    );
    expect(fakeModel().requests).toHaveLength(0);
  });
});

describe('lantern generate and lantern chat: bad input is one clear line and a non-zero exit', () => {
  const MISSING_KEY = 'provider is anthropic but ANTHROPIC_API_KEY is not set';
  let fake: FakeModelServer | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  it.each([
    ['generate', ['generate', 'a function add(a, b)', '--language', 'python']],
    ['chat', ['chat']],
  ])('%s with LANTERN_PROVIDER=anthropic and no key', async (_name, args) => {
    const run = await runLantern({ ...offlineEnv(), LANTERN_PROVIDER: 'anthropic' }, args, undefined, 'hi\n');
    expect(oneLineError(run)).toContain(MISSING_KEY);
    expect(run.stdout).toBe('');
  });

  it.each([
    ['a missing directory', '/nonexistent/dir/x.py', 'no such directory /nonexistent/dir'],
    ['a file as the directory', 'README.md/x.py', 'README.md is not a directory'],
  ])('generate -o into %s fails on the path before asking the model', async (_name, output, message) => {
    fake = await FakeModelServer.start();
    fake.fallback = { kind: 'text', text: ANSWER };
    const run = await runLantern(fakeModelEnv('anthropic', fake), ['generate', 'add', '-o', output]);
    expect(oneLineError(run)).toBe(`lantern: ${output}: ${message}`);
    expect(run.stdout).toBe('');
    expect(fake.requests).toHaveLength(0);
  });
});
