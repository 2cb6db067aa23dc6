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

  it('takes the block the caller can use, never the longest: a usage example is not the unit', () => {
    const answer =
      '```ts\nfunction f(x: number) {\n  return x;\n}\n```\n\n~~~ts\nconst longer = f(1) + f(2) + f(3);\n~~~\n';
    const judge = { what: '`f`', isCandidate: (code: string) => code.startsWith('function') };
    expect(extractCodeBlock(answer, judge)).toBe('function f(x: number) {\n  return x;\n}');
  });

  it.each([
    ['Before:', 'After:'],
    ['**Original**', '**Fixed**'],
    ['The buggy version:', 'Corrected:'],
  ])('takes the block labelled %s over the one labelled %s, whatever their length', (old, fixed) => {
    const answer = `${old}\n\n\`\`\`python\ndef f():\n    return 1  # <- BUG, a long comment\n\`\`\`\n\n${fixed}\n\n\`\`\`python\ndef f():\n    return 2\n\`\`\`\n`;
    expect(extractCodeBlock(answer)).toBe('def f():\n    return 2');
  });

  it('never takes a shell command or output block for the code', () => {
    const answer =
      'Install it:\n\n```bash\nnpm install --save-dev vitest@latest\n```\n\n```ts\ntest("a", () => {});\n```\n';
    expect(extractCodeBlock(answer)).toBe('test("a", () => {});');
  });

  it('refuses different unlabelled blocks, saying it does not guess', () => {
    const answer =
      '```python\ndef f():\n    return 1\n```\n\nOr:\n\n```python\ndef f():\n    return 2\n```\n';
    expect(rejection(answer)).toContain(
      'the answer has 2 code blocks with different versions of the code to use',
    );
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
