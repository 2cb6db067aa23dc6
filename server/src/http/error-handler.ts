import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from './http-error.js';

/** A schema validation failure, as Ajv reports it (the fields we read). */
interface ValidationIssue {
  readonly instancePath: string;
  readonly keyword: string;
  readonly message?: string;
  readonly params: Record<string, unknown>;
}

/**
 * The one place errors become responses: `{statusCode, error, message}` as Fastify's own errors are
 * shaped. Validation failures name the field (`body/line must be >= 1`); expected failures (HttpError,
 * Fastify's 4xx such as 413) keep their message; anything else is logged and answered with a fixed
 * message, so nothing unexpected (a path, a stack, a secret) reaches the client.
 */
export function handleError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error.validation) return send(reply, 400, validationMessage(error.validationContext, error.validation));
  if (error instanceof HttpError) {
    reply.headers(error.headers);
    return send(reply, error.statusCode, error.message);
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) return send(reply, status, error.message);
  request.log.error({ err: { type: error.name, message: error.message } }, 'request failed');
  return send(reply, status >= 500 && status < 600 ? status : 500, 'internal error (see the server log)');
}

function send(reply: FastifyReply, statusCode: number, message: string): FastifyReply {
  return reply.code(statusCode).send({ statusCode, error: reasonOf(statusCode), message });
}

const REASONS: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

function reasonOf(statusCode: number): string {
  return REASONS[statusCode] ?? 'Error';
}

/** `body/code is required`, `body/language must be one of: python, …`, `body/extra is not allowed`. */
export function validationMessage(context: string | undefined, issues: readonly ValidationIssue[]): string {
  return issues
    .map((issue) => {
      const path = `${context ?? 'body'}${issue.instancePath}`;
      switch (issue.keyword) {
        case 'required':
          return `${path}/${String(issue.params.missingProperty)} is required`;
        case 'additionalProperties':
          return `${path}/${String(issue.params.additionalProperty)} is not allowed`;
        case 'enum':
          return `${path} must be one of: ${(issue.params.allowedValues as unknown[]).join(', ')}`;
        default:
          return `${path} ${issue.message ?? 'is invalid'}`;
      }
    })
    .join('; ');
}
