import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FrameParser, MAX_HEADER_BYTES } from '../../server/src/transport/frame-parser.js';

/** A frame as some client writes it: the header's line ends, an optional Content-Type, a stray blank line. */
const frameArbitrary = fc.record({
  body: fc.string({ unit: 'grapheme', maxLength: 200 }),
  lineEnd: fc.constantFrom('\r\n', '\n'),
  contentType: fc.boolean(),
  repeatLength: fc.boolean(),
  blankLineBefore: fc.boolean(),
});

type FrameSpec = typeof frameArbitrary extends fc.Arbitrary<infer T> ? T : never;

function bytesOf({ body, lineEnd, contentType, repeatLength, blankLineBefore }: FrameSpec): Buffer {
  const length = `Content-Length: ${Buffer.byteLength(body, 'utf8')}${lineEnd}`;
  const header = [
    length,
    contentType ? `Content-Type: application/vscode-jsonrpc; charset=utf-8${lineEnd}` : '',
    repeatLength ? length.toLowerCase() : '',
  ].join('');
  return Buffer.from(`${blankLineBefore ? lineEnd : ''}${header}${lineEnd}${body}`, 'utf8');
}

function bodiesOf(parser: FrameParser, chunks: readonly Buffer[]): string[] {
  return chunks.flatMap((chunk) =>
    parser.push(chunk).map((event) => {
      if ('broken' in event) throw new Error(event.broken);
      return event.body.toString('utf8');
    }),
  );
}

/** `bytes` cut at the given offsets (sorted, deduplicated, within the buffer). */
function cut(bytes: Buffer, offsets: readonly number[]): Buffer[] {
  const points = [...new Set(offsets.map((offset) => offset % (bytes.length + 1)))].sort((a, b) => a - b);
  return [...points, bytes.length].map((end, index) => bytes.subarray(points[index - 1] ?? 0, end));
}

describe('FrameParser', () => {
  it('reads every body whatever the chunking, line ends, repeated lengths and blank lines', () => {
    fc.assert(
      fc.property(
        fc.array(frameArbitrary, { minLength: 1, maxLength: 6 }),
        fc.array(fc.nat()),
        (frames, offsets) => {
          const stream = Buffer.concat(frames.map(bytesOf));
          expect(bodiesOf(new FrameParser(), cut(stream, offsets))).toEqual(
            frames.map((frame) => frame.body),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it.each([
    ['no Content-Length', 'Content-Type: x\r\n\r\n{}', 'must provide a Content-Length'],
    ['a Content-Length that is not a number', 'Content-Length: 1e3\r\n\r\n{}', 'must be a number. Got 1e3'],
    ['two different Content-Length values', 'Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}', '2, 3'],
    ['a line without a colon', 'Content-Length 2\r\n\r\n{}', 'not "Name: value"'],
    ['a header that never ends', `Content-Length: 2\r\nX: ${'a'.repeat(MAX_HEADER_BYTES)}`, 'longer than'],
  ])('reports %s as broken framing, then reads nothing more', (_what, bytes, reason) => {
    const parser = new FrameParser();
    const events = parser.push(Buffer.from(bytes));
    expect(events).toEqual([{ broken: expect.stringContaining(reason) }]);
    expect(parser.push(Buffer.from('Content-Length: 2\r\n\r\n{}'))).toEqual([]);
  });

  it('waits for the rest of a body that has not all arrived', () => {
    const parser = new FrameParser();
    expect(parser.push(Buffer.from('Content-Length: 5\r\n\r\n{"a'))).toEqual([]);
    expect(bodiesOf(parser, [Buffer.from('"}')])).toEqual(['{"a"}']);
  });
});
