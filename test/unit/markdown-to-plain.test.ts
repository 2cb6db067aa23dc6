import { describe, expect, it } from 'vitest';
import { markdownToPlain } from '../../server/src/lsp/markdown-to-plain.js';

describe('markdownToPlain', () => {
  it('drops fences, emphasis, backticks and rules, keeping the words', () => {
    const markdown =
      '```python\ndef f(*args, **kwargs) -> int\n```\n\n*function* **f** — lines 1–3\n\n**Calls:** `g`, `h`\n\n---\n\nIt *adds* things.';
    expect(markdownToPlain(markdown)).toBe(
      'def f(*args, **kwargs) -> int\n\nfunction f — lines 1–3\n\nCalls: g, h\n\nIt adds things.',
    );
  });
});
