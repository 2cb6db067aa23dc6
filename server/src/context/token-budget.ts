/**
 * Token estimate for budgeting prompts. Code averages ~3.5–4 characters a token for Claude's and
 * llama's tokenizers; 4 is close enough to fit a budget without a tokenizer.
 */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** Cuts text to about `tokens` tokens at a line boundary, saying that it did. */
export function truncateToTokens(text: string, tokens: number): string {
  const maxChars = tokens * 4;
  if (text.length <= maxChars) return text;
  const cut = text.lastIndexOf('\n', maxChars);
  return `${text.slice(0, cut > 0 ? cut : maxChars)}\n… (truncated)`;
}

/** Tokens left for a prompt's context. */
export class TokenBudget {
  #left: number;
  constructor(tokens: number) {
    this.#left = tokens;
  }
  get left(): number {
    return this.#left;
  }
  spend(tokens: number): void {
    this.#left -= tokens;
  }
  /** Spends `tokens` if that many are left. */
  take(tokens: number): boolean {
    if (tokens > this.#left) return false;
    this.#left -= tokens;
    return true;
  }
}
