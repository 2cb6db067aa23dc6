import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES_DIR } from './paths.js';

/**
 * One real-looking project per language Lantern supports through a grammar beyond JS/TS and Python
 * (test/fixtures/projects/<language>-shop): a file whose outline, hovers, explain context, fix and
 * docstring the end-to-end test checks, all driven from this table.
 */
export interface LanguageCase {
  readonly language: string;
  readonly project: string;
  /** The file the editor opens, relative to the project. */
  readonly file: string;
  readonly languageId: string;
  /** The outline as indented `Kind name` lines. */
  readonly outline: readonly string[];
  /** A documented unit: hovering its name shows its signature and its doc comment's text. */
  readonly documented: { readonly name: string; readonly signature: string; readonly doc: string };
  /** A unit calling code of other files: the explain prompt is `test/golden/<golden>`. */
  readonly caller: { readonly name: string; readonly calls: string; readonly golden: string };
  /**
   * What of the other files the explain prompt must carry: [the file as the prompt names it, relative to
   * the caller's, and a line of the definition shown (its body when short, else its declaration)].
   */
  readonly imported: readonly (readonly [string, string])[];
  /** The documented unit has a bug: `wrong` in its code, `right` fixes it; `diagnostic` reports it. */
  readonly fix: { readonly wrong: string; readonly right: string; readonly diagnostic: string };
  /** `Add docstring to <caller>` with the model's text: the lines put above the caller. */
  readonly docstring: { readonly answer: string; readonly lines: readonly string[] };
  /** A comment added at the end of the file, and the code "Implement from comment" puts under it. */
  readonly implement: { readonly comment: string; readonly code: string };
}

