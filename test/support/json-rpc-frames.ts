/** One JSON-RPC frame: the Content-Length header and the body. */
export function frame(body: string): string {
  return `Content-Length: ${Buffer.byteLength(body, 'utf8')}\r\n\r\n${body}`;
}

/**
 * The bodies of the complete frames in `bytes`, and what follows the last one. Throws when something
 * that is not a frame header appears where a header must be.
 */
export function splitFrames(bytes: Buffer): { bodies: string[]; rest: Buffer } {
  const { bodies, rest, brokenHeader } = readFrames(bytes);
  if (brokenHeader !== undefined)
    throw new Error(`not a JSON-RPC frame header: ${JSON.stringify(brokenHeader.slice(0, 200))}`);
  return { bodies, rest };
}

/**
 * The bodies of the complete frames in `bytes` that parse as JSON, parsed. A broken header ends the
 * reading: nobody can tell where its body ends, so nothing after it is a frame either.
 */
export function jsonBodies(bytes: Buffer): unknown[] {
  return readFrames(bytes).bodies.flatMap((body) => {
    try {
      return [JSON.parse(body) as unknown];
    } catch {
      return [];
    }
  });
}

// Frames up to the first header that has no numeric Content-Length or a line that is not `Name: value`.
function readFrames(bytes: Buffer): { bodies: string[]; rest: Buffer; brokenHeader?: string } {
  const bodies: string[] = [];
  let at = 0;
  for (;;) {
    const headerEnd = bytes.indexOf('\r\n\r\n', at);
    if (headerEnd === -1) return { bodies, rest: bytes.subarray(at) };
    const header = bytes.subarray(at, headerEnd).toString('ascii');
    const length = /^Content-Length: (\d+)$/im.exec(header)?.[1];
    const fields = header.split('\r\n');
    if (length === undefined || !fields.every((field) => /^[\w-]+: .+$/.test(field)))
      return { bodies, rest: bytes.subarray(at), brokenHeader: header };
    const bodyEnd = headerEnd + 4 + Number(length);
    if (bodyEnd > bytes.length) return { bodies, rest: bytes.subarray(at) };
    bodies.push(bytes.subarray(headerEnd + 4, bodyEnd).toString('utf8'));
    at = bodyEnd;
  }
}
