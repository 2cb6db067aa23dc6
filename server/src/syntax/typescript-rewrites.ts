import type Parser from 'tree-sitter';

/**
 * The TypeScript that tree-sitter-typescript 0.23.2 (the newest on npm) rejects and tsc accepts, each
 * with a same-length rewrite into a form the grammar knows and a test that the reparsed tree shows the
 * construct the rewrite was for. Rewrites never touch a newline, so rows and columns stay the text's.
 */
export interface RewriteKind {
  readonly name: string;
  /**
   * Where the construct may be, in a stretch of text; global, matched with `matchAll`. What is
   * rewritten is the first group if there is one, else the whole match, and ends where the match ends
   * (a look-behind would be simpler to read and costs 15 ms on a 300 KB file).
   */
  readonly pattern: RegExp;
  /** What the view shows instead of the rewritten text; same length. */
  replacement(span: string): string;
  /** Whether a match is worth trying, judged on the text around it (default: yes). */
  plausible?(text: string, index: number): boolean;
  /** Whether a match is worth trying, judged on the tree that has the error (default: yes). */
  worthTrying?(tree: Parser.Tree, index: number): boolean;
  /** Whether the tree parsed through the rewrite shows the construct it is for. */
  fits(tree: Parser.Tree, index: number, length: number): boolean;
}

const MEMBER_CONTAINERS = new Set(['object_type', 'interface_body']);

const blank = (match: string) => match.replace(/[^\n\r]/g, ' ');

/** The node of the one character at `index`. */
const nodeAt = (tree: Parser.Tree, index: number) => tree.rootNode.descendantForIndex(index, index + 1);

/** Whether the node at `index`, or one of its three nearest ancestors, is a template literal type. */
function inTemplateLiteralType(tree: Parser.Tree, index: number): boolean {
  let node: Parser.SyntaxNode | null = nodeAt(tree, index);
  for (let level = 0; node && level < 4; level++, node = node.parent) {
    if (node.type === 'template_literal_type') return true;
  }
  return false;
}

// A line ending in one of these continues into the next (`dual(2,\n  <A>(self) => …`), or opens the
// object type (`{\n  <A>(f): …`): no separator belongs there. `=>` is handled apart.
const CONTINUES = new Set([',', '(', '[', '{', '=', ';', ':', '|', '&', '?']);

/**
 * Whether the text before the line at `index` ends a member: its last character before the line break,
 * past blanks, comments on lines of their own and JSDoc, does not continue into the next line.
 */
function endsMember(text: string, index: number): boolean {
  let at = text.lastIndexOf('\n', index) - 1;
  for (let guard = 0; at >= 0 && guard < 200; guard++) {
    const char = text[at] as string;
    if (char === ' ' || char === '\t' || char === '\r' || char === '\n') {
      at--;
    } else if (char === '/' && text[at - 1] === '*') {
      at = text.lastIndexOf('/*', at - 2) - 1;
    } else {
      const lineStart = text.lastIndexOf('\n', at) + 1;
      let first = lineStart;
      while (text[first] === ' ' || text[first] === '\t') first++;
      if (text.startsWith('//', first)) {
        at = lineStart - 1;
        continue;
      }
      if (char === '>' && text[at - 1] === '=') return false;
      return !CONTINUES.has(char);
    }
  }
  return true;
}

export const REWRITE_KINDS: readonly RewriteKind[] = [
  {
    // Variance annotations (TS 4.7): `interface HashMap<out K, out V>`, `Cache<in out K>`. The
    // modifiers become spaces. A parameter named `out` (`<out extends X>`) does not match: the name
    // must be followed by `extends`, `=`, `,` or `>`.
    name: 'variance',
    pattern: /[<,]\s*((?:in\s+out|in|out)\s+)(?=[A-Za-z_$][\w$]*\s*(?:extends\b|[=,>]))/g,
    replacement: blank,
    fits(tree, index, length) {
      const name = nodeAt(tree, index + length);
      return (
        name.startIndex === index + length &&
        name.type === 'type_identifier' &&
        name.parent?.type === 'type_parameter' &&
        name.parent.parent?.type === 'type_parameters'
      );
    },
  },
  {
    // A member of an object type or interface that starts a line with `<` or `in` after a member with
    // no separator: the `dual` overload style (`{\n  <A>(f): …\n  <A>(self, f): …\n}`) and `in: string`.
    // The grammar inserts no automatic semicolon before `<` or `in`, which could continue an expression;
    // the indentation character before the member becomes one.
    name: 'member separator',
    // `<` must open type parameters followed by `(` on that line, or end the line: a JSX element on a
    // line of its own (`<span>`) is not a candidate.
    pattern: /\n[ \t]*([ \t])(?=<[^\n]*>[ \t]*\(|<[ \t]*\r?\n|in\s*\??\s*[:(<])/g,
    replacement: () => ';',
    plausible: endsMember,
    fits(tree, index) {
      const node = nodeAt(tree, index);
      return node.type === ';' && MEMBER_CONTAINERS.has(node.parent?.type ?? '');
    },
  },
  {
    // An escape in a template literal type (`\`Missing \\`Self\\` generic\``): the grammar knows
    // escapes only in template strings. The escape becomes spaces (a line continuation keeps its newline).
    name: 'template type escape',
    pattern: /\\[^\n\r]?/g,
    replacement: blank,
    worthTrying: inTemplateLiteralType,
    fits: inTemplateLiteralType,
  },
  {
    // A variable named `as` (`let as = …`): the grammar takes `let as` for an `as` expression. The
    // view names it `a_`; nodes read the document's text, so the name still reads `as`.
    name: 'variable named as',
    pattern: /\b(?:let|const|var)\s+(as)(?=\s*[=:;,])/g,
    replacement: () => 'a_',
    fits(tree, index) {
      const node = nodeAt(tree, index);
      return node.type === 'identifier' && node.parent?.type === 'variable_declarator';
    },
  },
];
