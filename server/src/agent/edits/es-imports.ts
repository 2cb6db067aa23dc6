import type Parser from 'tree-sitter';
import type { GrammarRegistry } from '../../syntax/grammar-registry.js';
import { SyntaxDocument } from '../../syntax/syntax-document.js';
import { AnswerRejected } from './code-block.js';

/** Languages whose imports are ES module imports, where binding one name twice is an early error. */
const ES_MODULE_LANGUAGES = new Set(['typescript', 'tsx', 'javascript']);

/** One ES import statement's bindings, as read by tree-sitter. */
interface EsImport {
  /** The module, without quotes, and as written (quotes kept) for rewriting. */
  readonly source: string;
  readonly sourceText: string;
  readonly typeOnly: boolean;
  readonly defaultName: string | undefined;
  readonly namespace: string | undefined;
  /** Named specifiers: their text (`add as sum`, `type Price`) and the local name they bind. */
  readonly named: readonly { readonly text: string; readonly local: string }[];
}

/**
 * An answer's import statement, made fit for a file that already binds some names: the statement
 * itself when it binds only new names, one naming just the new ones when it repeats some (a name
 * imported twice is "Identifier has already been declared", which no syntax check sees), or nothing
 * when all are bound. Throws AnswerRejected for a name the file imports from another module.
 * Statements of other languages, and those that bind nothing (`import './polyfill'`), pass unchanged.
 */
export function withoutBoundNames(
  document: SyntaxDocument,
  statement: string,
  bound: ReadonlyMap<string, string | undefined>,
  registry: GrammarRegistry,
): string | undefined {
  const language = document.language?.spec.name;
  if (!language || !ES_MODULE_LANGUAGES.has(language)) return statement;
  const parsed = parseEsImport(document.languageId, statement, registry);
  if (!parsed) return statement;
  const locals = [parsed.defaultName, parsed.namespace, ...parsed.named.map((specifier) => specifier.local)];
  for (const local of locals) {
    if (local === undefined || !bound.has(local)) continue;
    const from = bound.get(local);
    if (from !== parsed.source) {
      throw new AnswerRejected(
        `the answer imports \`${local}\` from '${parsed.source}', but the file imports it from '${from ?? 'elsewhere'}'`,
      );
    }
  }
  const isNew = (local: string | undefined): local is string => local !== undefined && !bound.has(local);
  const named = parsed.named.filter((specifier) => isNew(specifier.local));
  const defaultName = isNew(parsed.defaultName) ? parsed.defaultName : undefined;
  const namespace = isNew(parsed.namespace) ? parsed.namespace : undefined;
  const fresh = named.length + (defaultName ? 1 : 0) + (namespace ? 1 : 0);
  if (fresh === 0) return undefined;
  if (fresh === locals.filter((local) => local !== undefined).length) return statement;
  const clause = [
    ...(defaultName ? [defaultName] : []),
    ...(namespace ? [`* as ${namespace}`] : []),
    ...(named.length > 0 ? [`{ ${named.map((specifier) => specifier.text).join(', ')} }`] : []),
  ];
  return `import ${parsed.typeOnly ? 'type ' : ''}${clause.join(', ')} from ${parsed.sourceText};`;
}

function parseEsImport(
  languageId: string,
  statement: string,
  registry: GrammarRegistry,
): EsImport | undefined {
  const parsed = new SyntaxDocument('file:///answer/imports', languageId, 0, statement, registry);
  const node = parsed.tree?.rootNode.namedChildren.find((child) => child.type === 'import_statement');
  const sourceNode = node?.childForFieldName('source');
  const clause = node?.namedChildren.find((child) => child.type === 'import_clause');
  if (!node || !sourceNode || !clause || node.hasError) return undefined;
  const named: { text: string; local: string }[] = [];
  let defaultName: string | undefined;
  let namespace: string | undefined;
  for (const part of clause.namedChildren) {
    if (part.type === 'identifier') defaultName = part.text;
    else if (part.type === 'namespace_import') namespace = part.namedChildren.at(-1)?.text;
    else if (part.type === 'named_imports') {
      for (const specifier of part.namedChildren.filter((child) => child.type === 'import_specifier')) {
        const local = (specifier.childForFieldName('alias') ?? specifier.childForFieldName('name'))?.text;
        if (local) named.push({ text: specifier.text, local });
      }
    }
  }
  return {
    source: stringContents(sourceNode),
    sourceText: sourceNode.text,
    typeOnly: node.children.some((child) => child.type === 'type'),
    defaultName,
    namespace,
    named,
  };
}

function stringContents(node: Parser.SyntaxNode): string {
  return node.text.slice(1, -1);
}
