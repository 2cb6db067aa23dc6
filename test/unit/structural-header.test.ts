import { describe, expect, it } from 'vitest';
import { describeUnit, structuralHeader } from '../../server/src/agent/structural-header.js';
import { symbolAt } from '../../server/src/syntax/symbol-at.js';
import { SyntaxDocument } from '../../server/src/syntax/syntax-document.js';
import { openDocument, testRegistry, unitNamed } from '../support/syntax-documents.js';

const PYTHON = [
  'import numpy as np, sys',
  '',
  'class Store:',
  '    def put(self, item, *, force=False):',
  '        """Store one item.',
  '',
  '        Overwrites only when forced."""',
  '        self.check(item)',
  '        self.check(item)',
  '        return np.save(item)',
  '',
  '    def check(self, item): pass',
  '',
].join('\n');

describe('structural header', () => {
  it('describes a method: signature, kind and container, lines, parameters, docstring, calls', () => {
    const document = openDocument('python', PYTHON);
    expect(describeUnit(document, unitNamed(document, 'put'), false)).toBe(
      [
        '```python\ndef put(self, item, *, force=False)\n```',
        '*method* **put** in class `Store` — lines 4–10 (7 lines)',
        '**Parameters:** `self`, `item`, `*`, `force=False`',
        'Store one item.\n\nOverwrites only when forced.',
        // A call of a unit of the same file says where it is; each callee once.
        '**Calls:** `check` (line 12), `save`',
      ].join('\n\n'),
    );
  });

  it('says where a unit is defined when reached from a call, with the decoded file name', () => {
    const text = 'function helper(): void {}\nfunction main() {\n  helper();\n}\n';
    const uri = 'file:///w/my%20project/main%20file.ts';
    const document = new SyntaxDocument(uri, 'typescript', 1, text, testRegistry());
    const target = symbolAt(document, text.indexOf('helper();') + 1);
    expect(target).toMatchObject({ kind: 'unit', via: 'call' });
    expect(target && structuralHeader(document, target)).toBe(
      '```typescript\nfunction helper(): void\n```\n\n*function* **helper** — defined at line 1 of `main file.ts` (1 line)',
    );
  });

  it('describes an imported name by its module and line', () => {
    const document = openDocument('python', PYTHON);
    const target = symbolAt(document, PYTHON.indexOf('np.save') + 1);
    expect(target && structuralHeader(document, target)).toBe(
      '**import** `np` from `numpy` — imported at line 1',
    );
  });

  it('leaves out parameters of a class and lists at most 12 callees', () => {
    const calls = Array.from({ length: 15 }, (_, index) => `  f${index}();`).join('\n');
    const text = `class Big {\n  constructor(a: number) {\n${calls}\n  }\n}\n`;
    const document = openDocument('typescript', text);
    const header = describeUnit(document, unitNamed(document, 'Big'), false);
    expect(header).not.toContain('**Parameters:**');
    const shown = Array.from({ length: 12 }, (_, index) => `\`f${index}\``).join(', ');
    expect(header).toContain(`**Calls:** ${shown}, and 3 more`);
    expect(describeUnit(document, unitNamed(document, 'constructor'), false)).toContain(
      '**Parameters:** `a: number`',
    );
  });

  it('cuts a long docstring', () => {
    const doc = 'word '.repeat(400).trim();
    const document = openDocument('python', `def f():\n    """${doc}"""\n`);
    const header = describeUnit(document, unitNamed(document, 'f'), false);
    expect(header).toContain(`\n\n${doc.slice(0, 1200)}…`);
    expect(header).not.toContain(doc.slice(0, 1201));
  });
});
