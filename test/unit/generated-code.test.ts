import { describe, expect, it } from 'vitest';
import { AnswerRejected, extractCodeBlock } from '../../server/src/agent/edits/code-block.js';
import { generatedCodeJudge } from '../../server/src/agent/generate/generated-code.js';
import { GrammarRegistry } from '../../server/src/syntax/grammar-registry.js';
import { SyntaxDocument } from '../../server/src/syntax/syntax-document.js';

const registry = new GrammarRegistry();
const document = new SyntaxDocument('file:///w/cart.py', 'python', 1, 'import os\n', registry);
const pick = (answer: string) => extractCodeBlock(answer, generatedCodeJudge(answer, document, registry));

describe('which block of a generate answer is the code to insert', () => {
  it('the block defining a function, not the longer usage example after it', () => {
    const answer =
      'Plan.\n\n```python\ndef total(xs):\n    return sum(xs)\n```\n\nUsage:\n\n```python\nprint(total([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]))\n```\n';
    expect(pick(answer)).toBe('def total(xs):\n    return sum(xs)');
  });

  it('statements when no block defines anything, and a refusal when two such blocks differ', () => {
    expect(pick('```python\nfor x in xs:\n    print(x)\n```')).toBe('for x in xs:\n    print(x)');
    expect(() => pick('```python\nx = 1\n```\n\n```python\nx = 2\n```')).toThrow(AnswerRejected);
  });
});
