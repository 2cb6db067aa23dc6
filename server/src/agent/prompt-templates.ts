import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ModelRequest } from '../llm/provider.js';
import { grammarsDir } from '../syntax/languages.js';

/** A prompt template: its version (part of every cache key) and its system and user parts. */
export interface PromptTemplate {
  readonly name: string;
  readonly version: string;
  readonly system: string;
  readonly user: string;
}

/**
 * Loads `agent/prompts/<name>.md`. Templates are markdown with a `version:` front matter and two
 * sections, `## system` and `## user`; `{{placeholders}}` are filled by `renderTemplate`.
 * Changing a template's wording must bump its version, so cached answers of the old one miss.
 */
export function loadPrompt(name: string): PromptTemplate {
  const text = readFileSync(join(promptsDir(), `${name}.md`), 'utf8');
  const front = /^---\n([\s\S]*?)\n---\n/.exec(text);
  const version = front ? /version:\s*(\S+)/.exec(front[1] ?? '')?.[1] : undefined;
  if (!front || !version) throw new Error(`prompt ${name}.md has no version in its front matter`);
  const body = text.slice(front[0].length);
  const system = /## system\n([\s\S]*?)(?=\n## user\n|$)/.exec(body)?.[1]?.trim();
  const user = /## user\n([\s\S]*)$/.exec(body)?.[1]?.trim();
  if (!system || !user) throw new Error(`prompt ${name}.md needs a '## system' and a '## user' section`);
  return { name, version, system, user };
}

/** Fills `{{key}}` placeholders; an unknown placeholder is an error, not a silent blank. */
export function renderTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
    const value = values[key];
    if (value === undefined) throw new Error(`prompt placeholder {{${key}}} has no value`);
    return value;
  });
}

// The .md files are not compiled: they are read from server/src/agent/prompts in both the sources
// and the built package (found next to grammars/).
function promptsDir(): string {
  const beside = join(dirname(fileURLToPath(import.meta.url)), 'prompts');
  try {
    readFileSync(join(beside, 'explain.md'));
    return beside;
  } catch {
    return join(dirname(grammarsDir()), 'server', 'src', 'agent', 'prompts');
  }
}

/** A one-turn request from a template: its system and user parts rendered with the same values. */
export function promptRequest(
  prompt: PromptTemplate,
  values: Readonly<Record<string, string>>,
  maxOutputTokens: number,
): ModelRequest {
  return {
    system: renderTemplate(prompt.system, values),
    messages: [{ role: 'user', content: renderTemplate(prompt.user, values) }],
    maxOutputTokens,
  };
}
