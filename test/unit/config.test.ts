import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, resolveConfig } from '../../server/src/config.js';
import { environmentLayer, unwrapSection, userConfigFile } from '../../server/src/config-sources.js';
import { usageStoreOf } from '../../server/src/store/open-interactions.js';
import { REPO_ROOT } from '../support/paths.js';

describe('configuration', () => {
  it('has the documented defaults', () => {
    const { config, warnings } = resolveConfig([]);
    expect(warnings).toEqual([]);
    expect(config).toEqual(DEFAULT_CONFIG);
    expect(config).toMatchObject({
      provider: 'auto',
      model: '',
      hover: { explain: 'always', timeoutMs: 8_000 },
      cache: { store: 'sqlite', ttlSeconds: 30 * 24 * 3600 },
      circuitBreaker: { failureThreshold: 5, cooldownMs: 60_000 },
      request: { maxRetries: 2 },
      context: { maxTokens: 6_000 },
    });
  });

  it('layers later over earlier, merging nested objects key by key', () => {
    const { config, warnings } = resolveConfig([
      { model: 'from-user-file', hover: { explain: 'cached', timeoutMs: 1_000 } },
      { provider: 'openai' },
      { hover: { timeoutMs: 2_000 }, openai: { baseUrl: 'http://127.0.0.1:8080/v1' } },
      { model: 'from-workspace' },
    ]);
    expect(warnings).toEqual([]);
    expect(config.provider).toBe('openai');
    expect(config.model).toBe('from-workspace');
    // The later layer set only timeoutMs: explain keeps the earlier layer's value.
    expect(config.hover).toEqual({ explain: 'cached', timeoutMs: 2_000, modelDelayMs: 150 });
    expect(config.openai.baseUrl).toBe('http://127.0.0.1:8080/v1');
  });

  it('lets null in a later layer (an unset workspace setting) keep the earlier value', () => {
    const { config } = resolveConfig([
      { hover: { explain: 'off' } },
      { hover: { explain: null }, model: null },
    ]);
    expect(config.hover.explain).toBe('off');
    expect(config.model).toBe('');
  });

  it.each([
    ['a wrong type', { hover: { timeoutMs: 'fast' } }, 'hover.timeoutMs', 'the default 8000'],
    ['a value out of range', { request: { maxRetries: 11 } }, 'request.maxRetries', 'the default 2'],
    ['a negative number', { context: { maxTokens: -5 } }, 'context.maxTokens', 'the default 6000'],
    ['a value outside the enum', { provider: 'gpt' }, 'provider', 'the default "auto"'],
    ['a bad cache store', { cache: { store: 'mysql://db' } }, 'cache.store', 'the default "sqlite"'],
    ['a whole section of the wrong type', { hover: 'on' }, 'hover', 'the default {"explain":"always"'],
  ])('warns about %s, naming the key and the default used', (_, layer, key, fallback) => {
    const { config, warnings } = resolveConfig([layer]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.key).toBe(key);
    expect(warnings[0]?.message).toContain(`\`${key}\``);
    expect(warnings[0]?.message).toContain(`using ${fallback}`);
    expect(config).toEqual(DEFAULT_CONFIG);
  });

  it('keeps the valid settings of a layer that has invalid ones, and falls back to the default', () => {
    const { config, warnings } = resolveConfig([
      { hover: { timeoutMs: 500 } },
      {
        provider: 'openai',
        hover: { explain: 'cached', timeoutMs: 'soon' },
        cache: { store: 'mongodb://x', ttlSeconds: 60 },
        request: { maxRetries: 99, timeoutMs: 5_000 },
      },
    ]);
    expect(warnings.map((warning) => warning.key).sort()).toEqual([
      'cache.store',
      'hover.timeoutMs',
      'request.maxRetries',
    ]);
    expect(config.provider).toBe('openai');
    expect(config.hover.explain).toBe('cached');
    // The invalid value is dropped as a whole, earlier layers included: the default applies.
    expect(config.hover.timeoutMs).toBe(8_000);
    expect(config.cache).toEqual({
      store: 'sqlite',
      ttlSeconds: 60,
      usageStore: '',
      maxInteractions: 100_000,
    });
    expect(config.request).toMatchObject({ maxRetries: 2, timeoutMs: 5_000 });
  });

  it('drops only the broken elements of a list, each reported by its key', () => {
    const action = (title: string) => ({ title, prompt: `do ${title}` });
    const { config, warnings } = resolveConfig([
      {
        customActions: [
          action('a'),
          { title: 'b' },
          action('c'),
          { ...action('d'), kind: 'magic' },
          action('e'),
        ],
        tests: { trustedWorkspaces: ['/ok', 7, '/also-ok'] },
      },
    ]);
    expect(config.customActions.map((custom) => custom.title)).toEqual(['a', 'c', 'e']);
    expect(config.customActions[0]).toEqual({
      title: 'a',
      prompt: 'do a',
      kind: 'refactor.rewrite',
      languages: [],
      answer: 'edit',
    });
    expect(config.tests.trustedWorkspaces).toEqual(['/ok', '/also-ok']);
    expect(warnings.map((warning) => warning.key).sort()).toEqual([
      'customActions.1.prompt',
      'customActions.3.kind',
      'tests.trustedWorkspaces.1',
    ]);
    expect(warnings.find((w) => w.key === 'customActions.1.prompt')?.message).toContain(
      'ignoring `customActions.1`',
    );
  });

  it('accepts the README customActions example as written', () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    const example = /```json\n(\{\n {2}"customActions"[\s\S]*?)\n```/.exec(readme)?.[1];
    const { config, warnings } = resolveConfig([JSON.parse(example ?? 'null')]);
    expect(warnings).toEqual([]);
    expect(config.customActions.map((action) => [action.title, action.answer])).toEqual([
      ['Make {{name}} iterative', 'edit'],
      ['Review {{name}}', 'message'],
    ]);
  });

  it('accepts memory, redis and postgres URLs as cache stores', () => {
    for (const store of [
      'memory',
      'sqlite',
      'redis://127.0.0.1:6379',
      'rediss://user:pw@cache:6380/2',
      'postgres://lantern:pw@db:5432/lantern',
      'postgresql://db/lantern?sslmode=require',
    ]) {
      const { config, warnings } = resolveConfig([{ cache: { store } }]);
      expect(warnings).toEqual([]);
      expect(config.cache.store).toBe(store);
    }
  });
});

