import { describe, expect, it } from 'vitest';
import type { InitializeResult } from 'vscode-languageserver-protocol';
import {
  accepted,
  completionItems,
  INLINE_CLIENT,
  ITEMS_CLIENT,
  inlineCompletion,
  insertedAt,
} from '../support/completion-session.js';
import { cursor } from '../support/cursor.js';
import { LspSession } from '../support/lsp-session.js';
import { modelSessionsPerTest, promptOf, shownMessages } from '../support/model-session.js';

const capabilitiesOf = (session: LspSession) =>
  (session as LspSession & { initializeResult: InitializeResult }).initializeResult.capabilities;

const TS_URI = 'file:///work/cart.ts';
const PY_URI = 'file:///work/stats.py';
const QUICK = { completion: { debounceMs: 0 } };

// A TypeScript file indented by two spaces, the cursor on a blank line inside a function body.
const TOTAL = cursor(
  [
    "import { round } from './money';",
    '',
    'export function total(prices: number[]): number {',
    '  let sum = 0;',
    '  <|>',
    '}',
    '',
  ].join('\n'),
);

describe('completion as you type (Claude, a prompt asking for the middle)', () => {
  const models = modelSessionsPerTest('anthropic');

  it('offers multi-line ghost text in the file’s indentation, with the structure in the prompt', async () => {
    // The model indents with tabs, the file with two spaces; its block ends the function.
    models.fake.script({
      kind: 'text',
      text: 'Here it is:\n```typescript\nfor (const price of prices) {\n\t\tsum += price;\n\t}\n\treturn round(sum);\n```',
    });
    const { session } = await models.start({ settings: QUICK, client: { capabilities: INLINE_CLIENT } });
    expect(capabilitiesOf(session).inlineCompletionProvider).toBe(true);
    expect(capabilitiesOf(session).completionProvider).toBeUndefined();
    await session.open(TS_URI, 'typescript', TOTAL.text);
    const text = await inlineCompletion(session, TS_URI, TOTAL.position);
    expect(text).toBe('for (const price of prices) {\n    sum += price;\n  }\n  return round(sum);');
    const { system, user } = promptOf(models.fake.requests[0] as never);
    expect(system).toContain('2 spaces per level');
    expect(user).toContain("import { round } from './money';");
    expect(user).toContain('inside the function `total`');
    expect(user).toContain('  let sum = 0;\n  <CURSOR>\n}');
  });

  it('stops at the end of the enclosing block and drops what repeats the suffix', async () => {
    // The answer closes the function the suffix already closes, then starts another one.
    models.fake.script({
      kind: 'text',
      text: '```ts\n  return sum;\n}\n\nexport function average(xs: number[]) {\n  return 0;\n}\n```',
    });
    const { session } = await models.start({ settings: QUICK, client: { capabilities: INLINE_CLIENT } });
    await session.open(TS_URI, 'typescript', TOTAL.text);
    expect(await inlineCompletion(session, TS_URI, TOTAL.position)).toBe('return sum;');
  });

  it('removes the overlap with an auto-closed bracket after the cursor', async () => {
    const call = cursor('const names = ["b", "a"];\nconsole.log(<|>);\n');
    models.fake.script({ kind: 'text', text: '```ts\nconsole.log(names.sort());\n```' });
    const { session } = await models.start({ settings: QUICK, client: { capabilities: INLINE_CLIENT } });
    await session.open(TS_URI, 'typescript', call.text);
    expect(await inlineCompletion(session, TS_URI, call.position)).toBe('names.sort()');
  });

  it('trims an answer to its longest start that parses, and drops one that never does', async () => {
    models.fake.script(
      { kind: 'text', text: '```ts\nsum += 1;\nif (sum > {\n```' },
      { kind: 'text', text: '```ts\n}) => {{\n```' },
    );
    const { session } = await models.start({ settings: QUICK, client: { capabilities: INLINE_CLIENT } });
    await session.open(TS_URI, 'typescript', TOTAL.text);
    const trimmed = await inlineCompletion(session, TS_URI, TOTAL.position);
    expect(trimmed).toBe('sum += 1;');
    // Another place, so the first answer is not reused.
    const other = cursor(TOTAL.text.replace('let sum = 0;', 'let sum = 0;<|>'));
    await session.change(TS_URI, [{ text: other.text }]);
    expect(await inlineCompletion(session, TS_URI, other.position)).toBe('');
    expect(models.fake.requests).toHaveLength(2);
  });

  it('drops an answer for a version of the document that is gone, and closes its request', async () => {
    let release = () => {};
    models.fake.script({
      kind: 'gate',
      text: '```ts\nreturn sum;\n```',
      release: new Promise<void>((resolve) => {
        release = resolve;
      }),
    });
    const { session } = await models.start({ settings: QUICK, client: { capabilities: INLINE_CLIENT } });
    await session.open(TS_URI, 'typescript', TOTAL.text);
    const pending = inlineCompletion(session, TS_URI, TOTAL.position);
    const asked = await models.fake.waitForRequests(1);
    await session.change(TS_URI, [{ text: TOTAL.text.replace('let sum = 0;', 'let sum = 1;') }]);
    await asked.closed;
    release();
    expect(await pending).toBe('');
  });

  it('makes at most 2 model calls for a burst of 20 keystrokes 30 ms apart, cancelling the earlier upstream', async () => {
    models.fake.script({ kind: 'hang' });
    models.fake.fallback = { kind: 'text', text: '```ts\nreturn sum;\n```' };
    const { session } = await models.start({ client: { capabilities: INLINE_CLIENT } });
    let text = TOTAL.text;
    await session.open(TS_URI, 'typescript', text);
    // A pause: the first request reaches the model (after the debounce), which hangs.
    const first = inlineCompletion(session, TS_URI, TOTAL.position);
    const hanging = await models.fake.waitForRequests(1);
    const answers: Promise<string>[] = [first];
    let position = TOTAL.position;
    for (let key = 0; key < 20; key++) {
      const at = { ...position };
      text = insertedAt(text, at, 'x');
      position = { line: at.line, character: at.character + 1 };
      await session.change(TS_URI, [{ range: { start: at, end: at }, text: 'x' }]);
      answers.push(inlineCompletion(session, TS_URI, position));
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    const results = await Promise.all(answers);
    await hanging.closed;
    expect(models.fake.requests.length).toBeLessThanOrEqual(2);
    expect(results.slice(0, -1).every((result) => result === '')).toBe(true);
  });

  it('offers one multi-line completion item to an editor without ghost text (Python)', async () => {
    const mean = cursor(['def mean(values):', '    total = 0', '    <|>', ''].join('\n'));
    models.fake.script({
      kind: 'text',
      text: '```python\n    for value in values:\n        total += value\n    return total / len(values)\n```',
    });
    const { session } = await models.start({ settings: QUICK, client: { capabilities: ITEMS_CLIENT } });
    expect(capabilitiesOf(session).completionProvider).toBeTruthy();
    expect(capabilitiesOf(session).inlineCompletionProvider).toBeUndefined();
    await session.open(PY_URI, 'python', mean.text);
    const items = await completionItems(session, PY_URI, mean.position);
    expect(items).toHaveLength(1);
    expect(accepted(mean.text, items[0] as never)).toBe(
      [
        'def mean(values):',
        '    total = 0',
        '    for value in values:',
        '        total += value',
        '    return total / len(values)',
        '',
      ].join('\n'),
    );
  });

  it('completes the word being typed: the item replaces it, so menus filter by it', async () => {
    const word = cursor(['def mean(values):', '    total = 0', '    ret<|>', ''].join('\n'));
    models.fake.script({ kind: 'text', text: '```python\nurn total\n```' });
    const { session } = await models.start({ settings: QUICK, client: { capabilities: ITEMS_CLIENT } });
    await session.open(PY_URI, 'python', word.text);
    const [item] = await completionItems(session, PY_URI, word.position);
    expect(item?.filterText).toBe('return total');
    expect(accepted(word.text, item as never)).toContain('    return total\n');
  });
});

describe('completion that stays out of the way', () => {
  const models = modelSessionsPerTest('anthropic');
  const RETURN = '```ts\nreturn sum;\n```';

  it('answers the same structural context from its cache, however the rest of the file changes', async () => {
    models.fake.script({ kind: 'text', text: RETURN });
    const { session } = await models.start({ settings: QUICK, client: { capabilities: INLINE_CLIENT } });
    await session.open(TS_URI, 'typescript', TOTAL.text);
    expect(await inlineCompletion(session, TS_URI, TOTAL.position)).toBe('return sum;');
    // An edit elsewhere (a statement added below): the function around the cursor and the imports are
    // the same, and so is the question.
    const edited = `${TOTAL.text}export const VERSION = 2;\n`;
    await session.change(TS_URI, [{ text: edited }]);
    expect(await inlineCompletion(session, TS_URI, TOTAL.position)).toBe('return sum;');
    expect(models.fake.requests).toHaveLength(1);
  });

  it('offers the rest of its completion as the user types it, without asking again', async () => {
    models.fake.script({ kind: 'text', text: RETURN });
    const { session } = await models.start({ settings: QUICK, client: { capabilities: INLINE_CLIENT } });
    await session.open(TS_URI, 'typescript', TOTAL.text);
    expect(await inlineCompletion(session, TS_URI, TOTAL.position)).toBe('return sum;');
    const at = TOTAL.position;
    await session.change(TS_URI, [{ range: { start: at, end: at }, text: 'ret' }]);
    const typed = { line: at.line, character: at.character + 3 };
    expect(await inlineCompletion(session, TS_URI, typed)).toBe('urn sum;');
    expect(models.fake.requests).toHaveLength(1);
  });

  it('keeps to the per-minute budget of model calls', async () => {
    models.fake.fallback = { kind: 'text', text: RETURN };
    const settings = { completion: { debounceMs: 0, maxCallsPerMinute: 1 } };
    const { session } = await models.start({ settings, client: { capabilities: INLINE_CLIENT } });
    await session.open(TS_URI, 'typescript', TOTAL.text);
    expect(await inlineCompletion(session, TS_URI, TOTAL.position)).toBe('return sum;');
    const other = cursor(TOTAL.text.replace('let sum = 0;', 'let sum = 0;<|>'));
    await session.change(TS_URI, [{ text: other.text }]);
    expect(await inlineCompletion(session, TS_URI, other.position)).toBe('');
    expect(models.fake.requests).toHaveLength(1);
  });

  it('is off where the settings say so: everywhere, or in one language', async () => {
    models.fake.fallback = { kind: 'text', text: RETURN };
    const mean = cursor(['def mean(values):', '    total = 0', '    <|>', ''].join('\n'));
    const settings = { completion: { debounceMs: 0, disabledLanguages: ['python'] } };
    const pulling = { ...INLINE_CLIENT, workspace: { ...INLINE_CLIENT.workspace, configuration: true } };
    const { session } = await models.start({ settings, client: { capabilities: pulling } });
    await session.open(PY_URI, 'python', mean.text);
    await session.open(TS_URI, 'typescript', TOTAL.text);
    expect(await inlineCompletion(session, PY_URI, mean.position)).toBe('');
    expect(await inlineCompletion(session, TS_URI, TOTAL.position)).toBe('return sum;');
    const pulls = () =>
      session.received.filter(
        (message) => 'method' in message && message.method === 'workspace/configuration',
      ).length;
    const pulled = pulls();
    session.workspaceConfiguration = { completion: { enabled: false } };
    await session.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await session.waitForMessage(() => pulls() > pulled);
    await session.request('lantern/status'); // the answer to the pull is on its way before this
    await session.change(TS_URI, [{ text: TOTAL.text.replace('let sum = 0;', 'let sum = 2;') }]);
    expect(await inlineCompletion(session, TS_URI, TOTAL.position)).toBe('');
    expect(models.fake.requests).toHaveLength(1);
  });
});

describe('completion through native fill-in-the-middle endpoints', () => {
  const models = modelSessionsPerTest('openai');

  it('asks llama.cpp’s /infill with the prefix, the suffix and the structure as input_extra', async () => {
    models.fake.script({ kind: 'text', text: 'for (const price of prices) sum += price;\n  return sum;' });
    const settings = { completion: { debounceMs: 0, fim: 'llamacpp' } };
    const { session } = await models.start({ settings, client: { capabilities: INLINE_CLIENT } });
    await session.open(TS_URI, 'typescript', TOTAL.text);
    const text = await inlineCompletion(session, TS_URI, TOTAL.position);
    expect(text).toBe('for (const price of prices) sum += price;\n  return sum;');
    const request = models.fake.requests[0];
    expect(request?.path).toBe('/infill');
    const body = request?.body as { input_prefix: string; input_suffix: string; input_extra: unknown[] };
    expect(body.input_prefix.endsWith('  let sum = 0;\n  ')).toBe(true);
    expect(body.input_suffix).toBe('\n}\n');
    expect(JSON.stringify(body.input_extra)).toContain("import { round } from './money';");
  });
});

describe('a separate completion model', () => {
  const models = modelSessionsPerTest('anthropic');

  it('completes with a local Ollama model (suffix on /api/generate) while Claude stays the main model', async () => {
    models.fake.script({ kind: 'text', text: 'return sum;' });
    const settings = {
      openai: { baseUrl: `${models.fake.url}/v1` },
      completion: { debounceMs: 0, provider: 'openai', fim: 'ollama', model: 'tiny-coder' },
    };
    const { session } = await models.start({ settings, client: { capabilities: INLINE_CLIENT } });
    await session.open(TS_URI, 'typescript', TOTAL.text);
    expect(await inlineCompletion(session, TS_URI, TOTAL.position)).toBe('return sum;');
    const request = models.fake.requests[0];
    expect(request?.path).toBe('/api/generate');
    expect(request?.body).toMatchObject({ model: 'tiny-coder', suffix: '\n}\n', stream: false });
    const status = await session.request<{ provider: string }>('lantern/status');
    expect(status.provider).toBe('anthropic');
  });
});

describe('completion offline', () => {
  it('answers no completion, without an error or a message', async () => {
    const session = await LspSession.start({ traceName: 'completion-offline', capabilities: ITEMS_CLIENT });
    try {
      await session.open(TS_URI, 'typescript', TOTAL.text);
      expect(await completionItems(session, TS_URI, TOTAL.position)).toEqual([]);
      expect(shownMessages(session)).toEqual([]);
    } finally {
      await session.finish();
    }
  });
});
