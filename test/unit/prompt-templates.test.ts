import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPrompt, renderTemplate } from '../../server/src/agent/prompt-templates.js';
import { REPO_ROOT } from '../support/paths.js';

const PROMPTS_DIR = join(REPO_ROOT, 'server', 'src', 'agent', 'prompts');
const SECTIONS_ERROR = "needs a '## system' and a '## user' section";

describe('shipped prompt templates', () => {
  const names = readdirSync(PROMPTS_DIR)
    .filter((file) => file.endsWith('.md'))
    .map((file) => file.slice(0, -'.md'.length));

  it.each(names)('%s.md loads: a version and both sections', (name) => {
    const prompt = loadPrompt(name);
    expect(prompt.name).toBe(name);
    expect(prompt.version).not.toBe('');
    expect(prompt.system.length).toBeGreaterThan(50);
    expect(prompt.user.length).toBeGreaterThan(0);
    expect(prompt.system).not.toContain('## user');
  });

  it('explain takes exactly kind, name, file and context', () => {
    const { user } = loadPrompt('explain');
    const values = { kind: 'function', name: 'add', file: 'src/math.ts', context: 'CONTEXT' };
    expect(renderTemplate(user, values)).toBe('Explain the function `add` in `src/math.ts`.\n\nCONTEXT');
    for (const key of Object.keys(values)) {
      const missing = Object.fromEntries(Object.entries(values).filter(([other]) => other !== key));
      expect(() => renderTemplate(user, missing)).toThrow(`{{${key}}}`);
    }
  });
});

describe('prompt template files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lantern-prompts-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // loadPrompt reads `<prompts>/<name>.md`; a relative name reaches a file written by the test.
  function load(text: string, file = `prompt-${Math.random().toString(36).slice(2)}`) {
    writeFileSync(join(dir, `${file}.md`), text);
    return loadPrompt(relative(PROMPTS_DIR, join(dir, file)));
  }

  it('parses the version from the front matter and trims the sections', () => {
    const prompt = load(
      '---\nversion: demo-3\nauthor: x\n---\n\n## system\n\n  Be brief.\n\n## user\n\nSay {{what}}.\n',
    );
    expect(prompt).toMatchObject({ version: 'demo-3', system: 'Be brief.', user: 'Say {{what}}.' });
  });

  it('refuses a template without front matter or without a version', () => {
    expect(() => load('## system\nS\n## user\nU\n')).toThrow('no version');
    expect(() => load('---\nauthor: x\n---\n## system\nS\n## user\nU\n')).toThrow('no version');
  });

  it('refuses a template without its system or user section', () => {
    expect(() => load('---\nversion: v1\n---\n## user\nU\n')).toThrow(SECTIONS_ERROR);
    expect(() => load('---\nversion: v1\n---\n## system\nS\n')).toThrow(SECTIONS_ERROR);
    expect(() => load('---\nversion: v1\n---\n## system\n\n## user\nU\n')).toThrow(SECTIONS_ERROR);
  });
});

describe('renderTemplate', () => {
  it('fills every placeholder, repeated ones included', () => {
    expect(renderTemplate('{{a}} and {{b}}, {{a}} again', { a: '1', b: '2' })).toBe('1 and 2, 1 again');
  });

  it('fails on a placeholder without a value instead of leaving a blank', () => {
    expect(() => renderTemplate('Explain {{name}} in {{fiel}}', { name: 'f', file: 'x.ts' })).toThrow(
      'prompt placeholder {{fiel}} has no value',
    );
  });

  it('inserts values literally: code with braces or $-patterns is not expanded again', () => {
    const code = 'const t = "{{name}}"; s.replace(/x/, "$& $1 $$");';
    expect(renderTemplate('Code: {{context}}', { context: code, name: 'NO' })).toBe(`Code: ${code}`);
  });
});
