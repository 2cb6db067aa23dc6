import type { Message, NotificationMessage, RequestMessage } from 'vscode-languageserver/node';
import type { Verdict } from './message-check.js';

/** LSP's ServerNotInitialized: the answer to a request that comes before `initialize`. */
const SERVER_NOT_INITIALIZED = -32002;

/**
 * Holds the client to the spec's order until `initialize` arrives: a request is answered with
 * ServerNotInitialized, a notification is dropped, except `exit`. vscode-languageserver dispatches
 * them all, so a hover before `initialize` ran against a server with no settings or capabilities.
 * Takes messages that passed `checkMessage`.
 */
export class LifecycleGate {
  #initializing = false;

  admit(message: Message): Verdict {
    if (this.#initializing || !('method' in message)) return { kind: 'deliver', message };
    const { method } = message as RequestMessage | NotificationMessage;
    const id = (message as RequestMessage).id;
    if (id === undefined) {
      if (method === 'exit') return { kind: 'deliver', message };
      return { kind: 'drop', reason: `${method} before initialize` };
    }
    if (method !== 'initialize') {
      const error = { code: SERVER_NOT_INITIALIZED, message: `Lantern: ${method} before initialize` };
      return { kind: 'answer', response: { jsonrpc: '2.0', id, error } };
    }
    this.#initializing = true;
    return { kind: 'deliver', message };
  }
}
