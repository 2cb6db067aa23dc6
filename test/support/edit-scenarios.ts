import * as fc from 'fast-check';
import type { LanguageName } from '../../server/src/syntax/languages.js';
import type { EditSpec } from './text-edits.js';

// Text that makes editing hard: both line-break styles (and a lone `\r`, which LSP counts as a line
// break and tree-sitter does not), surrogate pairs, CJK, a combining accent, brackets; the token lists
// add quotes and comment markers that open strings and comments across lines.
const AWKWARD = ['\n', '\n', '\r\n', '\r\n', '\r', ' ', '  ', '\t', '😀', '数据', 'e\u0301'];
const BRACKETS = ['(', ')', '[', ']', '{', '}'];

const TOKENS: Record<LanguageName, readonly string[]> = {
  typescript: [
    ...['function', 'f', 'class', 'C', 'const', 'x', 'value', '=', '=>', 'return', 'import', 'from', 'new'],
    ...['<', '>', ':', 'number', '/*', '*/', '//', '/**', '"', "'", '`', '${', ';', ',', '.', '1', '+', '@'],
  ],
  tsx: [
    ...['function', 'App', 'const', 'x', '=', '=>', 'return', '<div>', '</div>', '<b', '/>', '>', 'props'],
    ...['{x}', ':', 'string', '"', "'", '`', ';', ',', '.', '1', '&&'],
  ],
  javascript: [
    ...['function', 'f', 'class', 'C', 'const', 'x', 'value', '=', '=>', 'return', 'require', 'new', 'this'],
    ...['/*', '*/', '//', '/**', '"', "'", '`', '${', ';', ',', '.', '1', '+', '#priv', '/re/g'],
  ],
  python: [
    ...['def', 'class', 'f', 'self', 'lambda', 'import', 'from', 'as', 'return', 'pass', 'if', 'x', '@dec'],
    ...[':', '    ', '    ', '"""', "'''", '"', "'", '#', '=', '.', ',', '1', '+', '\\', 'f"', '*', '**'],
  ],
  go: [
    ...['package', 'p', 'func', 'f', 'type', 'T', 'struct', 'interface', 'var', 'return', 'import', 'x'],
    ...['(', ')', ':=', '=', '//', '/*', '*/', '"', '`', '.', ',', '1', '*', 'int', '\t'],
  ],
  rust: [
    ...['fn', 'f', 'impl', 'S', 'struct', 'trait', 'mod', 'use', 'crate', '::', 'self', 'let', 'mut', 'x'],
    ...['->', '=>', '&', "'a", '#[', '!', '///', '//', '/*', '*/', '"', 'r#"', ';', ',', '.', '1'],
  ],
  java: [
    ...['class', 'C', 'interface', 'public', 'static', 'void', 'int', 'm', 'return', 'new', 'import', 'x'],
    ...['@Override', '<T>', '/**', '*/', '//', '"', '"""', "'", ';', ',', '.', '1', '->', '::'],
  ],
  c: [
    ...[
      'int',
      'f',
      'struct',
      'S',
      'typedef',
      'enum',
      'return',
      'static',
      'void',
      'char',
      '*',
      'x',
      '#include',
    ],
    ...['#define', '#if', '#endif', '/**', '*/', '//', '"', "'", ';', ',', '.', '->', '1', '\\'],
  ],
  cpp: [
    ...[
      'class',
      'C',
      'struct',
      'namespace',
      'n',
      'template',
      '<typename T>',
      'int',
      'f',
      'return',
      'const',
      'auto',
    ],
    ...['::', '&', '*', '~', 'operator', '#include', '/**', '*/', '//', '"', 'R"(', ';', ',', '.', '->', '1'],
  ],
  ruby: [
    ...['def', 'f', 'end', 'class', 'C', 'module', 'M', 'self', 'do', 'if', 'return', 'require', 'x', '@x'],
    ...['#', '=begin', '=end', '"', "'", '#{', '<<~EOS', 'EOS', '|', ':', '.', ',', '(', '1', '&:'],
  ],
  csharp: [
    ...[
      'class',
      'C',
      'namespace',
      'N',
      'public',
      'static',
      'void',
      'int',
      'M',
      'return',
      'new',
      'using',
      'var',
    ],
    ...['[Obsolete]', '<T>', '///', '/*', '*/', '//', '"', '$"', '@"', ';', ',', '.', '=>', '1', '?.'],
  ],
};

