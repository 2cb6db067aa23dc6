import {
  AbstractMessageReader,
  type DataCallback,
  Disposable,
  type Message,
  type MessageReader,
} from 'vscode-languageserver/node';
import { FrameParser } from './frame-parser.js';

/** The framing of the stream is lost: nothing after this point can be read as messages. */
export class FramingError extends Error {
  override readonly name = 'FramingError';
}

/**
 * Reads LSP messages from a byte stream (stdin, a socket) through `FrameParser`, in place of
 * vscode-jsonrpc's StreamMessageReader, which waits forever for a `\r\n\r\n` that a client ending its
 * header with `\n\n` never sends, and lets a repeated Content-Length silently replace the first.
 *
 * Errors: a body that is not JSON fires a SyntaxError (the frame was delimited, so reading goes on);
 * lost framing fires a FramingError and nothing more is read; a stream error is passed on as it is.
 */
export class LenientStreamReader extends AbstractMessageReader implements MessageReader {
  readonly #parser = new FrameParser();

  constructor(private readonly stream: NodeJS.ReadableStream) {
    super();
  }

  listen(callback: DataCallback): Disposable {
    const onData = (chunk: Buffer | string) => {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      for (const event of this.#parser.push(bytes)) {
        if ('broken' in event) this.fireError(new FramingError(event.broken));
        else this.#deliver(event.body, callback);
      }
    };
    const onError = (error: Error) => this.fireError(error);
    const onClose = () => this.fireClose();
    this.stream.on('data', onData);
    this.stream.on('error', onError);
    this.stream.on('close', onClose);
    return Disposable.create(() => {
      this.stream.off('data', onData);
      this.stream.off('error', onError);
      this.stream.off('close', onClose);
    });
  }

  #deliver(body: Buffer, callback: DataCallback): void {
    let message: Message;
    try {
      message = JSON.parse(body.toString('utf8')) as Message;
    } catch (error) {
      this.fireError(error);
      return;
    }
    callback(message);
  }
}
