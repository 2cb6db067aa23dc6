import { describe, expect, it } from 'vitest';
import { applyOffsetEdits } from '../../server/src/agent/edits/unit-edit.js';
import {
  docstringEdit,
  prevailingStyle,
  skeletonDoc,
} from '../../server/src/agent/generate/docstring-format.js';
import { GrammarRegistry } from '../../server/src/syntax/grammar-registry.js';
import { SyntaxDocument } from '../../server/src/syntax/syntax-document.js';

const registry = new GrammarRegistry();
const open = (uri: string, languageId: string, text: string) =>
  new SyntaxDocument(uri, languageId, 1, text, registry);

function document(uri: string, languageId: string, text: string, name: string) {
  const doc = open(uri, languageId, text);
  const unit = doc.units().find((candidate) => candidate.name === name);
  if (!unit) throw new Error(`no unit ${name}`);
  return { doc, unit };
}

describe('docstring skeletons (offline) and placement', () => {
  it('writes a Google-style Python docstring as the first statement of a method, at the body’s indentation', () => {
    const text =
      'class Cart:\n    def add(self, item: Item, count=1) -> None:\n        self.items.append(item)\n';
    const { doc, unit } = document('file:///w/cart.py', 'python', text, 'add');
    expect(prevailingStyle(doc)).toBe('google');
    const edit = docstringEdit(doc, unit, skeletonDoc(unit, 'google'));
    expect(applyOffsetEdits(text, [edit])).toBe(
      'class Cart:\n    def add(self, item: Item, count=1) -> None:\n' +
        '        """TODO: describe what `add` does.\n\n        Args:\n            item: TODO\n            count: TODO\n        """\n' +
        '        self.items.append(item)\n',
    );
  });

  it('follows a file that uses reST docstrings, and replaces an existing docstring', () => {
    const text = 'def a(x):\n    """Old.\n\n    :param x: thing\n    """\n    return x\n';
    const { doc, unit } = document('file:///w/a.py', 'python', text, 'a');
    expect(prevailingStyle(doc)).toBe('rest');
    const edited = applyOffsetEdits(text, [docstringEdit(doc, unit, skeletonDoc(unit, 'rest'))]);
    expect(edited).toBe(
      'def a(x):\n    """TODO: describe what `a` does.\n\n    :param x: TODO\n    :returns: TODO\n    """\n    return x\n',
    );
  });

  it('puts a JSDoc block above an exported TypeScript function, keeping its indentation', () => {
    const text =
      'import x from "y";\n\nexport function total(items: number[], tax = 0): number {\n  return 0;\n}\n';
    const { doc, unit } = document('file:///w/t.ts', 'typescript', text, 'total');
    const edited = applyOffsetEdits(text, [
      docstringEdit(doc, unit, skeletonDoc(unit, prevailingStyle(doc))),
    ]);
    expect(edited).toBe(
      'import x from "y";\n\n/**\n * TODO: describe what `total` does.\n * @param items - TODO\n * @param tax - TODO\n * @returns TODO\n */\nexport function total(items: number[], tax = 0): number {\n  return 0;\n}\n',
    );
  });

  it('replaces the JSDoc of a method rather than stacking a second one', () => {
    const text = 'class A {\n  /** Old. */\n  run(): void {}\n}\n';
    const { doc, unit } = document('file:///w/a.ts', 'typescript', text, 'run');
    const edited = applyOffsetEdits(text, [docstringEdit(doc, unit, 'Runs it.')]);
    expect(edited).toBe('class A {\n  /**\n   * Runs it.\n   */\n  run(): void {}\n}\n');
  });
});
