import type { CodeAction, CodeActionContext, Range } from 'vscode-languageserver';
import type { SyntaxDocument } from '../syntax/syntax-document.js';
import type { FeatureContext } from './feature.js';

/** One source of code actions; `code-actions.ts` asks each and merges their answers. */
export interface CodeActionProvider {
  readonly name: string;
  /** Kinds it offers, for the server capabilities and for honouring `context.only`. */
  readonly kinds: readonly string[];
  provide(
    request: { document: SyntaxDocument; range: Range; context: CodeActionContext },
    feature: FeatureContext,
  ): CodeAction[];
}
