import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkValue, formatFinding } from '../support/lsp-meta-model/check-value.js';
import {
  indexMetaModel,
  lspMetaModel,
  META_MODEL_PATH,
  type MetaModelJson,
  type MetaType,
} from '../support/lsp-meta-model/meta-model.js';

const model = lspMetaModel();
const ref = (name: string): MetaType => ({ kind: 'reference', name });

/** The errors of checking `value` as the named type of the LSP meta-model, as `path: problem`. */
function errorsAs(name: string, value: unknown): string[] {
  return checkValue(model, ref(name), value, 'value').errors.map(
    (error) => `${error.path}: ${error.problem}`,
  );
}

const POSITION = { line: 3, character: 7 };
const RANGE = { start: POSITION, end: { line: 3, character: 9 } };
const URI = 'file:///w/app.py';

describe('the LSP meta-model in the repository', () => {
  it('is the upstream file unchanged (sha256 as recorded in its README)', () => {
    const recorded = /sha256 `([0-9a-f]{64})`/.exec(
      readFileSync(META_MODEL_PATH.replace('metaModel.json', 'README.md'), 'utf8'),
    )?.[1];
    const actual = createHash('sha256').update(readFileSync(META_MODEL_PATH)).digest('hex');
    expect(actual).toBe(recorded);
    expect(model.version).toBe('3.18.0');
  });

  it('names only types it defines, so every check can resolve its references', () => {
    const unresolved = new Set<string>();
    const visit = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(visit);
      else if (node !== null && typeof node === 'object') {
        const record = node as Record<string, unknown>;
        const name = record.name as string;
        const known =
          model.structures.has(name) || model.enumerations.has(name) || model.typeAliases.has(name);
        if (record.kind === 'reference' && !known) unresolved.add(name);
        Object.values(record).forEach(visit);
      }
    };
    visit(JSON.parse(readFileSync(META_MODEL_PATH, 'utf8')));
    expect([...unresolved]).toEqual([]);
  });
});

describe('checking a value against a meta-model type', () => {
  it('accepts well-formed values of structures, aliases and enumerations', () => {
    expect(errorsAs('Position', POSITION)).toEqual([]);
    expect(errorsAs('Location', { uri: URI, range: RANGE })).toEqual([]);
    expect(errorsAs('Hover', { contents: { kind: 'markdown', value: '**x**' }, range: RANGE })).toEqual([]);
    expect(errorsAs('Diagnostic', { range: RANGE, message: 'm', severity: 1, code: 'E1' })).toEqual([]);
    // LSPAny takes any JSON value.
    expect(errorsAs('LSPAny', { a: [1, 'b', null, { c: 2.5 }] })).toEqual([]);
  });

  it('names the path of a missing required property', () => {
    expect(errorsAs('Location', { uri: URI, range: { start: POSITION } })).toEqual([
      'value.range.end: missing, Range requires it',
    ]);
  });

  it('checks base types: uinteger is never negative and 32-bit, a DocumentUri has a scheme', () => {
    expect(errorsAs('Position', { line: -1, character: 2 ** 31 })).toEqual([
      'value.line: expected uinteger, got -1',
      'value.character: expected uinteger, got 2147483648',
    ]);
    expect(errorsAs('Position', { line: 1.5, character: '2' })).toEqual([
      'value.line: expected uinteger, got 1.5',
      'value.character: expected uinteger, got "2"',
    ]);
    expect(errorsAs('Location', { uri: '/w/app.py', range: RANGE })).toEqual([
      'value.uri: expected DocumentUri, got "/w/app.py"',
    ]);
  });

  it('treats optional as "may be left out", not "may be null"', () => {
    expect(errorsAs('Diagnostic', { range: RANGE, message: 'm' })).toEqual([]);
    expect(errorsAs('Diagnostic', { range: RANGE, message: 'm', source: null })).toEqual([
      'value.source: expected string, got null',
    ]);
  });

  it('includes the properties a structure extends and mixes in', () => {
    // HoverParams has no properties of its own: it extends TextDocumentPositionParams and mixes in
    // WorkDoneProgressParams.
    const params = { textDocument: { uri: URI }, position: POSITION, workDoneToken: 'token-1' };
    expect(errorsAs('HoverParams', params)).toEqual([]);
    expect(errorsAs('HoverParams', { textDocument: { uri: URI } })).toEqual([
      'value.position: missing, HoverParams requires it',
    ]);
    expect(errorsAs('HoverParams', { ...params, workDoneToken: true })).toEqual([
      'value.workDoneToken: expected integer | string, got true',
    ]);
  });

  it('rejects a value outside a closed enumeration and accepts custom values where allowed', () => {
    expect(errorsAs('MarkupContent', { kind: 'html', value: '<b>' })).toEqual([
      'value.kind: "html" is not a value of MarkupKind: "plaintext", "markdown"',
    ]);
    expect(errorsAs('Diagnostic', { range: RANGE, message: 'm', severity: 5 })).toEqual([
      'value.severity: 5 is not a value of DiagnosticSeverity: 1, 2, 3, 4',
    ]);
    // CodeActionKind supports custom values (hierarchical kinds of a server's own), but only strings.
    expect(errorsAs('CodeActionKind', 'quickfix.lantern.fix')).toEqual([]);
    expect(errorsAs('CodeActionKind', 7)).toEqual(['value: expected string, got 7']);
  });

  it('reports, for a union, the alternative the value came closest to, with its precise path', () => {
    const hoverOrNull: MetaType = { kind: 'or', items: [ref('Hover'), { kind: 'base', name: 'null' }] };
    const contents = (value: unknown) =>
      checkValue(model, hoverOrNull, { contents: value }, 'result').errors.map(formatFinding);
    // Hover.contents is MarkupContent | MarkedString | MarkedString[]; MarkedString is string or
    // { language, value }. A MarkupContent with a bad value is closest to MarkupContent (one error).
    expect(contents({ kind: 'markdown', value: 1 })).toEqual([
      'result.contents.value: expected string, got 1 (read as Hover › MarkupContent)',
    ]);
    expect(contents({ language: 'python' })).toEqual([
      'result.contents.value: missing, MarkedStringWithLanguage requires it (read as Hover › MarkedString › MarkedStringWithLanguage)',
    ]);
    expect(contents(['a', 2])).toEqual([
      'result.contents[1]: expected string | MarkedStringWithLanguage, got 2 (read as Hover › MarkedString[])',
    ]);
    // A value of the wrong kind for every alternative is reported where it is, naming them all.
    expect(errorsAs('ProgressToken', false)).toEqual(['value: expected integer | string, got false']);
  });

  it('checks arrays, maps (keys that are not identifiers quoted in the path), tuples and string literals', () => {
    const edit = { range: RANGE, newText: 'x' };
    expect(errorsAs('WorkspaceEdit', { changes: { [URI]: [edit, { range: RANGE }] } })).toEqual([
      `value.changes["${URI}"][1].newText: missing, TextEdit requires it`,
    ]);
    expect(errorsAs('WorkspaceEdit', { changes: { [URI]: edit } })).toEqual([
      `value.changes["${URI}"]: expected TextEdit[], got an object`,
    ]);
    // ParameterInformation.label is a string or a [start, end] pair of offsets.
    expect(errorsAs('ParameterInformation', { label: [1, 4] })).toEqual([]);
    expect(errorsAs('ParameterInformation', { label: [1, -4] })[0]).toMatch(
      /^value\.label\[1\]: expected uinteger/,
    );
    expect(errorsAs('ParameterInformation', { label: [1] })).toEqual([
      'value.label: expected string | [uinteger, uinteger], got an array',
    ]);
    expect(errorsAs('CreateFile', { kind: 'create', uri: URI })).toEqual([]);
    expect(errorsAs('CreateFile', { kind: 'delete', uri: URI })).toEqual([
      'value.kind: expected "create", got "delete"',
    ]);
  });

  it('warns about properties no type declares, without calling them errors', () => {
    const check = checkValue(model, ref('Position'), { ...POSITION, column: 7 }, 'value');
    expect(check.errors).toEqual([]);
    expect(check.warnings).toEqual([{ path: 'value.column', problem: 'not a property of Position' }]);
  });
});

