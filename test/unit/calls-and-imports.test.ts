import { describe, expect, it } from 'vitest';
import type { SyntaxDocument } from '../../server/src/syntax/syntax-document.js';
import { openDocument, unitNamed } from '../support/syntax-documents.js';

function calleesOf(document: SyntaxDocument, unitName: string): string[] {
  return document.callsIn(unitNamed(document, unitName)).map((call) => call.callee);
}

function importsOf(document: SyntaxDocument): [string | undefined, readonly string[]][] {
  return document.imports().map((statement) => [statement.source, statement.locals]);
}

describe('calls', () => {
  it('lists identifier calls, member calls and `new X()` in document order, nested ones included', () => {
    const text = [
      'function run(input: string) {',
      '  const parsed = parse(input);',
      '  const widget = new Widget(parsed.items.map((item) => normalize(item)));',
      '  this.render(widget);',
      '  return format(validate(parsed));',
      '}',
      '',
    ].join('\n');
    const document = openDocument('typescript', text);
    expect(calleesOf(document, 'run')).toEqual([
      'parse',
      'Widget',
      'map',
      'normalize',
      'render',
      'format',
      'validate',
    ]);
  });

  it('gives each call its callee range and call range', () => {
    const text = 'function f() {\n  api.client.send(1, 2);\n}\n';
    const document = openDocument('javascript', text);
    const [call] = document.callsIn(unitNamed(document, 'f'));
    expect(call && text.slice(call.calleeStartIndex, call.calleeEndIndex)).toBe('send');
    expect(call && text.slice(call.startIndex, call.endIndex)).toBe('api.client.send(1, 2)');
  });

  it('does not count a reference that is not called', () => {
    const document = openDocument(
      'javascript',
      'function f() {\n  return [handler, obj.method, new.target];\n}\n',
    );
    expect(calleesOf(document, 'f')).toEqual([]);
  });

  it('lists Python calls: plain names and attributes, in order', () => {
    const text = [
      'class Job:',
      '    def run(self, path):',
      '        data = load(path)',
      '        self.check(data)',
      '        return os.path.join(str(data), Result(data).name)',
      '',
    ].join('\n');
    const document = openDocument('python', text);
    expect(calleesOf(document, 'run')).toEqual(['load', 'check', 'join', 'str', 'Result']);
    expect(calleesOf(document, 'Job')).toEqual(['load', 'check', 'join', 'str', 'Result']);
  });
});

describe('imports of TypeScript and JavaScript', () => {
  it('names the source and every local name: default, namespace, named, aliased, require', () => {
    const text = [
      "import React, { useState as useLocal, useEffect } from 'react';",
      'import * as path from "node:path";',
      "import type { Config } from './config.js';",
      "import './side-effect.css';",
      "const fs = require('fs');",
      "const { join, resolve } = require('path');",
      "export { helper } from './helpers';",
      "import { uncalled } from 'later';",
      '',
    ].join('\n');
    const document = openDocument('typescript', text);
    expect(importsOf(document)).toEqual([
      ['react', ['React', 'useLocal', 'useEffect']],
      ['node:path', ['path']],
      ['./config.js', ['Config']],
      ['./side-effect.css', []],
      ['fs', ['fs']],
      ['path', ['join', 'resolve']],
      ['./helpers', []],
      ['later', ['uncalled']],
    ]);
    const [first] = document.imports();
    expect(first && text.slice(first.startIndex, first.endIndex)).toBe(
      "import React, { useState as useLocal, useEffect } from 'react';",
    );
  });

  it('does not take an ordinary call for a require', () => {
    const document = openDocument('javascript', "const data = load('data.json');\n");
    expect(document.imports()).toEqual([]);
  });
});

describe('imports of Python', () => {
  it('handles `import a.b`, `import x as y`, several modules in one statement, and relative imports', () => {
    const text = [
      'import os.path',
      'import numpy as np, sys',
      'from .models import User as Account, Group',
      'from ..pkg.sub import (first, second as other)',
      'from shapes import *',
      '',
    ].join('\n');
    const document = openDocument('python', text);
    expect(importsOf(document)).toEqual([
      ['os.path', ['os.path']],
      ['numpy', ['np']],
      ['sys', ['sys']],
      ['.models', ['Account', 'Group']],
      ['..pkg.sub', ['first', 'other']],
      ['shapes', []],
    ]);
    // Both modules of one statement point at that statement.
    const [, numpy, sys] = document.imports();
    expect(numpy?.startIndex).toBe(text.indexOf('import numpy'));
    expect(sys?.endIndex).toBe(numpy?.endIndex);
  });
});