export const LANGUAGE_CASES: readonly LanguageCase[] = [
  {
    language: 'Go',
    project: 'go-shop',
    file: 'orders/checkout.go',
    languageId: 'go',
    outline: ['Class Line', 'Function Subtotal', 'Function CheckoutTotal'],
    documented: {
      name: 'Subtotal',
      signature: 'func Subtotal(lines []Line) int',
      doc: 'Subtotal adds up the lines of an order, in cents.',
    },
    caller: {
      name: 'CheckoutTotal',
      calls: '**Calls:** `TrimSpace`, `Format`, `Subtotal` (line 17)',
      golden: 'explain-go-function.md',
    },
    imported: [['../money/format.go', 'func Format(cents int) string;']],
    fix: {
      wrong: 'line.UnitCent\n',
      right: 'line.UnitCents\n',
      diagnostic:
        'line.UnitCent undefined (type Line has no field or method UnitCent, but does have field UnitCents)',
    },
    docstring: {
      answer: 'CheckoutTotal formats the sum of the lines as dollars.',
      lines: ['// CheckoutTotal formats the sum of the lines as dollars.'],
    },
    implement: {
      comment: '// TODO: count the items of an order',
      code: 'func ItemCount(lines []Line) int {\n\tcount := 0\n\tfor _, line := range lines {\n\t\tcount += line.Quantity\n\t}\n\treturn count\n}',
    },
  },
  {
    language: 'Rust',
    project: 'rust-shop',
    file: 'src/orders.rs',
    languageId: 'rust',
    outline: ['Class Line', 'Class Line', '  Method cents', 'Function subtotal', 'Function checkout_total'],
    documented: {
      name: 'subtotal',
      signature: 'pub fn subtotal(lines: &[Line]) -> i64',
      doc: 'Adds up the lines of an order, in cents.',
    },
    caller: {
      name: 'checkout_total',
      calls: '**Calls:** `format_cents`, `apply`, `subtotal` (line 19)',
      golden: 'explain-rust-function.md',
    },
    imported: [
      ['./money.rs', 'pub fn format_cents(cents: i64) -> String;'],
      ['./tax.rs', 'cents + cents * rate_percent / 100'],
    ],
    fix: {
      wrong: 'line.cent()',
      right: 'line.cents()',
      diagnostic: 'no method named `cent` found for reference `&Line` in the current scope',
    },
    docstring: {
      answer:
        'The total of the order with tax, as dollars.\n\n# Panics\n\nNever: an empty order costs `$0.00`.',
      lines: [
        '/// The total of the order with tax, as dollars.',
        '///',
        '/// # Panics',
        '///',
        '/// Never: an empty order costs `$0.00`.',
      ],
    },
    implement: {
      comment: '// TODO: count the items of an order',
      code: 'pub fn item_count(lines: &[Line]) -> u32 {\n    lines.iter().map(|line| line.quantity).sum()\n}',
    },
  },
  {
    language: 'Java',
    project: 'java-shop',
    file: 'src/main/java/com/shop/orders/Checkout.java',
    languageId: 'java',
    outline: ['Class Checkout', '  Method Checkout', '  Method subtotal', '  Method checkoutTotal'],
    documented: {
      name: 'subtotal',
      signature: 'public static long subtotal(List<Line> lines)',
      doc: 'Adds up the lines of an order, in cents.',
    },
    caller: {
      name: 'checkoutTotal',
      calls: '**Calls:** `format`, `withTax`, `subtotal` (line 12)',
      golden: 'explain-java-method.md',
    },
    imported: [
      ['../money/Money.java', 'public static String format(long cents);'],
      ['../tax/Tax.java', 'return cents + cents * ratePercent / 100;'],
    ],
    fix: {
      wrong: 'line.cent()',
      right: 'line.cents()',
      diagnostic: 'cannot find symbol\n  symbol:   method cent()\n  location: variable line of type Line',
    },
    docstring: {
      answer:
        'The total of the order with tax, as dollars.\n\n@param lines the lines of the order\n@return the total, formatted',
      lines: [
        '    /**',
        '     * The total of the order with tax, as dollars.',
        '     *',
        '     * @param lines the lines of the order',
        '     * @return the total, formatted',
        '     */',
      ],
    },
    implement: {
      comment: '// TODO: a class counting the items of an order',
      code: 'final class ItemCount {\n    static int of(List<Line> lines) {\n        return lines.stream().mapToInt(Line::quantity).sum();\n    }\n}',
    },
  },
  {
    language: 'C',
    project: 'c-shop',
    file: 'src/orders.c',
    languageId: 'c',
    outline: ['Class line', 'Function subtotal', 'Function checkout_total'],
    documented: {
      name: 'subtotal',
      signature: 'long subtotal(const struct line *lines, size_t count)',
      doc: 'Adds up the lines of an order, in cents.',
    },
    caller: {
      name: 'checkout_total',
      calls: '**Calls:** `format_cents`, `with_tax`, `subtotal` (line 14)',
      golden: 'explain-c-function.md',
    },
    imported: [
      ['./money.c', 'int format_cents(long cents, char *out, size_t size);'],
      ['./tax.h', 'return cents + cents * rate_percent / 100;'],
    ],
    fix: {
      wrong: 'lines[i].unit_cent;',
      right: 'lines[i].unit_cents;',
      diagnostic: "'const struct line' has no member named 'unit_cent'; did you mean 'unit_cents'?",
    },
    docstring: {
      answer:
        '@brief Writes the total of the order with tax.\n\n@param lines the lines of the order\n@param count how many lines\n@param out where the text goes\n@param size room in out\n@return what snprintf returns',
      lines: [
        '/**',
        ' * @brief Writes the total of the order with tax.',
        ' *',
        ' * @param lines the lines of the order',
        ' * @param count how many lines',
        ' * @param out where the text goes',
        ' * @param size room in out',
        ' * @return what snprintf returns',
        ' */',
      ],
    },
    implement: {
      comment: '// TODO: count the items of an order',
      code: 'int item_count(const struct line *lines, size_t count) {\n    int items = 0;\n    for (size_t i = 0; i < count; i++) items += lines[i].quantity;\n    return items;\n}',
    },
  },
  {
    language: 'C++',
    project: 'cpp-shop',
    file: 'src/orders.cpp',
    languageId: 'cpp',
    outline: [
      'Namespace shop',
      '  Class Line',
      '    Method cents',
      '  Function subtotal',
      '  Function checkout_total',
    ],
    documented: {
      name: 'subtotal',
      signature: 'long subtotal(const std::vector<Line>& lines)',
      doc: 'Adds up the lines of an order, in cents.',
    },
    caller: {
      name: 'checkout_total',
      calls: '**Calls:** `format`, `with_tax`, `subtotal` (line 20)',
      golden: 'explain-cpp-function.md',
    },
    imported: [
      ['./money.cpp', 'std::string format(long cents);'],
      ['./tax.hpp', 'return cents + cents * rate_percent / 100;'],
    ],
    fix: {
      wrong: 'line.cent()',
      right: 'line.cents()',
      diagnostic: "no member named 'cent' in 'shop::Line'; did you mean 'cents'?",
    },
    docstring: {
      answer:
        '@brief The total of the order with tax, as dollars.\n@param lines the lines of the order\n@return the total, formatted',
      lines: [
        '/**',
        ' * @brief The total of the order with tax, as dollars.',
        ' * @param lines the lines of the order',
        ' * @return the total, formatted',
        ' */',
      ],
    },
    implement: {
      comment: '// TODO: count the items of an order',
      code: 'int item_count(const std::vector<shop::Line>& lines) {\n    int items = 0;\n    for (const auto& line : lines) items += line.quantity;\n    return items;\n}',
    },
  },
  {
    language: 'Ruby',
    project: 'ruby-shop',
    file: 'lib/orders.rb',
    languageId: 'ruby',
    outline: ['Namespace Orders', '  Function subtotal', '  Function checkout_total'],
    documented: {
      name: 'subtotal',
      signature: 'def self.subtotal(lines)',
      doc: 'Adds up the lines of an order, in cents.',
    },
    caller: {
      name: 'checkout_total',
      calls: '**Calls:** `format`, `with_tax`, `subtotal` (line 7)',
      golden: 'explain-ruby-function.md',
    },
    imported: [
      ['./money.rb', 'Kernel.format("%s$%d.%02d", sign, cents.abs / 100, cents.abs % 100)'],
      ['./tax.rb', 'cents + cents * rate_percent / 100'],
    ],
    fix: {
      wrong: 'line.unit_cent ',
      right: 'line.unit_cents ',
      diagnostic: "undefined method 'unit_cent' for an instance of Line (NoMethodError)",
    },
    docstring: {
      answer:
        'The total of the order with tax, as dollars.\n\n@param lines [Array<Line>] the lines of the order\n@return [String] the total, formatted',
      lines: [
        '  # The total of the order with tax, as dollars.',
        '  #',
        '  # @param lines [Array<Line>] the lines of the order',
        '  # @return [String] the total, formatted',
      ],
    },
    implement: {
      comment: '# TODO: count the items of an order',
      code: 'def item_count(lines)\n  lines.sum(&:quantity)\nend',
    },
  },
  {
    language: 'C#',
    project: 'csharp-shop',
    file: 'Orders/Checkout.cs',
    languageId: 'csharp',
    outline: ['Class Checkout', '  Method Subtotal', '  Method CheckoutTotal'],
    documented: {
      name: 'Subtotal',
      signature: 'public static long Subtotal(IEnumerable<Line> lines)',
      doc: 'Adds up the lines of an order, in cents.',
    },
    caller: {
      name: 'CheckoutTotal',
      calls: '**Calls:** `Format`, `WithTax`, `Subtotal` (line 10)',
      golden: 'explain-csharp-method.md',
    },
    imported: [
      ['../Pricing/Money.cs', 'public static string Format(long cents);'],
      ['../Tax/TaxRates.cs', 'return cents + cents * ratePercent / 100;'],
    ],
    fix: {
      wrong: 'line.Cent()',
      right: 'line.Cents()',
      diagnostic: "CS1061: 'Line' does not contain a definition for 'Cent'",
    },
    docstring: {
      answer:
        '<summary>The total of the order with tax, as dollars.</summary>\n<param name="lines">The lines of the order.</param>\n<returns>The total, formatted.</returns>',
      lines: [
        '    /// <summary>The total of the order with tax, as dollars.</summary>',
        '    /// <param name="lines">The lines of the order.</param>',
        '    /// <returns>The total, formatted.</returns>',
      ],
    },
    implement: {
      comment: '// TODO: a class counting the items of an order',
      code: 'public static class ItemCount\n{\n    public static int Of(IEnumerable<Line> lines) => lines.Sum(line => line.Quantity);\n}',
    },
  },
];

/** The project folder of a case. */
export function projectRoot(one: LanguageCase): string {
  return join(FIXTURES_DIR, 'projects', one.project);
}

/** The text of the case's file. */
export function caseText(one: LanguageCase): string {
  return readFileSync(join(projectRoot(one), one.file), 'utf8');
}
