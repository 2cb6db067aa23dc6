import { describe, expect, it } from 'vitest';
import { applyOffsetEdits } from '../../server/src/agent/edits/unit-edit.js';
import { withoutMarkers } from '../../server/src/agent/generate/doc-conventions.js';
import {
  docstringEdit,
  prevailingStyle,
  skeletonDoc,
} from '../../server/src/agent/generate/docstring-format.js';
import { GrammarRegistry } from '../../server/src/syntax/grammar-registry.js';
import { SyntaxDocument } from '../../server/src/syntax/syntax-document.js';

const registry = new GrammarRegistry();

/**
 * Each language's doc comment convention, offline: the skeleton above the unit (above the first line
 * holding `start`: annotations belong below the doc), the existing doc
 * comment read back and replaced (not stacked). `before` is the file; `after` once the skeleton is in;
 * `replaced` once a one-line doc replaces the comment the skeleton put there.
 */
const CASES = [
  {
    convention: 'Go doc comment',
    file: 'file:///w/shop/cart.go',
    text: 'package shop\n\nfunc (c *Cart) Add(name string, a, b int) int {\n\treturn 0\n}\n',
    unit: 'Add',
    start: 'func',
    skeleton: ['// Add TODO: describe what it does.'],
    replaced: ['// Add puts an item in the cart.'],
    doc: 'Add puts an item in the cart.',
  },
  {
    convention: 'rustdoc, on a method in an impl, with the receiver left out',
    file: 'file:///w/src/cart.rs',
    text: 'impl Cart {\n    pub fn add(&mut self, name: &str, mut count: u32) -> u32 {\n        0\n    }\n}\n',
    unit: 'add',
    start: 'fn add',
    skeleton: [
      '    /// TODO: describe what `add` does.',
      '    ///',
      '    /// # Arguments',
      '    ///',
      '    /// * `name` - TODO',
      '    /// * `count` - TODO',
      '    ///',
      '    /// # Returns',
      '    ///',
      '    /// TODO',
    ],
    replaced: ['    /// Puts `count` of `name` in the cart.'],
    doc: 'Puts `count` of `name` in the cart.',
  },
  {
    convention: 'rustdoc above the attributes, as rustdoc and rustfmt lay it out',
    file: 'file:///w/src/money.rs',
    text: '#[inline]\n#[must_use]\npub fn cents(euros: u32) -> u32 {\n    euros * 100\n}\n',
    unit: 'cents',
    start: '#[inline]',
    skeleton: [
      '/// TODO: describe what `cents` does.',
      '///',
      '/// # Arguments',
      '///',
      '/// * `euros` - TODO',
      '///',
      '/// # Returns',
      '///',
      '/// TODO',
    ],
    replaced: ['/// Euros in cents.'],
    doc: 'Euros in cents.',
  },
  {
    convention: 'Javadoc above the annotations, nothing returned by a void method',
    file: 'file:///w/Cart.java',
    text: 'class Cart {\n    @Override\n    public void add(String name, int... counts) {}\n}\n',
    unit: 'add',
    start: '@Override',
    skeleton: [
      '    /**',
      '     * TODO: describe what `add` does.',
      '     *',
      '     * @param name TODO',
      '     * @param counts TODO',
      '     */',
    ],
    replaced: ['    /**', '     * Puts `name` in the cart.', '     */'],
    doc: 'Puts `name` in the cart.',
  },
  {
    convention: 'Doxygen in C, the pointer declarator named, `void` returning nothing',
    file: 'file:///w/cart.c',
    text: '#include "cart.h"\n\nstatic void add(struct cart *cart, const char *name) {\n}\n',
    unit: 'add',
    start: 'static void add',
    skeleton: [
      '/**',
      ' * @brief TODO: describe what `add` does.',
      ' *',
      ' * @param cart TODO',
      ' * @param name TODO',
      ' */',
    ],
    replaced: ['/**', ' * Puts `name` in the cart.', ' */'],
    doc: 'Puts `name` in the cart.',
  },
  {
    convention: 'Doxygen in C++, above the template line, parameters by reference named',
    file: 'file:///w/cart.hpp',
    text: 'namespace shop {\ntemplate <typename T>\nT total(const std::vector<T>& items, int&& extra) {\n    return T{};\n}\n}\n',
    unit: 'total',
    start: 'template',
    skeleton: [
      '/**',
      ' * @brief TODO: describe what `total` does.',
      ' *',
      ' * @param items TODO',
      ' * @param extra TODO',
      ' * @return TODO',
      ' */',
    ],
    replaced: ['/**', ' * The sum of `items`.', ' */'],
    doc: 'The sum of `items`.',
  },
  {
    convention: 'YARD in Ruby, on the first method of a class (its doc sits outside the class body)',
    file: 'file:///w/cart.rb',
    text: 'class Cart\n  def add(name, count = 1, *rest, key:, &block)\n    @items << name\n  end\nend\n',
    unit: 'add',
    start: 'def add',
    skeleton: [
      '  # TODO: describe what `add` does.',
      '  #',
      '  # @param name [Object] TODO',
      '  # @param count [Object] TODO',
      '  # @param rest [Object] TODO',
      '  # @param key [Object] TODO',
      '  # @param block [Object] TODO',
      '  # @return [Object] TODO',
    ],
    replaced: ['  # Puts `name` in the cart.'],
    doc: 'Puts `name` in the cart.',
  },
  {
    convention: 'XML doc comments in C#, above the attributes, params arrays named',
    file: 'file:///w/Cart.cs',
    text: 'class Cart\n{\n    [Obsolete]\n    public int Add(string name, int count = 1)\n    {\n        return 0;\n    }\n}\n',
    unit: 'Add',
    start: '[Obsolete]',
    skeleton: [
      '    /// <summary>',
      '    /// TODO: describe what `Add` does.',
      '    /// </summary>',
      '    /// <param name="name">TODO</param>',
      '    /// <param name="count">TODO</param>',
      '    /// <returns>TODO</returns>',
    ],
    replaced: ['    /// Puts `name` in the cart.'],
    doc: 'Puts `name` in the cart.',
  },
] as const;

