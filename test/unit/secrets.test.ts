import { describe, expect, it } from 'vitest';
import type { ModelProvider } from '../../server/src/llm/provider.js';
import { RedactingProvider } from '../../server/src/llm/redacting-provider.js';
import { childEnv, REDACTED, redactSecrets, secretValues } from '../../server/src/secrets.js';

const KEY = 'sk-ant-unit-SECRET-0123456789';

describe('redactSecrets', () => {
  it('removes the key wherever it is, and a leading part of it left by a cut', () => {
    expect(redactSecrets(`x-api-key: ${KEY}; again ${KEY}`, [KEY])).toBe(
      `x-api-key: ${REDACTED}; again ${REDACTED}`,
    );
    expect(redactSecrets(`Bearer ${KEY.slice(0, 15)}`, [KEY])).toBe(`Bearer ${REDACTED}`);
  });

  it('leaves short values alone: a local key "ollama" must not blank out a word of every answer', () => {
    expect(redactSecrets('run ollama locally', ['ollama'])).toBe('run ollama locally');
  });
});

describe('secretValues and childEnv', () => {
  const env = {
    ANTHROPIC_API_KEY: KEY,
    OPENAI_API_KEY: 'ollama',
    LANTERN_REDIS_PASSWORD: 'redis-pass-123456',
    MY_COPY: `key=${KEY}`,
    PATH: '/usr/bin',
  };

  it('knows the model keys and Lantern credentials by name', () => {
    expect(secretValues(env).sort()).toEqual([KEY, 'ollama', 'redis-pass-123456'].sort());
  });

  it('gives children neither the credentials nor a copy of one under another name', () => {
    expect(childEnv(env)).toEqual({ PATH: '/usr/bin' });
  });
});

// A store URL holds the database's password (LANTERN_CACHE_STORE=postgres://lantern:…@db/lantern in a
// container): the variable is not named like a credential, but it carries one.
describe('credentials inside URLs', () => {
  const STORE = 'postgres://lantern:pg-Pass-2f9e1c@db:5432/lantern';
  const env = {
    LANTERN_CACHE_STORE: STORE,
    LANTERN_USAGE_STORE: 'postgres://lantern:usage-Pw-77ab@db:5432/lantern',
    REDIS_URL: 'redis://:short@cache:6379',
    PATH: '/usr/bin',
  };

  it('keeps a URL with a password out of child environments, whatever the variable is called', () => {
    expect(childEnv(env)).toEqual({ PATH: '/usr/bin' });
  });

  it('redacts the password of any URL, however short, and knows it as a secret value', () => {
    expect(secretValues(env)).toContain('pg-Pass-2f9e1c');
    expect(secretValues(env)).toContain('usage-Pw-77ab');
    expect(redactSecrets(`could not reach ${STORE}: refused`, secretValues(env))).toBe(
      `could not reach postgres://lantern:${REDACTED}@db:5432/lantern: refused`,
    );
    expect(redactSecrets('redis://:short@cache:6379 is down', [])).toBe(
      `redis://:${REDACTED}@cache:6379 is down`,
    );
    // A URL without a password is left as it is.
    expect(redactSecrets('see https://example.com/a:b and redis://cache:6379', [])).toBe(
      'see https://example.com/a:b and redis://cache:6379',
    );
  });
});

describe('RedactingProvider', () => {
  /** A provider streaming `pieces` (a key split across two of them), or failing with `error`. */
  function streaming(pieces: string[]): ModelProvider {
    return {
      name: 'anthropic',
      model: 'm',
      endpoint: 'e',
      async complete(_request, { onText }) {
        for (const piece of pieces) onText?.(piece);
        return { text: pieces.join(''), usage: { inputTokens: 1, outputTokens: 1 } };
      },
    };
  }

  it('redacts a key split over streamed pieces, and the final answer', async () => {
    const streamed: string[] = [];
    const provider = new RedactingProvider(streaming(['Your key is ', KEY.slice(0, 9), `${KEY.slice(9)}.`]), [
      KEY,
    ]);
    const answer = await provider.complete(
      { system: '', messages: [], maxOutputTokens: 10 },
      { signal: new AbortController().signal, onText: (text) => streamed.push(text) },
    );
    expect(streamed.join('')).toBe(`Your key is ${REDACTED}.`);
    expect(answer.text).toBe(`Your key is ${REDACTED}.`);
  });
});
