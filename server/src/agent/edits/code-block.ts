/** Why a model's answer could not be turned into code. */
export class AnswerRejected extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'AnswerRejected';
  }
}

const FENCE = /^(```+|~~~+)[ \t]*([\w+#.-]*)[^\n]*\n([\s\S]*?)\n?^\1[ \t]*$/gm;

/**
 * The code of a model's answer: the contents of its fenced code block, prose around it ignored. With
 * several blocks, the longest is the unit (the others are usually usage examples). No block at all is
 * a rejection: Lantern never guesses where code starts in prose.
 */
export function extractCodeBlock(answer: string): string {
  const blocks = [...answer.matchAll(FENCE)].map((match) => match[3] ?? '');
  if (blocks.length === 0) throw new AnswerRejected('the answer contains no fenced code block');
  const longest = blocks.reduce((best, block) => (block.length > best.length ? block : best));
  if (longest.trim() === '') throw new AnswerRejected('the answer’s code block is empty');
  return longest.replace(/\s+$/, '');
}
