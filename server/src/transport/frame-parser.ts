/** One result of reading frames: a body, or the reason the framing is lost. */
export type FrameEvent = { readonly body: Buffer } | { readonly broken: string };

/**
 * A header block longer than this is no LSP header (they are two short lines): without the limit,
 * bytes that never contain a blank line would be buffered forever while the client waits.
 */
export const MAX_HEADER_BYTES = 64 * 1024;

const LF = 0x0a;
const CR = 0x0d;

/**
 * Splits the bytes of an LSP stream into message bodies (base protocol: `Name: value` header lines, a
 * blank line, then Content-Length bytes of body).
 *
 * Lenient where the meaning is unambiguous, as HTTP/1.1 readers are (RFC 9112 §2.2, §6.3): a header
 * line may end with a bare `\n`; blank lines before a header block are skipped (a client that ends its
 * body with a newline); a Content-Length repeated with the same value counts once. Where it is not —
 * no Content-Length, one that is not a number, two different ones, a header block that does not end —
 * nobody can tell where the body ends nor where the next message starts: the parser reports the
 * framing as broken and reads nothing more.
 */
export class FrameParser {
  // Received bytes not yet returned, as chunks: a large body arrives in many chunks and is joined
  // once, when complete (joining on every chunk would copy a 10 MB didOpen a hundred times).
  #chunks: Buffer[] = [];
  #received = 0;
  #bodyLength: number | undefined;
  #broken = false;

  /** Adds bytes; returns the bodies they complete, and at most one `broken` event, last. */
  push(chunk: Buffer): FrameEvent[] {
    if (this.#broken) return [];
    this.#chunks.push(chunk);
    this.#received += chunk.length;
    const events: FrameEvent[] = [];
    for (;;) {
      if (this.#bodyLength === undefined) {
        const header = this.#readHeader();
        if (header === undefined) return events;
        if (typeof header === 'string') {
          this.#broken = true;
          this.#chunks = [];
          events.push({ broken: header });
          return events;
        }
        this.#bodyLength = header.contentLength;
      }
      if (this.#received < this.#bodyLength) return events;
      const bytes = this.#joined();
      events.push({ body: bytes.subarray(0, this.#bodyLength) });
      this.#keep(bytes.subarray(this.#bodyLength));
      this.#bodyLength = undefined;
    }
  }

  #joined(): Buffer {
    const bytes = this.#chunks.length === 1 ? (this.#chunks[0] as Buffer) : Buffer.concat(this.#chunks);
    this.#chunks = [bytes];
    return bytes;
  }

  #keep(rest: Buffer): void {
    this.#chunks = rest.length > 0 ? [rest] : [];
    this.#received = rest.length;
  }

  /** The next header block's Content-Length; undefined if incomplete; a string saying why it is broken. */
  #readHeader(): { contentLength: number } | string | undefined {
    const bytes = this.#joined();
    const lines: string[] = [];
    let start = blankLinesAt(bytes);
    for (;;) {
      const end = bytes.indexOf(LF, start);
      if (end === -1) {
        if (bytes.length - start > MAX_HEADER_BYTES)
          return `the header block is longer than ${MAX_HEADER_BYTES} bytes without ending`;
        return undefined;
      }
      const line = bytes.toString('ascii', start, end).replace(/\r$/, '');
      start = end + 1;
      if (line === '') break;
      lines.push(line);
    }
    this.#keep(bytes.subarray(start));
    return contentLengthOf(lines);
  }
}

/** How many bytes of blank lines (`\r\n` or `\n`) start `bytes`. */
function blankLinesAt(bytes: Buffer): number {
  let at = 0;
  for (;;) {
    if (bytes[at] === LF) at++;
    else if (bytes[at] === CR && bytes[at + 1] === LF) at += 2;
    else return at;
  }
}

function contentLengthOf(lines: readonly string[]): { contentLength: number } | string {
  const lengths = new Set<string>();
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) return `a header line is not "Name: value": ${JSON.stringify(line.slice(0, 80))}`;
    if (line.slice(0, colon).trim().toLowerCase() === 'content-length')
      lengths.add(line.slice(colon + 1).trim());
  }
  const [length, ...others] = lengths;
  if (length === undefined) return 'the header must provide a Content-Length';
  if (others.length > 0) return `the header has different Content-Length values: ${[...lengths].join(', ')}`;
  if (!/^\d+$/.test(length)) return `the Content-Length must be a number. Got ${length.slice(0, 40)}`;
  return { contentLength: Number(length) };
}
