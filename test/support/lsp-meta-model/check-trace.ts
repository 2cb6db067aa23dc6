import { checkValue, type Finding, formatFinding } from './check-value.js';
import { describeValue } from './describe.js';
import type { MessageDefinition, MetaModel, MetaType } from './meta-model.js';

/** One recorded message: who sent it (`c2s` client to server, `s2c` server to client) and what. */
export interface TraceEntry {
  readonly dir: 'c2s' | 's2c';
  readonly msg: unknown;
}

/** A finding about the message at `index` in the trace (from 0). */
export interface TraceFinding {
  readonly index: number;
  /** What the message is: its method, `<method> result`, `<method> (error)`, `response id=7`, `envelope`. */
  readonly subject: string;
  readonly problem: string;
}

export interface TraceReport {
  /** Messages checked against a definition of the meta-model (custom methods are not). */
  readonly checked: number;
  readonly errors: TraceFinding[];
  /** Undeclared properties, requests never answered: worth a look, not protocol errors. */
  readonly warnings: TraceFinding[];
}

export interface TraceOptions {
  /**
   * Method prefixes of the server's own extensions, which the meta-model does not know: counted as
   * messages, not checked. Methods starting with `$/` that the meta-model lacks are implementation
   * dependent (the specification says so) and skipped too.
   */
  readonly customPrefixes?: readonly string[];
}

type Sender = 'clientToServer' | 'serverToClient';
const SENDER: Record<TraceEntry['dir'], Sender> = { c2s: 'clientToServer', s2c: 'serverToClient' };
const ANSWERER: Record<TraceEntry['dir'], TraceEntry['dir']> = { c2s: 's2c', s2c: 'c2s' };
// JSON-RPC 2.0: a response has id null exactly when the request's id could not be read.
const ID_NULL_ERROR_CODES = new Set([-32700, -32600]);
const RESPONSE_ERROR: MetaType = { kind: 'reference', name: 'LSPAny' };

type Message = Record<string, unknown>;

/** Checks a recorded session, message by message, against the LSP meta-model. */
export function checkTrace(
  model: MetaModel,
  trace: readonly TraceEntry[],
  options: TraceOptions = {},
): TraceReport {
  return new TraceChecker(model, options.customPrefixes ?? []).run(trace);
}

class TraceChecker {
  readonly #model: MetaModel;
  readonly #customPrefixes: readonly string[];
  // Requests waiting for their response, by sender and id; answered ones, to name a second answer.
  readonly #pending = new Map<string, { method: string; index: number }>();
  readonly #answered = new Map<string, string>();
  readonly #errors: TraceFinding[] = [];
  readonly #warnings: TraceFinding[] = [];
  #checked = 0;

  constructor(model: MetaModel, customPrefixes: readonly string[]) {
    this.#model = model;
    this.#customPrefixes = customPrefixes;
  }

  run(trace: readonly TraceEntry[]): TraceReport {
    for (const [index, entry] of trace.entries()) this.#checkEntry(entry, index);
    for (const { method, index } of this.#pending.values()) {
      this.#warnings.push({ index, subject: method, problem: 'the request was never answered' });
    }
    return { checked: this.#checked, errors: this.#errors, warnings: this.#warnings };
  }

  #checkEntry({ dir, msg }: TraceEntry, index: number): void {
    if (msg === null || typeof msg !== 'object' || Array.isArray(msg)) {
      this.#error(index, 'envelope', `a message is a JSON object, got ${describeValue(msg)}`);
      return;
    }
    const message = msg as Message;
    if (message.jsonrpc !== '2.0')
      this.#error(index, 'envelope', `jsonrpc must be "2.0", got ${describeValue(message.jsonrpc)}`);
    if (typeof message.method === 'string') this.#checkCall(dir, message, message.method, index);
    else if ('id' in message) this.#checkResponse(dir, message, index);
    else this.#error(index, 'envelope', 'neither a request, a notification nor a response');
  }

