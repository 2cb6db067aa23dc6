import type { CancellationToken, CodeAction, CodeActionContext, Range } from 'vscode-languageserver';
import type { SyntaxDocument } from '../syntax/syntax-document.js';
import type { FeatureContext } from './feature.js';

/** One source of code actions; `code-actions.ts` asks each and merges their answers. */
export interface CodeActionProvider {
  readonly name: string;
  /** Kinds it offers, for the server capabilities and for honouring `context.only`. */
  readonly kinds: readonly string[];
  /** Lists actions cheaply: titles, and `data` (with `provider: name`) for those resolved later. */
  provide(
    request: { document: SyntaxDocument; range: Range; context: CodeActionContext },
    feature: FeatureContext,
  ): CodeAction[];
  /** Fills in an action this provider listed (`codeAction/resolve`): the expensive part runs here. */
  resolve?(action: CodeAction, feature: FeatureContext, token: CancellationToken): Promise<CodeAction>;
}

/** The `data` every resolvable Lantern action carries, so resolve can route it back to its provider. */
export interface ActionData {
  readonly provider: string;
}
