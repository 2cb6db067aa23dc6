import { ErrorCodes, type Message, type ResponseMessage } from 'vscode-languageserver/node';
import { paramShapeProblem } from './param-shapes.js';

/** What to do with one decoded message before the connection sees it. */
export type Verdict =
  | { readonly kind: 'deliver'; readonly message: Message }
  /** Answer it (a request we can name, or an invalid one: id null) and do not dispatch it. */
  | { readonly kind: 'answer'; readonly response: ResponseMessage }
  /** A notification nobody can be told about: leave it out, and say why in the log. */
  | { readonly kind: 'drop'; readonly reason: string };

/**
 * Methods whose params may be left out (the spec gives them none, or Lantern's own `lantern/status`,
 * whose params are all optional). Every other LSP method (`initialize`, and each `namespace/method`)
 * takes its params by name, as one object.
 */
const PARAMS_OPTIONAL = new Set(['shutdown', 'exit', 'initialized', 'lantern/status']);

function paramsRequired(method: string): boolean {
  return method === 'initialize' || (method.includes('/') && !PARAMS_OPTIONAL.has(method));
}

type Json = Record<string, unknown>;

/**
 * Checks the shape of one message as JSON-RPC 2.0 and LSP define it, so that nothing malformed reaches
 * vscode-jsonrpc's dispatcher: it reads `params.id` of every `$/cancelRequest` before any handler runs,
 * and a TypeError there is reported as a broken stream (the server used to exit on `params: null`). A
 * handler that gets the wrong shape fails its own request at best; a request is therefore answered with
 * an error naming what is wrong, and a notification is dropped with a line in the log.
 *
 * Lenient where no harm follows: a message without `"jsonrpc": "2.0"` is served, and `params: null`
 * counts as no params.
 */
export function checkMessage(message: unknown): Verdict {
  if (!isObject(message)) {
    const what = Array.isArray(message) ? 'a batch (LSP sends one message per frame)' : describe(message);
    return invalidRequest(null, `the message is ${what}, not a JSON-RPC object`);
  }
  if (!('method' in message)) return checkResponse(message);
  const hasId = message.id !== undefined;
  if (hasId && !isId(message.id))
    return invalidRequest(null, `the request id is ${describe(message.id)}; it must be a number or a string`);
  const id = hasId ? (message.id as number | string) : undefined;
  const { method } = message;
  if (typeof method !== 'string') {
    const reason = `the method is ${describe(method)}, not a string`;
    return id === undefined ? { kind: 'drop', reason } : invalidRequest(id, reason);
  }
  const problem = paramsProblem(method, message.params);
  if (problem) {
    const reason = `${method}: ${problem}`;
    return id === undefined ? { kind: 'drop', reason } : answer(id, ErrorCodes.InvalidParams, reason);
  }
  // vscode-jsonrpc calls a request handler without its params argument when the message has none, so
  // the handler would take its cancellation token for params: give it null instead.
  if (id !== undefined && message.params === undefined)
    return { kind: 'deliver', message: { ...message, params: null } as unknown as Message };
  return { kind: 'deliver', message: message as unknown as Message };
}

function paramsProblem(method: string, params: unknown): string | undefined {
  if (method === '$/cancelRequest')
    return isObject(params) && isId(params.id)
      ? undefined
      : `params must be {"id": number | string}, not ${describe(params)}`;
  if (paramsRequired(method))
    return isObject(params)
      ? paramShapeProblem(method, params)
      : `params must be an object, not ${describe(params)}`;
  // JSON-RPC params are structured or absent; some clients send `[null]` for a method without params.
  return params === undefined || typeof params === 'object'
    ? undefined
    : `params must be an object, not ${describe(params)}`;
}

function checkResponse(message: Json): Verdict {
  const isResponse = 'result' in message || 'error' in message;
  if (!isResponse || !(isId(message.id) || message.id === null))
    return invalidRequest(null, 'the message is neither a request, a notification nor a response');
  if ('error' in message && !isObject(message.error))
    return { kind: 'drop', reason: `a response whose error is ${describe(message.error)}` };
  return { kind: 'deliver', message: message as unknown as Message };
}

function invalidRequest(id: number | string | null, reason: string): Verdict {
  return answer(id, ErrorCodes.InvalidRequest, reason);
}

function answer(id: number | string | null, code: number, reason: string): Verdict {
  return { kind: 'answer', response: { jsonrpc: '2.0', id, error: { code, message: `Lantern: ${reason}` } } };
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isId(value: unknown): value is number | string {
  return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
}

/** A short, safe description of a value for a log line or an error message (never the whole value). */
function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.slice(0, 40))}`;
  return `${typeof value} ${String(value)}`;
}
