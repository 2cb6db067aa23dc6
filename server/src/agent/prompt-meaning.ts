import { codeMeaning, exactLines } from '../syntax/code-meaning.js';
import type { GrammarRegistry } from '../syntax/grammar-registry.js';
import { allLanguages } from '../syntax/languages.js';

// A hover asks for the same prompt again and again; its code blocks are parsed once.
const MEMO_ENTRIES = 256;

const OPENING_FENCE = /^(`{3,}|~{3,})([^\s`]*)\s*$/;

/**
 * A prompt as the cache key sees it: equal for prompts a model would read alike. Prose has its
 * whitespace collapsed; a fenced block in a language Lantern parses is reduced to its syntax
 * (`codeMeaning`: reformatting is free, a Python statement moved into a block or a string changed is
 * not); a block in any other language is kept as written, since its indentation may be syntax (YAML).
 */
export class PromptMeaning {
  readonly #memo = new Map<string, string>();

  constructor(private readonly registry: GrammarRegistry) {}

  of(prompt: string): string {
    const parts: string[] = [];
    const lines = prompt.split(/\r\n|\r|\n/);
    let prose: string[] = [];
    const flushProse = () => {
      const text = prose
        .map((line) => line.trim().replace(/\s+/g, ' '))
        .filter((line) => line !== '')
        .join('\n');
      if (text !== '') parts.push(`prose\n${text}`);
      prose = [];
    };
    for (let index = 0; index < lines.length; index++) {
      const line = lines[index] ?? '';
      const opening = OPENING_FENCE.exec(line);
      if (!opening) {
        prose.push(line);
        continue;
      }
      flushProse();
      const fence = opening[1] ?? '';
      const tag = opening[2] ?? '';
      const code: string[] = [];
      for (index++; index < lines.length && lines[index]?.trim() !== fence; index++) {
        code.push(lines[index] ?? '');
      }
      parts.push(`code ${tag}\n${this.#code(tag, code.join('\n'))}`);
    }
    flushProse();
    return JSON.stringify(parts);
  }

  #code(tag: string, code: string): string {
    const spec = allLanguages().find((candidate) => candidate.fence === tag);
    if (!spec) return exactLines(code);
    const memoKey = `${tag}\n${code}`;
    const known = this.#memo.get(memoKey);
    if (known !== undefined) return known;
    const meaning = codeMeaning(code, this.registry.get(spec.name));
    this.#memo.set(memoKey, meaning);
    // Least recently added goes first: a Map iterates in insertion order.
    if (this.#memo.size > MEMO_ENTRIES) this.#memo.delete(this.#memo.keys().next().value as string);
    return meaning;
  }
}
