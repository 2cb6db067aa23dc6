import type Parser from 'tree-sitter';

/**
 * Syntax problems that are the grammar's, not the code's: TypeScript that tsc accepts and
 * tree-sitter-typescript 0.23.2 cannot parse, where no same-length rewrite of typescript-rewrites.ts
 * applies. Lantern does not report them: a false error in valid code teaches users to ignore the real
 * ones. The price is that a real error in the same construct goes unreported until the grammar knows it.
 */
export function isKnownGrammarGap(node: Parser.SyntaxNode): boolean {
  const language = (node.tree as { language?: { name?: string } }).language?.name;
  if (language !== 'typescript' && language !== 'tsx') return false;
  return (
    isGenericTaggedTemplate(node) ||
    (node.type === 'ERROR' && UNREWRITTEN.some((pattern) => pattern.test(opening(node))))
  );
}

/**
 * `sql<{ count: number }>\`SELECT …\`` (also after `yield*` or `await`): a tagged template with an object type among its type
 * arguments. The grammar reads `sql<{…}>` as an instantiation expression and wants a `!` before the
 * template; there is no same-length rewrite (the type is needed as written).
 */
function isGenericTaggedTemplate(node: Parser.SyntaxNode): boolean {
  const nonNull = node.parent;
  return (
    node.isMissing &&
    node.type === '!' &&
    nonNull?.type === 'non_null_expression' &&
    endsWithInstantiation(nonNull.firstChild) &&
    nonNull.parent?.type === 'call_expression' &&
    nonNull.parent.childForFieldName('arguments')?.type === 'template_string'
  );
}

/**
 * The first two lines of an ERROR node (at most 200 characters): where the construct that confused the
 * grammar starts. Not the whole text: a large ERROR may hold a real error far from any such construct.
 */
function opening(node: Parser.SyntaxNode): string {
  const text = node.text.slice(0, 200);
  const secondBreak = text.indexOf('\n', text.indexOf('\n') + 1);
  return secondBreak === -1 ? text : text.slice(0, secondBreak);
}

/** `sql<{…}>`, or `yield* sql<{…}>`, `await sql<{…}>`: the tag may come after an operator. */
function endsWithInstantiation(node: Parser.SyntaxNode | null): boolean {
  for (let level = 0; node && level < 3; level++, node = node.lastNamedChild) {
    if (node.type === 'instantiation_expression') return true;
  }
  return false;
}

// What the rewrites would have fixed but could not be applied to: the grammar's misreading of such text
// ends in an ERROR that holds it.
const UNREWRITTEN: readonly RegExp[] = [
  // A generic call signature at the start of a line with no indentation to turn into a separator.
  /\n<[\w$\s,=]*>\s*\(/,
  // A variance annotation the grammar could not take even with the modifier blanked.
  /[<,]\s*(?:in\s+out|in|out)\s+[A-Za-z_$][\w$]*\s*(?:extends\b|[=,>])/,
];
