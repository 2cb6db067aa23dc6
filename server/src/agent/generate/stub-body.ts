import type Parser from 'tree-sitter';
import { bodyOf, type CodeUnit } from '../../syntax/code-units.js';

// The messages people throw from a function they have not written yet.
const NOT_IMPLEMENTED = /not\s+(?:yet\s+)?implemented|unimplemented|\btodo\b|NotImplementedError/i;
// A comment that marks a body as still to be written.
const TODO_COMMENT = /\b(?:TODO|FIXME)\b|\bimplement/i;

/**
 * How a function or method is a stub waiting for its body, if it is: a body that holds, besides its
 * docstring and comments, only `...`, `pass`, a not-implemented `throw`/`raise`, or nothing but a TODO
 * comment (a Python docstring alone counts too). Undefined for anything with real code, and for
 * classes: an empty class is a declaration, not a stub.
 */
export function stubShape(unit: CodeUnit): string | undefined {
  if (unit.kind !== 'function' && unit.kind !== 'method') return undefined;
  const body = bodyOf(unit.node);
  if (!body || (body.type !== 'block' && body.type !== 'statement_block')) return undefined;
  const comments = body.namedChildren.filter((node) => node.type === 'comment');
  const statements = body.namedChildren.filter((node) => node.type !== 'comment');
  const first = statements[0];
  const docstring = first?.type === 'expression_statement' && first.firstNamedChild?.type === 'string';
  if (docstring) statements.shift();
  if (statements.length === 0) {
    if (comments.some((comment) => TODO_COMMENT.test(comment.text))) return 'a TODO comment';
    return docstring ? 'only its docstring' : undefined;
  }
  return statements.length === 1 ? placeholder(statements[0] as Parser.SyntaxNode) : undefined;
}

function placeholder(statement: Parser.SyntaxNode): string | undefined {
  if (statement.type === 'pass_statement') return '`pass`';
  if (statement.type === 'expression_statement' && statement.firstNamedChild?.type === 'ellipsis')
    return '`...`';
  if (statement.type === 'throw_statement' && NOT_IMPLEMENTED.test(statement.text))
    return `\`${statement.text.trim()}\``;
  if (statement.type === 'raise_statement' && NOT_IMPLEMENTED.test(statement.text))
    return `\`${statement.text.trim()}\``;
  return undefined;
}