describe.each(CASES.map((one) => [one.convention, one] as const))('%s', (_convention, one) => {
  const parse = (text: string) => new SyntaxDocument(one.file, '', 1, text, registry);
  const unitOf = (document: SyntaxDocument) => {
    const unit = document.units().find((candidate) => candidate.name === one.unit);
    if (!unit) throw new Error(`no unit ${one.unit}`);
    return unit;
  };
  const withDoc = (lines: readonly string[]) => {
    const at = one.text.split('\n').findIndex((line) => line.includes(one.start));
    const lines0 = one.text.split('\n');
    return [...lines0.slice(0, at), ...lines, ...lines0.slice(at)].join('\n');
  };

  it('puts an honest skeleton above the unit, in the convention', () => {
    const document = parse(one.text);
    const unit = unitOf(document);
    const edit = docstringEdit(document, unit, skeletonDoc(unit, prevailingStyle(document)));
    expect(applyOffsetEdits(one.text, [edit])).toBe(withDoc(one.skeleton));
  });

  it('reads the doc comment back and replaces it', () => {
    const documented = withDoc(one.skeleton);
    const document = parse(documented);
    const unit = unitOf(document);
    expect(unit.docstring).toBeDefined();
    expect(applyOffsetEdits(documented, [docstringEdit(document, unit, one.doc)])).toBe(
      withDoc(one.replaced),
    );
    expect(unitOf(parse(withDoc(one.replaced))).docstring).toBe(one.doc);
  });
});

describe('Doxygen in /// lines', () => {
  it('is read as the doc comment and replaced by a block, not stacked under one', () => {
    const text = '/// How many items\n/// the cart holds.\nint count(const struct cart *cart);\n';
    const document = new SyntaxDocument('file:///w/cart.h', 'c', 1, text, registry);
    const unit = document.units().find((candidate) => candidate.name === 'count');
    if (!unit) throw new Error('no unit count');
    expect(unit.docstring).toBe('How many items\nthe cart holds.');
    expect(applyOffsetEdits(text, [docstringEdit(document, unit, 'How many items `cart` holds.')])).toBe(
      '/**\n * How many items `cart` holds.\n */\nint count(const struct cart *cart);\n',
    );
  });
});

describe('a model’s doc text with the comment markers it added anyway', () => {
  it('loses each line’s prefix when every line has it, and keeps lines that only look alike', () => {
    expect(withoutMarkers('/// Adds it.\n///\n/// # Panics', '///')).toBe('Adds it.\n\n# Panics');
    expect(withoutMarkers('# @param name [String] who\n# @return [void]', '#')).toBe(
      '@param name [String] who\n@return [void]',
    );
    expect(withoutMarkers('Adds it.\n# Panics', '///')).toBe('Adds it.\n# Panics');
    expect(withoutMarkers('/**\n * Adds it.\n *\n * @return the sum\n */', undefined)).toBe(
      'Adds it.\n\n@return the sum',
    );
    // Without the opener, a leading `*` is the text's own (a Markdown list).
    expect(withoutMarkers('* one\n* two', undefined)).toBe('* one\n* two');
  });
});
