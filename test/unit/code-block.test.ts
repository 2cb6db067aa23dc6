import { describe, expect, it } from 'vitest';
import { AnswerRejected, extractCodeBlock } from '../../server/src/agent/edits/code-block.js';

function rejection(answer: string): string {
  try {
    extractCodeBlock(answer);
  } catch (error) {
    if (error instanceof AnswerRejected) return error.reason;
    throw error;
  }
  throw new Error('expected the answer to be rejected');
}

describe('extractCodeBlock', () => {
  it('takes the code of the one fenced block, prose before and after ignored', () => {
    expect(extractCodeBlock('The fix:\n\n```python\ndef f():\n    return 1\n```\n\nThat is all.')).toBe(
      'def f():\n    return 1',
    );
  });

  it('takes the longest of several blocks (the others are usage examples), tilde fences too', () => {
    const answer = '~~~ts\nf(1);\n~~~\n\n```ts\nfunction f(x: number) {\n  return x;\n}\n```\n';
    expect(extractCodeBlock(answer)).toBe('function f(x: number) {\n  return x;\n}');
  });

  it('refuses an answer with no fenced block', () => {
    expect(rejection('Replace `itemz` with `item` on line 9.')).toBe(
      'the answer contains no fenced code block',
    );
  });

  it.each([
    ['an empty block', 'Here it is:\n\n```python\n```\n'],
    ['a block of blank lines', '```ts\n\n   \n\t\n```'],
    ['only empty blocks', '```\n```\n\n~~~python\n\n~~~'],
  ])('refuses %s: there is no code to apply', (_, answer) => {
    expect(rejection(answer)).toBe('the answer’s code block is empty');
  });
});
