import type Parser from 'tree-sitter';
import type { ImportStatement } from '../syntax/calls-and-imports.js';
import type { CodeUnit } from '../syntax/code-units.js';
import type { SyntaxDocument } from '../syntax/syntax-document.js';

/**
 * The import statements worth a prompt's space, for the languages the workspace index reads: those
 * binding a name the unit uses that no definition in the prompt shows. A relative import whose names
 * the unit uses only as types (`OperatorFunction` in a signature) is left out too: the type's name says
 * what it is and its module path adds nothing, whereas a package's (`express`' Request) says whose it is.
 */
export function importsShown(
  document: SyntaxDocument,
  unit: CodeUnit,
  unitCode: string,
  shownNames: ReadonlySet<string>,
): ImportStatement[] {
  const words = new Set(unitCode.match(/[A-Za-z_$][\w$]*/g) ?? []);
  const values = valueNames(unit.node, document.language?.spec.name === 'python');
  const root = (local: string) => local.split('.')[0] ?? local;
  return document.imports().filter((statement) => {
    const relative = statement.source?.startsWith('.') ?? false;
    return statement.locals.some(
      (local) => words.has(root(local)) && !shownNames.has(local) && (!relative || values.has(root(local))),
    );
  });
}

/**
 * The names the code uses as values. TypeScript's grammar gives a name in a type its own node kind
 * (`type_identifier`); Python's annotations are expressions under a `type` node.
 */
function valueNames(node: Parser.SyntaxNode, python: boolean): Set<string> {
  const names = new Set<string>();
  const cursor = node.walk();
  let done = false;
  while (!done) {
    const type = cursor.nodeType;
    const skip = python && type === 'type';
    if (type === 'identifier') names.add(cursor.nodeText);
    if (!skip && cursor.gotoFirstChild()) continue;
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent() || cursor.currentNode.id === node.id) {
        done = true;
        break;
      }
    }
  }
  return names;
}
