import type { Disposable, MessageReader, MessageWriter } from 'vscode-languageserver/node';
import { LifecycleGate } from './lifecycle-gate.js';
import { checkMessage } from './message-check.js';

/**
 * A reader that hands on only well-formed messages (see `checkMessage`), in the order the lifecycle
 * allows (see `LifecycleGate`): a request that may not run is answered with an error through `writer`,
 * a notification that may not is dropped, and `log` says why.
 *
 * Whatever the listener still throws is logged too, never passed to the transport's error event:
 * vscode-jsonrpc reports an exception of its dispatch as a reader error, which the server must treat
 * as a stream it cannot read (and exit), so one bad message would end the session.
 */
export function checkedReader(
  reader: MessageReader,
  writer: MessageWriter,
  log: (line: string) => void,
): MessageReader {
  const gate = new LifecycleGate();
  return {
    onError: reader.onError,
    onClose: reader.onClose,
    onPartialMessage: reader.onPartialMessage,
    listen: (callback): Disposable =>
      reader.listen((message) => {
        const checked = checkMessage(message);
        const verdict = checked.kind === 'deliver' ? gate.admit(checked.message) : checked;
        if (verdict.kind === 'answer') {
          log(`refused a message: ${verdict.response.error?.message ?? ''}`);
          writer.write(verdict.response).catch(() => undefined);
          return;
        }
        if (verdict.kind === 'drop') {
          log(`dropped a notification: ${verdict.reason}`);
          return;
        }
        try {
          callback(verdict.message);
        } catch (error) {
          log(`could not dispatch a message: ${error instanceof Error ? error.message : String(error)}`);
        }
      }),
    dispose: () => reader.dispose(),
  };
}
