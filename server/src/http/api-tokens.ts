import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** Shorter tokens are refused at start: a guessable token is no protection. */
export const MIN_TOKEN_LENGTH = 16;

/**
 * The bearer tokens the service accepts: LANTERN_API_TOKENS (comma-separated) and the lines of
 * `--tokens-file` (blank lines and `#` comments skipped). Throws a one-line error that never quotes a
 * token: a file that cannot be read, or a token too short to be safe.
 */
export function loadApiTokens(env: NodeJS.ProcessEnv, tokensFile: string | undefined): string[] {
  const tokens = (env.LANTERN_API_TOKENS ?? '').split(',').map((token) => token.trim());
  if (tokensFile !== undefined) {
    let text: string;
    try {
      text = readFileSync(tokensFile, 'utf8');
    } catch (error) {
      throw new Error(
        `--tokens-file ${tokensFile}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      );
    }
    tokens.push(
      ...text
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => !line.startsWith('#')),
    );
  }
  const present = [...new Set(tokens.filter((token) => token !== ''))];
  const short = present.filter((token) => token.length < MIN_TOKEN_LENGTH).length;
  if (short > 0)
    throw new Error(
      `${short} API token${short === 1 ? ' is' : 's are'} shorter than ${MIN_TOKEN_LENGTH} characters (LANTERN_API_TOKENS / --tokens-file); use long random ones, e.g. openssl rand -hex 32`,
    );
  return present;
}

/**
 * Checks a presented token against every accepted one in constant time: both sides are hashed to the
 * same length first (so a token's length leaks nothing) and every token is compared, match or not (so
 * which one matched leaks nothing either).
 */
export function tokenMatcher(tokens: readonly string[]): (presented: string) => boolean {
  const digests = tokens.map(digest);
  return (presented) => {
    const candidate = digest(presented);
    let matched = false;
    for (const accepted of digests) matched = timingSafeEqual(accepted, candidate) || matched;
    return matched;
  };
}

/**
 * What identifies a token's client in the rate limiter's store (shared through Redis when the store is
 * Redis): a hash, never the token itself.
 */
export function tokenKey(token: string): string {
  return `token:${digest(token).subarray(0, 12).toString('hex')}`;
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

/** Whether `host` only accepts connections from this machine. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127(\.\d{1,3}){3}$/.test(bare);
}
