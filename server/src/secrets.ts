/**
 * Which environment variables hold credentials, and how their values are kept out of text Lantern
 * shows, logs or caches. Keys come from the environment only (see create-provider.ts), so the
 * environment is the one place to learn them from.
 */

/** The model keys Lantern reads, or that the SDK would read on its own. */
const MODEL_KEYS = new Set(['ANTHROPIC_API_KEY', 'ANTHROPIC_AUTH_TOKEN', 'OPENAI_API_KEY']);

/** Any other variable of ours or of a model provider named like a credential (LANTERN_REDIS_PASSWORD…). */
const SECRET_LIKE = /^(?:ANTHROPIC|OPENAI|LANTERN)_\w*(?:KEY|TOKEN|SECRET|PASSWORD|CREDENTIAL)/i;

/**
 * Shorter values are not redacted from text: a local server's key "none" or "ollama" would blank out
 * ordinary words of every answer. They are still removed from child environments (by name).
 */
const MIN_REDACTED_LENGTH = 8;

/**
 * A secret echoed in a body that was then cut (error details are truncated) leaves a leading part of
 * it at the cut; a leading part this long is redacted too.
 */
const MIN_REDACTED_PREFIX = 12;

export const REDACTED = '[redacted]';

/**
 * A URL's password (`postgres://user:PASSWORD@host`): store URLs carry one in variables not named like
 * credentials (LANTERN_CACHE_STORE), and in errors that quote the URL. Group 1 is what precedes it.
 */
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:@/]*:)([^\s@/]+)@/gi;

function urlPasswords(value: string): string[] {
  return [...value.matchAll(URL_PASSWORD)]
    .map((match) => match[2] ?? '')
    .filter((password) => password !== '');
}

/** Whether an environment variable's name says it holds a credential. */
export function isSecretName(name: string): boolean {
  return MODEL_KEYS.has(name.toUpperCase()) || SECRET_LIKE.test(name);
}

/**
 * The values of the environment's credentials, longest first (so a longer secret is redacted whole):
 * those of variables named like one, and the passwords of URLs in any variable.
 */
export function secretValues(env: NodeJS.ProcessEnv): string[] {
  const values = new Set<string>();
  for (const [name, value] of Object.entries(env)) {
    const trimmed = value?.trim();
    if (trimmed && isSecretName(name)) values.add(trimmed);
    for (const password of urlPasswords(value ?? '')) values.add(password);
  }
  return [...values].sort((a, b) => b.length - a.length);
}

/**
 * `text` with every secret, and every leading part of one at least MIN_REDACTED_PREFIX long (what
 * truncation leaves), replaced by REDACTED. An Authorization header's `Bearer KEY` loses its KEY.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  // A URL's password goes whatever its length: it is a credential by where it stands.
  let redacted = text.replace(URL_PASSWORD, `$1${REDACTED}@`);
  for (const secret of secrets) {
    if (secret.length < MIN_REDACTED_LENGTH) continue;
    redacted = redacted.replaceAll(secret, REDACTED);
    const head = secret.slice(0, Math.min(MIN_REDACTED_PREFIX, secret.length));
    let at = redacted.indexOf(head);
    while (at !== -1) {
      let end = at + head.length;
      while (end < redacted.length && end - at < secret.length && redacted[end] === secret[end - at]) end++;
      redacted = `${redacted.slice(0, at)}${REDACTED}${redacted.slice(end)}`;
      at = redacted.indexOf(head, at + REDACTED.length);
    }
  }
  return redacted;
}

/**
 * The environment for a process Lantern starts (tests, type checks, git, language checkers): this
 * process's, without any credential — neither by name nor copied into another variable by value.
 */
export function childEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const secrets = secretValues(env).filter((secret) => secret.length >= MIN_REDACTED_LENGTH);
  const scrubbed: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || isSecretName(name) || urlPasswords(value).length > 0) continue;
    if (secrets.some((secret) => value.includes(secret))) continue;
    scrubbed[name] = value;
  }
  return scrubbed;
}
