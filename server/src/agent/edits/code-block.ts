/** Why a model's answer could not be turned into code. */
export class AnswerRejected extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'AnswerRejected';
  }
}

const FENCE = /^(```+|~~~+)[ \t]*([\w+#.-]*)[^\n]*\n([\s\S]*?)\n?^\1[ \t]*$/gm;

/** One fenced block of an answer, with the line of prose just before it ("After:", "**Fixed:**"). */
export interface CodeBlock {
  readonly code: string;
  readonly label: string;
  /** The fence's language tag, lower-cased (`python`, `bash`, or empty). */
  readonly tag: string;
}

// Blocks fenced as a shell session or output are instructions and results, never the code to apply.
const NOT_CODE_TAGS = new Set([
  'bash',
  'sh',
  'shell',
  'zsh',
  'console',
  'shell-session',
  'text',
  'txt',
  'output',
]);

// How answers name the version to apply, and the version shown only to point at the bug. A label
// that says both ("the fix for the bug") says neither.
const NEW_LABEL =
  /\b(after|fixed|corrected|correct|fix|solution|updated|revised|new|improved|instead|final)\b/i;
const OLD_LABEL = /\b(before|original|buggy|bug|broken|old|current|existing|wrong|incorrect|problematic)\b/i;

export type LabelMeaning = 'new' | 'old' | 'neutral';

export function labelMeaning(label: string): LabelMeaning {
  const isNew = NEW_LABEL.test(label);
  const isOld = OLD_LABEL.test(label);
  if (isNew === isOld) return 'neutral';
  return isNew ? 'new' : 'old';
}

/** The answer's non-empty fenced blocks, in order. Throws when there is none. */
export function codeBlocks(answer: string): CodeBlock[] {
  const matches = [...answer.matchAll(FENCE)];
  if (matches.length === 0) throw new AnswerRejected('the answer contains no fenced code block');
  const blocks: CodeBlock[] = [];
  let proseStart = 0;
  for (const match of matches) {
    const prose = answer.slice(proseStart, match.index);
    proseStart = match.index + match[0].length;
    const code = (match[3] ?? '').replace(/\s+$/, '');
    if (code.trim() === '') continue;
    const label =
      prose
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line !== '')
        .at(-1) ?? '';
    blocks.push({ code, label, tag: (match[2] ?? '').toLowerCase() });
  }
  if (blocks.length === 0) throw new AnswerRejected('the answer’s code block is empty');
  return blocks;
}

/** What the caller knows about the code it wants, to tell the answer's blocks apart. */
export interface BlockJudge {
  /** What the code should be, for the refusal: "`bitcount`", "the code to insert". */
  readonly what: string;
  /** Whether a block can be the answer at all (it defines the unit asked about, say). */
  readonly isCandidate: (code: string) => boolean;
  /** Whether a block is the code the user already has (comments and layout aside). */
  readonly isOriginal?: (code: string) => boolean;
  /** Whether two blocks are the same code (comments and layout aside). */
  readonly sameCode?: (a: string, b: string) => boolean;
}

const ANY_CODE: BlockJudge = { what: 'the code to use', isCandidate: () => true };

/**
 * The code of a model's answer: the contents of the one fenced block that is clearly the new code,
 * prose around it ignored. Never by length — a "Before:" block holding the bug is often the longest.
 * Blocks labelled as the old version ("Before:", "Original:", "Buggy:") are dropped, so are blocks that
 * cannot be the answer (a usage example when a unit is asked for) and blocks identical to the original;
 * of what is left, one labelled as the new version ("After:", "Fixed:") wins, else blocks that all
 * hold the same code give the last. Different versions with nothing to tell them apart are a
 * rejection: Lantern never guesses which one the model meant. No block at all is a rejection too.
 */
export function extractCodeBlock(answer: string, judge: BlockJudge = ANY_CODE): string {
  const blocks = codeBlocks(answer);
  if (blocks.length === 1) return (blocks[0] as CodeBlock).code;
  const code = blocks.filter((block) => !NOT_CODE_TAGS.has(block.tag));
  if (code.length === 1) return (code[0] as CodeBlock).code;
  const notOld = code.filter((block) => labelMeaning(block.label) !== 'old');
  const pool = notOld.length > 0 ? notOld : code.length > 0 ? code : blocks;
  const candidates = pool.filter((block) => judge.isCandidate(block.code));
  if (candidates.length === 0) return (pool.at(-1) as CodeBlock).code; // refused later, with the reason
  const changed = candidates.filter((block) => !judge.isOriginal?.(block.code));
  const left = changed.length > 0 ? changed : candidates;
  const labelledNew = left.filter((block) => labelMeaning(block.label) === 'new');
  const finalists = labelledNew.length > 0 ? labelledNew : left;
  const last = finalists.at(-1) as CodeBlock;
  const same = judge.sameCode ?? ((a: string, b: string) => a.trim() === b.trim());
  if (finalists.every((block) => same(block.code, last.code))) return last.code;
  throw new AnswerRejected(
    `the answer has ${finalists.length} code blocks with different versions of ${judge.what} and none is marked as the one to apply (“After:”, “Fixed:”); Lantern does not guess which one the model meant`,
  );
}
