import type { Disposable, MessageReader, MessageWriter } from 'vscode-languageserver/node';
import { checkMessage } from './message-check.js';

/**
 * A reader that hands on only well-formed messages (see `checkMessage`): a malformed request is
 * answered with an error through `writer`, a malformed notification is dropped, and `log` says why.
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
  return {
    onError: reader.onError,
    onClose: reader.onClose,
    onPartialMessage: reader.onPartialMessage,
    listen: (callback): Disposable =>
      reader.listen((message) => {
        const verdict = checkMessage(message);
        if (verdict.kind === 'answer') {
          log(`answered an invalid message: ${verdict.response.error?.message ?? ''}`);
          writer.write(verdict.response).catch(() => undefined);
          return;
        }
        if (verdict.kind === 'drop') {
          log(`dropped an invalid notification: ${verdict.reason}`);
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
