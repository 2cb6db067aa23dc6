import { ModelError } from './errors.js';

/** A failed HTTP answer of an OpenAI-compatible server as a ModelError a user can act on. */
export function httpError(status: number, endpoint: string, detail: string): ModelError {
  if (status === 401 || status === 403) {
    return new ModelError(
      'auth',
      `${endpoint} refused the API key (HTTP ${status}): OPENAI_API_KEY is missing or wrong.`,
      status,
    );
  }
  if (status === 429)
    return new ModelError(
      'rate-limited',
      `${endpoint} is rate limiting requests (HTTP 429), even after retries.`,
      429,
    );
  if (status >= 500)
    return new ModelError('overloaded', `${endpoint} answered HTTP ${status}: ${detail}`, status);
  return new ModelError('bad-answer', `${endpoint} answered HTTP ${status}: ${detail}`, status);
}
