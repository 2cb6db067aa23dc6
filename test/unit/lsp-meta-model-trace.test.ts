import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkTrace, type TraceEntry } from '../support/lsp-meta-model/check-trace.js';
import { lspMetaModel } from '../support/lsp-meta-model/meta-model.js';
import { validateTrace } from '../support/trace-validator.js';

const model = lspMetaModel();
const URI = 'file:///w/app.py';
const POSITION = { line: 1, character: 4 };
const RANGE = { start: POSITION, end: { line: 1, character: 9 } };

const c2s = (msg: object): TraceEntry => ({ dir: 'c2s', msg: { jsonrpc: '2.0', ...msg } });
const s2c = (msg: object): TraceEntry => ({ dir: 's2c', msg: { jsonrpc: '2.0', ...msg } });
const hoverRequest = (id: number | string) =>
  c2s({ id, method: 'textDocument/hover', params: { textDocument: { uri: URI }, position: POSITION } });

/** The errors of a trace as `#index subject: problem`. */
function errorsOf(trace: TraceEntry[], customPrefixes = ['lantern/']): string[] {
  return checkTrace(model, trace, { customPrefixes }).errors.map(
    (error) => `#${error.index} ${error.subject}: ${error.problem}`,
  );
}

/** A clean session: initialize, initialized, didOpen, hover, diagnostics, a server request, shutdown, exit. */
const SESSION: TraceEntry[] = [
  c2s({ id: 0, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } }),
  s2c({ id: 0, result: { capabilities: { hoverProvider: true, textDocumentSync: 2 } } }),
  c2s({ method: 'initialized', params: {} }),
  c2s({
    method: 'textDocument/didOpen',
    params: { textDocument: { uri: URI, languageId: 'python', version: 1, text: 'x = 1\n' } },
  }),
  hoverRequest(1),
  s2c({ id: 1, result: { contents: { kind: 'markdown', value: '`x`' }, range: RANGE } }),
  s2c({ method: 'textDocument/publishDiagnostics', params: { uri: URI, version: 1, diagnostics: [] } }),
  s2c({ id: 'w1', method: 'window/workDoneProgress/create', params: { token: 'p1' } }),
  c2s({ id: 'w1', result: null }),
  c2s({ id: 2, method: 'shutdown' }),
  s2c({ id: 2, result: null }),
  c2s({ method: 'exit' }),
];

