import { describe, expect, it } from 'vitest';
import { openDocument, unitNamed, unitText } from '../support/syntax-documents.js';

const PYTHON = `import os

@cache
@retry(times=3,
       delay=1)
def load(path: str, mode="r", *args, key: int = 0, **kw) -> bytes:
    """Read a file.

    Returns its bytes.
      Indented detail.
    """
    return os.read(path)

class Store(Base, metaclass=Meta):
    '''Keeps things.'''

    def put(self, item):
        def check(value):
            return value
        return check(item)

    @staticmethod
    def empty(): pass

    async def fetch(self, key, /, *, timeout=None):
        """Fetch one."""

square = lambda n, power=2: n ** power
async def top(): "One line."
`;

describe('code units of Python', () => {
  it('reports functions, classes, methods (functions in a class) and bound lambdas, nested', () => {
    const document = openDocument('python', PYTHON);
    const units = document.units();
    expect(
      units.map((unit) => {
        const parent = unit.parentIndex === undefined ? undefined : units[unit.parentIndex]?.name;
        return [unit.kind, unit.name, parent];
      }),
    ).toEqual([
      ['function', 'load', undefined],
      ['class', 'Store', undefined],
      ['method', 'put', 'Store'],
      // Defined inside a method, not a class: a plain function.
      ['function', 'check', 'put'],
      ['method', 'empty', 'Store'],
      ['method', 'fetch', 'Store'],
      ['function', 'square', undefined],
      ['function', 'top', undefined],
    ]);
  });

  it('keeps decorators inside the range and out of the signature', () => {
    const document = openDocument('python', PYTHON);
    const load = unitNamed(document, 'load');
    expect(unitText(document, load)).toMatch(/^@cache\n@retry\(times=3,\n {7}delay=1\)\ndef load\(/);
    expect(unitText(document, load).endsWith('return os.read(path)')).toBe(true);
    expect(load.signature).toBe('def load(path: str, mode="r", *args, key: int = 0, **kw) -> bytes');
    expect(document.text.slice(load.nameStartIndex, load.nameEndIndex)).toBe('load');

    const empty = unitNamed(document, 'empty');
    expect(unitText(document, empty)).toBe('@staticmethod\n    def empty(): pass');
    expect(empty.signature).toBe('def empty()');
  });

  it('gives parameters as written and signatures without the trailing colon', () => {
    const document = openDocument('python', PYTHON);
    expect(unitNamed(document, 'load').parameters).toEqual([
      'path: str',
      'mode="r"',
      '*args',
      'key: int = 0',
      '**kw',
    ]);
    expect(unitNamed(document, 'fetch').parameters).toEqual(['self', 'key', '/', '*', 'timeout=None']);
    expect(unitNamed(document, 'fetch').signature).toBe('async def fetch(self, key, /, *, timeout=None)');
    expect(unitNamed(document, 'Store').signature).toBe('class Store(Base, metaclass=Meta)');
    expect(unitNamed(document, 'Store').parameters).toEqual([]);
  });

  it('treats `f = lambda …` as a function with the lambda parameters', () => {
    const document = openDocument('python', PYTHON);
    const square = unitNamed(document, 'square');
    expect(unitText(document, square)).toBe('square = lambda n, power=2: n ** power');
    expect(square.signature).toBe('square = lambda n, power=2');
    expect(square.parameters).toEqual(['n', 'power=2']);
    expect(document.text.slice(square.bodyStartIndex)).toMatch(/^n \*\* power/);
  });

  it('reads docstrings: triple-quoted, dedented, in either quote style, or absent', () => {
    const document = openDocument('python', PYTHON);
    expect(unitNamed(document, 'load').docstring).toBe(
      'Read a file.\n\nReturns its bytes.\n  Indented detail.',
    );
    expect(unitNamed(document, 'Store').docstring).toBe('Keeps things.');
    expect(unitNamed(document, 'fetch').docstring).toBe('Fetch one.');
    expect(unitNamed(document, 'top').docstring).toBe('One line.');
    expect(unitNamed(document, 'put').docstring).toBeUndefined();
    expect(unitNamed(document, 'square').docstring).toBeUndefined();
  });

  it('ignores a string that is not the first statement of the body', () => {
    const document = openDocument('python', 'def f():\n    x = 1\n    """Not a docstring."""\n');
    expect(unitNamed(document, 'f').docstring).toBeUndefined();
  });
});