// Whole declarations, so documents have units, calls and imports for edits to break and mend.
const JS_SNIPPETS = [
  'function f(a, b = 1) {\n  return g(a);\n}\n',
  'class C {\n  m() { this.n(); }\n  n() {}\n}\n',
  "import def, { a as b } from './m';\n",
  "const { r } = require('r');\n",
  'const h = (x) => x;\n',
  '/** Doc. */\n',
];
const SNIPPETS: Record<LanguageName, readonly string[]> = {
  typescript: [
    ...JS_SNIPPETS,
    'interface I { m(): void; }\n',
    'export async function t(p: number): Promise<void> {}\n',
  ],
  tsx: [...JS_SNIPPETS, 'const App = (p: { x: string }) => <div>{p.x}</div>;\n'],
  javascript: JS_SNIPPETS,
  python: [
    'def f(a, b=1):\n    """Doc."""\n    return g(a)\n',
    'class C:\n    def m(self):\n        self.n()\n',
    'import os.path as p, sys\n',
    'from .m import a as b\n',
    'f = lambda x: x\n',
    '@dec\n',
  ],
  go: [
    '// F does.\nfunc F(a, b int) int {\n\treturn g(a)\n}\n',
    'func (c *C) M() { c.N() }\n',
    'type C struct {\n\tx int\n}\n',
    'import m "example.com/m"\n',
    'var h = func(x int) int { return x }\n',
  ],
  rust: [
    '/// F does.\nfn f(a: u32, mut b: i64) -> u32 {\n    g(a)\n}\n',
    'impl S {\n    fn m(&self) { self.n(); }\n}\n',
    'struct S {\n    x: u32,\n}\n',
    'use crate::m::{a, b as c};\n',
    '#[derive(Debug)]\n',
  ],
  java: [
    '/** C does. */\nclass C {\n  int m(int a, String b) {\n    return n(a);\n  }\n}\n',
    'record R(int x) {}\n',
    'import com.shop.Money;\n',
    'interface I { void run(); }\n',
    '@Deprecated\n',
  ],
  c: [
    '/** F does. */\nint f(int a, char *b) {\n    return g(a);\n}\n',
    'struct S {\n    int x;\n};\n',
    'typedef struct { int y; } T;\n',
    '#include "m.h"\n',
    'char *h(void);\n',
  ],
  cpp: [
    '/** F does. */\nint f(int a, const std::string& b) {\n    return g(a);\n}\n',
    'class C {\npublic:\n    int m() const { return n(); }\n};\n',
    'namespace n {\nstruct S { int x; };\n}\n',
    'template <typename T>\nT twice(T x) { return x * 2; }\n',
    'int C::m2() { return 0; }\n',
  ],
  ruby: [
    '# F does.\ndef f(a, b = 1)\n  g(a)\nend\n',
    'class C\n  def m\n    n(1)\n  end\nend\n',
    'module M\n  def self.k(x) = x\nend\n',
    'require_relative "m"\n',
    'x.each do |y|\n  p(y)\nend\n',
  ],
  csharp: [
    '/// <summary>C does.</summary>\nclass C\n{\n    int M(int a, string b) { return N(a); }\n}\n',
    'record R(int X);\n',
    'using Shop.Pricing;\n',
    'namespace N\n{\n    interface I { void Run(); }\n}\n',
    '[Serializable]\n',
  ],
};

/** Up to `maxPieces` tokens or whole declarations of the language, joined. */
export function fragment(language: LanguageName, maxPieces: number): fc.Arbitrary<string> {
  const piece = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...AWKWARD, ...BRACKETS, ...TOKENS[language]) },
    { weight: 1, arbitrary: fc.constantFrom(...SNIPPETS[language]) },
  );
  return fc.array(piece, { maxLength: maxPieces }).map((pieces) => pieces.join(''));
}

/** One change of a `didChange`: an incremental edit, or (rarely) the whole new text. */
export type Change =
  | { readonly kind: 'edit'; readonly spec: EditSpec }
  | { readonly kind: 'full'; readonly text: string };

/** Insertions, deletions (often across lines), replacements, edits to the end, and whole texts. */
export function change(language: LanguageName): fc.Arbitrary<Change> {
  const edit = (span: fc.Arbitrary<number>, insert: fc.Arbitrary<string>): fc.Arbitrary<Change> =>
    fc.record({ start: fc.nat(), span, insert }).map((spec) => ({ kind: 'edit' as const, spec }));
  return fc.oneof(
    { weight: 4, arbitrary: edit(fc.constant(0), fragment(language, 6)) }, // insertion
    { weight: 3, arbitrary: edit(fc.integer({ min: 1, max: 40 }), fc.constant('')) }, // deletion
    { weight: 3, arbitrary: edit(fc.integer({ min: 1, max: 12 }), fragment(language, 4)) }, // replacement
    { weight: 1, arbitrary: edit(fc.nat(), fragment(language, 3)) }, // often to the end
    { weight: 1, arbitrary: fragment(language, 30).map((text) => ({ kind: 'full' as const, text })) },
  );
}

/** A starting document and a sequence of `applyChanges` calls of one to four changes each. */
export function editScenario(language: LanguageName) {
  return fc.record({
    initial: fragment(language, 80),
    steps: fc.array(fc.array(change(language), { minLength: 1, maxLength: 4 }), {
      minLength: 1,
      maxLength: 8,
    }),
  });
}