describe('checking a recorded session against the LSP meta-model', () => {
  it('accepts a well-formed session in both directions and counts what it checked', () => {
    const report = checkTrace(model, SESSION);
    expect(report.errors).toEqual([]);
    expect(report.checked).toBe(SESSION.length);
  });

  it('checks the params of requests and notifications, naming the message and the path', () => {
    const trace = [
      c2s({
        id: 1,
        method: 'textDocument/hover',
        params: { textDocument: { uri: URI }, position: { line: 1 } },
      }),
      s2c({
        method: 'textDocument/publishDiagnostics',
        params: { uri: URI, diagnostics: [{ range: RANGE }] },
      }),
    ];
    expect(errorsOf(trace)).toEqual([
      '#0 textDocument/hover: params.position.character: missing, Position requires it',
      '#1 textDocument/publishDiagnostics: params.diagnostics[0].message: missing, Diagnostic requires it',
    ]);
  });

  it('checks a result against the request it answers, matched by id and direction', () => {
    const trace = [
      hoverRequest(1),
      hoverRequest('1'),
      s2c({ id: '1', result: null }),
      s2c({ id: 1, result: { contents: { kind: 'html', value: '<b>x</b>' } } }),
    ];
    expect(errorsOf(trace)).toEqual([
      '#3 textDocument/hover result: result.contents.kind: "html" is not a value of MarkupKind: "plaintext", "markdown" (read as Hover › MarkupContent)',
    ]);
  });

  it('rejects a message sent in the wrong direction', () => {
    const trace = [c2s({ method: 'textDocument/publishDiagnostics', params: { uri: URI, diagnostics: [] } })];
    expect(errorsOf(trace)).toEqual([
      '#0 textDocument/publishDiagnostics: sent clientToServer, but the protocol has it serverToClient',
    ]);
  });

  it('rejects unknown methods, and notifications sent as requests, but leaves custom and $/ methods alone', () => {
    const trace = [
      c2s({ id: 1, method: 'textDocument/explain', params: {} }),
      c2s({ id: 2, method: 'initialized', params: {} }),
      s2c({ method: 'textDocument/hover', params: {} }),
      c2s({ id: 3, method: 'lantern/status' }),
      s2c({ id: 3, result: { anything: true } }),
      s2c({ method: '$/lantern/unknown', params: 1 }),
    ];
    expect(errorsOf(trace)).toEqual([
      '#0 textDocument/explain: not a method of the protocol',
      '#1 initialized: a notification, sent with an id as a request',
      '#2 textDocument/hover: a request, sent without an id',
    ]);
    expect(errorsOf(trace, [])).toContain('#3 lantern/status: not a method of the protocol');
  });

  it('rejects params on a method that takes none (vscode-jsonrpc turns a null argument into [null])', () => {
    expect(errorsOf([c2s({ id: 9, method: 'shutdown', params: [null] })])).toEqual([
      '#0 shutdown: params: takes none, got an array',
    ]);
    expect(errorsOf([c2s({ id: 9, method: 'shutdown', params: null })])).toEqual([]);
  });

  it('pairs responses with requests: unknown ids, second answers and reused ids are errors', () => {
    const trace = [
      hoverRequest(1),
      hoverRequest(1),
      s2c({ id: 1, result: null }),
      s2c({ id: 1, result: null }),
      s2c({ id: 5, result: null }),
      // The client answering its own request's id: responses go the other way.
      c2s({ id: 1, result: null }),
    ];
    expect(errorsOf(trace)).toEqual([
      '#1 textDocument/hover: id 1 is still in use by the textDocument/hover request #0',
      '#3 response id=1: the textDocument/hover request was answered already',
      '#4 response id=5: no matching request',
      '#5 response id=1: no matching request',
    ]);
  });

  it('checks error responses: a code and a message, and id null only when the id could not be read', () => {
    const trace = [
      hoverRequest(1),
      s2c({ id: 1, error: { code: -32800, message: 'Request cancelled' } }),
      hoverRequest(2),
      s2c({ id: 2, error: { code: 'cancelled' } }),
      hoverRequest(3),
      s2c({ id: 3, result: null, error: { code: -32603, message: 'x' } }),
      hoverRequest(4),
      s2c({ id: 4 }),
      s2c({ id: null, error: { code: -32700, message: 'Parse error' } }),
      s2c({ id: null, error: { code: -32603, message: 'Internal error' } }),
    ];
    expect(errorsOf(trace)).toEqual([
      '#3 textDocument/hover (error): error: expected { code: integer, message: string, data? }, got an object',
      '#5 textDocument/hover: a response has a result or an error, not both',
      '#7 textDocument/hover: the response has neither result nor error',
      '#9 response id=null: no matching request',
    ]);
  });

  it('checks the envelope', () => {
    const trace: TraceEntry[] = [
      { dir: 'c2s', msg: { jsonrpc: '1.0', method: 'initialized', params: {} } },
      { dir: 'c2s', msg: { jsonrpc: '2.0' } },
      { dir: 'c2s', msg: [] },
      c2s({ id: 1.5, method: 'shutdown' }),
    ];
    expect(errorsOf(trace)).toEqual([
      '#0 envelope: jsonrpc must be "2.0", got "1.0"',
      '#1 envelope: neither a request, a notification nor a response',
      '#2 envelope: a message is a JSON object, got an array',
      '#3 shutdown: a request id is an integer or a string, got 1.5',
    ]);
  });

  it('warns about requests never answered, without calling them errors', () => {
    const report = checkTrace(model, [hoverRequest(1)]);
    expect(report.errors).toEqual([]);
    expect(report.warnings).toEqual([
      { index: 0, subject: 'textDocument/hover', problem: 'the request was never answered' },
    ]);
  });
});

describe('validateTrace (what every end-to-end session runs at its end)', () => {
  it('reads a trace file and reports each error with the message it is about', () => {
    const path = join(tmpdir(), `lantern-trace-check-${process.pid}.jsonl`);
    const bad = {
      jsonrpc: '2.0',
      method: 'textDocument/publishDiagnostics',
      params: { uri: '/w/app.py', diagnostics: [] },
    };
    writeFileSync(
      path,
      [...SESSION, { dir: 's2c', msg: bad }].map((entry) => JSON.stringify(entry)).join('\n'),
    );
    const result = validateTrace(path);
    expect(result.errors).toBe(1);
    expect(result.details).toEqual([
      {
        text: 'textDocument/publishDiagnostics: params.uri: expected DocumentUri, got "/w/app.py"',
        message: bad,
      },
    ]);
    expect(result.output).toContain(`ERROR  #${SESSION.length} textDocument/publishDiagnostics: params.uri`);
    expect(result.output).toContain(
      `${SESSION.length + 1} messages checked against LSP 3.18.0 meta model: 1 errors`,
    );
  });
});
