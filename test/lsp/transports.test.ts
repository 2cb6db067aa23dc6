import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { cursor } from '../support/cursor.js';
import { LspSession, type TransportKind } from '../support/lsp-session.js';

type Hover = { contents: { kind: string; value: string } } | null;

const URI = 'file:///w/shapes.ts';
const SOURCE = cursor(
  [
    '/** The area of a circle. */',
    'export function ar<|>ea(radius: number): number {',
    '  return Math.PI * square(radius);',
    '}',
    '',
  ].join('\n'),
);

/** Initializes over a transport, hovers, shuts down; returns what a client would see. */
async function hoverOver(transport: TransportKind) {
  const session = await LspSession.start({
    traceName: `transport-${transport}`,
    transport,
    keepStdout: true,
  });
  // 'close' fires once every stdio stream of the child has ended: only then is stdout complete.
  const closed = once(session.process, 'close');
  await session.open(URI, 'typescript', SOURCE.text);
  const hover = await session.request<Hover>('textDocument/hover', {
    textDocument: { uri: URI },
    position: SOURCE.position,
  });
  const exitCode = await session.shutdown();
  await session.finish();
  await closed;
  return { session, hover, exitCode };
}

describe('transports', () => {
  it.each<TransportKind>(['stdio', 'default'])('speaks LSP over stdin/stdout (%s)', async (transport) => {
    const { session, hover, exitCode } = await hoverOver(transport);
    expect(session.initializeResult.serverInfo?.name).toBe('lantern-ls');
    expect(hover?.contents.value).toContain('export function area(radius: number): number');
    expect(hover?.contents.value).toContain('The area of a circle.');
    expect(exitCode).toBe(0);
    // The replies came over stdout.
    expect(session.stdoutBytes().toString('utf8')).toContain('"serverInfo"');
  });

  it.each<TransportKind>(['socket', 'node-ipc'])(
    'speaks LSP over %s and leaves stdout untouched',
    async (transport) => {
      const { session, hover, exitCode } = await hoverOver(transport);
      expect(session.initializeResult.capabilities.hoverProvider).toBe(true);
      expect(hover?.contents.value).toContain('export function area(radius: number): number');
      expect(hover?.contents.value).toContain('**Calls:** `square`');
      expect(exitCode).toBe(0);
      expect(session.stdoutBytes().toString('utf8')).toBe('');
    },
  );
});