  /** A request (it has an id) or a notification. */
  #checkCall(dir: TraceEntry['dir'], message: Message, method: string, index: number): void {
    const isRequest = message.id !== undefined;
    if (isRequest) this.#recordRequest(dir, message.id, method, index);
    const definition = isRequest ? this.#model.requests.get(method) : this.#model.notifications.get(method);
    if (!definition) {
      this.#unknownMethod(method, isRequest, index);
      return;
    }
    this.#checked++;
    const sender = SENDER[dir];
    if (definition.messageDirection !== 'both' && definition.messageDirection !== sender) {
      this.#error(index, method, `sent ${sender}, but the protocol has it ${definition.messageDirection}`);
    }
    this.#checkParams(definition, message, method, index);
  }

  #recordRequest(dir: TraceEntry['dir'], id: unknown, method: string, index: number): void {
    if (typeof id !== 'string' && !Number.isInteger(id)) {
      this.#error(index, method, `a request id is an integer or a string, got ${describeValue(id)}`);
      return;
    }
    const key = requestKey(dir, id);
    const pending = this.#pending.get(key);
    if (pending)
      this.#error(
        index,
        method,
        `id ${JSON.stringify(id)} is still in use by the ${pending.method} request #${pending.index}`,
      );
    this.#pending.set(key, { method, index });
  }

  #unknownMethod(method: string, isRequest: boolean, index: number): void {
    if (method.startsWith('$/') || this.#customPrefixes.some((prefix) => method.startsWith(prefix))) return;
    if (isRequest && this.#model.notifications.has(method))
      this.#error(index, method, 'a notification, sent with an id as a request');
    else if (!isRequest && this.#model.requests.has(method))
      this.#error(index, method, 'a request, sent without an id');
    else this.#error(index, method, 'not a method of the protocol');
  }

  #checkParams(definition: MessageDefinition, message: Message, method: string, index: number): void {
    const declared = definition.params;
    if (declared === undefined) {
      // JSON-RPC lets a call without parameters leave `params` out; null is what some clients send.
      if (message.params !== undefined && message.params !== null) {
        this.#error(index, method, `params: takes none, got ${describeValue(message.params)}`);
      }
      return;
    }
    const type: MetaType = Array.isArray(declared)
      ? { kind: 'tuple', items: declared }
      : (declared as MetaType);
    this.#report(index, method, checkValue(this.#model, type, message.params, 'params'));
  }

  #checkResponse(dir: TraceEntry['dir'], message: Message, index: number): void {
    const { id } = message;
    const hasResult = 'result' in message;
    const hasError = 'error' in message;
    if (
      id === null &&
      hasError &&
      isResponseError(message.error) &&
      ID_NULL_ERROR_CODES.has(message.error.code)
    ) {
      this.#checkError(message.error, undefined, 'response id=null (error)', index);
      return;
    }
    const key = requestKey(ANSWERER[dir], id);
    const request = this.#pending.get(key);
    if (!request) {
      const answered = this.#answered.get(key);
      const problem = answered ? `the ${answered} request was answered already` : 'no matching request';
      this.#error(index, `response id=${JSON.stringify(id)}`, problem);
      return;
    }
    this.#pending.delete(key);
    this.#answered.set(key, request.method);
    const { method } = request;
    if (hasResult === hasError) {
      this.#error(
        index,
        method,
        hasResult
          ? 'a response has a result or an error, not both'
          : 'the response has neither result nor error',
      );
      return;
    }
    const definition = this.#model.requests.get(method);
    if (hasError) this.#checkError(message.error, definition?.errorData, `${method} (error)`, index);
    else if (definition) {
      this.#checked++;
      this.#report(
        index,
        `${method} result`,
        checkValue(this.#model, definition.result, message.result, 'result'),
      );
    }
  }

  #checkError(error: unknown, dataType: MetaType | undefined, subject: string, index: number): void {
    if (!isResponseError(error)) {
      this.#error(
        index,
        subject,
        `error: expected { code: integer, message: string, data? }, got ${describeValue(error)}`,
      );
      return;
    }
    this.#checked++;
    if (error.data !== undefined)
      this.#report(
        index,
        subject,
        checkValue(this.#model, dataType ?? RESPONSE_ERROR, error.data, 'error.data'),
      );
  }

  #report(index: number, subject: string, check: { errors: Finding[]; warnings: Finding[] }): void {
    for (const finding of check.errors) this.#error(index, subject, formatFinding(finding));
    for (const finding of check.warnings)
      this.#warnings.push({ index, subject, problem: formatFinding(finding) });
  }

  #error(index: number, subject: string, problem: string): void {
    this.#errors.push({ index, subject, problem });
  }
}

function requestKey(sender: TraceEntry['dir'], id: unknown): string {
  // JSON keeps 1 and "1" apart, and so does JSON-RPC.
  return `${sender} ${JSON.stringify(id)}`;
}

function isResponseError(error: unknown): error is { code: number; message: string; data?: unknown } {
  if (error === null || typeof error !== 'object') return false;
  const { code, message } = error as Record<string, unknown>;
  return Number.isInteger(code) && typeof message === 'string';
}