describe('type kinds the LSP meta-model does not use today', () => {
  // A model of its own, so that literal, intersection and boolean/integer literal types are covered
  // even though the current LSP meta-model has none (or few) of them.
  const json: MetaModelJson = {
    metaData: { version: 'test' },
    requests: [],
    notifications: [],
    enumerations: [],
    typeAliases: [],
    structures: [
      { name: 'Named', properties: [{ name: 'name', type: { kind: 'base', name: 'string' } }] },
      {
        name: 'Sized',
        properties: [{ name: 'size', type: { kind: 'base', name: 'integer' }, optional: true }],
      },
    ],
  };
  const small = indexMetaModel(json);
  const errors = (type: MetaType, value: unknown) =>
    checkValue(small, type, value, 'v').errors.map(formatFinding);

  it('checks boolean and integer literals by value', () => {
    expect(errors({ kind: 'booleanLiteral', value: true }, true)).toEqual([]);
    expect(errors({ kind: 'booleanLiteral', value: true }, false)).toEqual(['v: expected true, got false']);
    expect(errors({ kind: 'integerLiteral', value: 2 }, 2)).toEqual([]);
    expect(errors({ kind: 'integerLiteral', value: 2 }, 3)).toEqual(['v: expected 2, got 3']);
  });

  it('checks an object literal type property by property', () => {
    const literal: MetaType = {
      kind: 'literal',
      value: { properties: [{ name: 'delta', type: { kind: 'base', name: 'boolean' }, optional: true }] },
    };
    expect(errors(literal, {})).toEqual([]);
    expect(errors(literal, { delta: 'yes' })).toEqual(['v.delta: expected boolean, got "yes"']);
    expect(errors(literal, [])).toEqual(['v: expected the object literal, got an array']);
  });

  it("checks an intersection of structures as one object, so neither part calls the other's property unknown", () => {
    const both: MetaType = { kind: 'and', items: [ref('Named'), ref('Sized')] };
    const check = checkValue(small, both, { name: 'n', size: 3 }, 'v');
    expect(check).toEqual({ errors: [], warnings: [] });
    expect(errors(both, { size: 1.5 })).toEqual([
      'v.name: missing, Named & Sized requires it',
      'v.size: expected integer, got 1.5',
    ]);
  });

  it('reports a reference the model does not define instead of accepting anything', () => {
    expect(errors(ref('Nowhere'), {})).toEqual(['v: the meta-model has no type Nowhere']);
  });
});
