import { isModelError } from '../llm/errors.js';
import type { PerformanceMonitor, RequestStatus, RequestType } from '../telemetry/performance-monitor.js';
import type { Explanation } from './explain.js';

// biome-ignore lint/suspicious/noExplicitAny: matches any method's parameters
type AnyAsync = (...args: any[]) => Promise<unknown>;
type AsyncMethods<T> = { [K in keyof T]: T[K] extends AnyAsync ? K : never }[keyof T];
type Outcome<M> = M extends (...args: never[]) => Promise<infer R> ? R : never;

/** Which methods of an ability are requests, of which type, and how their result reads as a status. */
export type RequestTable<T> = {
  readonly [K in AsyncMethods<T>]?: {
    readonly type: RequestType;
    readonly status: (result: Outcome<T[K]>) => RequestStatus;
  };
};

/**
 * The ability as the fronts see it: the methods in `table` are timed and counted by the monitor, the
 * rest pass through. The agent core hands the fronts these and keeps the plain ability for use inside
 * other abilities (an `ask` routed to explain is one request, not two).
 */
export function monitored<T extends object>(
  ability: T,
  monitor: PerformanceMonitor,
  table: RequestTable<T>,
): T {
  const methods = new Map<PropertyKey, unknown>();
  return new Proxy(ability, {
    get(target, property) {
      const known = methods.get(property);
      if (known) return known;
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      const entry = (table as Record<PropertyKey, RequestTable<T>[AsyncMethods<T>]>)[property];
      // Bound to the ability itself: its private fields are not reachable through the proxy.
      const method = entry
        ? (...args: unknown[]) =>
            monitor.track(
              entry.type,
              () => value.apply(target, args),
              entry.status,
              isCancel,
              () => inputParts(args),
            )
        : value.bind(target);
      methods.set(property, method);
      return method;
    },
  });
}

/**
 * A request's input as text, from its arguments: strings and numbers as they are, a document by its text,
 * plain objects (a request, a problem, a range) by their fields, a few levels down. Anything else (a
 * signal, a callback, a parsed unit) is left out: the parts identify an input, they need not rebuild it.
 */
export function inputParts(args: readonly unknown[], depth = 0): string[] {
  const parts: string[] = [];
  for (const arg of args) {
    if (typeof arg === 'string' || typeof arg === 'number' || typeof arg === 'boolean')
      parts.push(String(arg));
    else if (typeof arg !== 'object' || arg === null) continue;
    else if (typeof (arg as { text?: unknown }).text === 'string') parts.push((arg as { text: string }).text);
    else if (depth < 3 && (Object.getPrototypeOf(arg) === Object.prototype || Array.isArray(arg)))
      parts.push(...inputParts(Object.values(arg), depth + 1));
  }
  return parts;
}

function isCancel(error: unknown): boolean {
  return isModelError(error, 'cancelled');
}

/** An explanation: unavailable (the model failed) is an error; structural and cached answers are answers. */
export function explanationStatus(explanation: Explanation): RequestStatus {
  return explanation.source === 'unavailable' ? 'error' : 'ok';
}

/** An edit, answer or refusal: a refusal because the model failed is an error, any other a rejection. */
export function refusalStatus(result: { readonly kind: string; readonly cause?: 'model' }): RequestStatus {
  if (result.kind !== 'rejected' && result.kind !== 'failed') return 'ok';
  return result.cause === 'model' ? 'error' : 'rejected';
}

/** A completion shown is an answer; nothing to show a refusal; one superseded by the next keystroke, cancelled. */
export function completionStatus(outcome: {
  readonly kind: string;
  readonly superseded?: boolean;
}): RequestStatus {
  if (outcome.kind === 'completion') return 'ok';
  return outcome.superseded ? 'cancelled' : 'rejected';
}

/** Answered (an `ask` that fails throws). */
export function answered(): RequestStatus {
  return 'ok';
}