describe('configuration sources', () => {
  it('accepts settings wrapped in a `lantern` section or plain', () => {
    expect(unwrapSection({ lantern: { model: 'm' } })).toEqual({ model: 'm' });
    expect(unwrapSection({ model: 'm' })).toEqual({ model: 'm' });
    expect(unwrapSection(null)).toBeNull();
    expect(resolveConfig([unwrapSection({ lantern: { provider: 'offline' } })]).config.provider).toBe(
      'offline',
    );
  });

  it('maps LANTERN_PROVIDER and LANTERN_MODEL, and nothing else', () => {
    expect(
      environmentLayer({ LANTERN_PROVIDER: 'openai', LANTERN_MODEL: 'qwen2.5-coder', HOME: '/h' }),
    ).toEqual({
      provider: 'openai',
      model: 'qwen2.5-coder',
    });
    expect(environmentLayer({ LANTERN_PROVIDER: '', ANTHROPIC_API_KEY: 'sk-secret' })).toEqual({});
  });

  it('takes the store from LANTERN_CACHE_STORE (a container sets it from its Secret)', () => {
    const layer = environmentLayer({ LANTERN_CACHE_STORE: 'redis://127.0.0.1:6379' });
    expect(resolveConfig([{ cache: { ttlSeconds: 60 } }, layer]).config.cache).toEqual({
      ...DEFAULT_CONFIG.cache,
      store: 'redis://127.0.0.1:6379',
      ttlSeconds: 60,
    });
    const bad = resolveConfig([environmentLayer({ LANTERN_CACHE_STORE: 'mysql://db' })]);
    expect(bad.warnings.map((warning) => warning.key)).toEqual(['cache.store']);
  });

  it("takes the usage log's store from LANTERN_USAGE_STORE; without it the log stays in cache.store", () => {
    const both = environmentLayer({
      LANTERN_CACHE_STORE: 'redis://cache:6379',
      LANTERN_USAGE_STORE: 'postgres://lantern:pw@db:5432/lantern',
    });
    const { cache } = resolveConfig([both]).config;
    expect([cache.store, cache.usageStore]).toEqual([
      'redis://cache:6379',
      'postgres://lantern:pw@db:5432/lantern',
    ]);
    expect(usageStoreOf(cache)).toBe('postgres://lantern:pw@db:5432/lantern');
    const cacheOnly = resolveConfig([environmentLayer({ LANTERN_CACHE_STORE: 'redis://cache:6379' })]).config;
    expect(usageStoreOf(cacheOnly.cache)).toBe('redis://cache:6379');
    expect(usageStoreOf(DEFAULT_CONFIG.cache)).toBe('sqlite');
    const bad = resolveConfig([environmentLayer({ LANTERN_USAGE_STORE: 'mysql://db' })]);
    expect(bad.warnings.map((warning) => warning.key)).toEqual(['cache.usageStore']);
  });

  it('reports a bad LANTERN_PROVIDER as a warning on `provider`', () => {
    const { config, warnings } = resolveConfig([environmentLayer({ LANTERN_PROVIDER: 'claude' })]);
    expect(config.provider).toBe('auto');
    expect(warnings.map((warning) => warning.key)).toEqual(['provider']);
  });

  describe('user config file', () => {
    let home: string | undefined;
    afterEach(() => {
      if (home) rmSync(home, { recursive: true, force: true });
      home = undefined;
    });

    function configHome(text: string | undefined): string {
      home = mkdtempSync(join(tmpdir(), 'lantern-config-'));
      if (text !== undefined) {
        mkdirSync(join(home, 'lantern'));
        writeFileSync(join(home, 'lantern', 'config.json'), text);
      }
      return home;
    }

    it('reads $XDG_CONFIG_HOME/lantern/config.json, wrapped or plain', () => {
      const wrapped = userConfigFile({ XDG_CONFIG_HOME: configHome('{"lantern": {"model": "m1"}}') });
      expect(wrapped).toEqual({ layer: { model: 'm1' } });
      rmSync(home ?? '', { recursive: true, force: true });
      const plain = userConfigFile({ XDG_CONFIG_HOME: configHome('{"hover": {"explain": "off"}}') });
      expect(plain).toEqual({ layer: { hover: { explain: 'off' } } });
    });

    it('ignores a missing file without a problem', () => {
      expect(userConfigFile({ XDG_CONFIG_HOME: configHome(undefined) })).toEqual({ layer: undefined });
    });

    it('reports invalid JSON with the file path, and contributes nothing', () => {
      const dir = configHome('{"model": "m",}');
      const result = userConfigFile({ XDG_CONFIG_HOME: dir });
      expect(result.layer).toBeUndefined();
      expect(result.problem).toContain(join(dir, 'lantern', 'config.json'));
      expect(result.problem).toContain('not valid JSON');
    });
  });
});
