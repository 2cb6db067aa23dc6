import { LANGUAGE_NAMES } from '../../syntax/languages.js';

/** Every route's code size cap (characters): one request is one snippet, not a repository. */
export const MAX_CODE_CHARS = 200_000;

/** The `language` of a request: one Lantern parses. */
export const languageProperty = {
  type: 'string',
  enum: [...LANGUAGE_NAMES],
  description: 'the language of the code',
} as const;

/** A request's `code`: the snippet (or whole file) it is about. */
export const codeProperty = { type: 'string', minLength: 1, maxLength: MAX_CODE_CHARS } as const;

/** A 1-based line of the request's code. */
export const lineProperty = { type: 'integer', minimum: 1, description: '1-based line of the code' } as const;

/** One code unit (function, method, class…) as the API shows it; lines are 1-based. */
export const unitSchema = {
  type: 'object',
  required: ['kind', 'name', 'startLine', 'endLine', 'signature'],
  properties: {
    kind: { type: 'string' },
    name: { type: 'string' },
    startLine: { type: 'integer' },
    endLine: { type: 'integer' },
    signature: { type: 'string' },
    docstring: { type: ['string', 'null'] },
  },
} as const;

/** The body of every error: Fastify's own error shape. */
export const errorSchema = {
  type: 'object',
  required: ['statusCode', 'error', 'message'],
  properties: {
    statusCode: { type: 'integer' },
    error: { type: 'string' },
    message: { type: 'string' },
  },
} as const;
