import type { CancellationToken, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import { skippedNote } from '../../agent/edits/second-gate.js';
import type { VerifiedEdit } from '../../agent/edits/unit-edit.js';
import { type CodeUnit, unitAt } from '../../syntax/code-units.js';
import type { SyntaxDocument } from '../../syntax/syntax-document.js';
import { blockAt, type TextBlock } from '../../syntax/text-block.js';
import { type TopLevelRegion, topLevelRegionAt } from '../../syntax/top-level-region.js';
import { MessageType } from '../client-notifier.js';
import type { FeatureContext } from '../feature.js';
import type { FixArgs } from '../protocol.js';
import { offsetOf, rangeOf } from '../ranges.js';
import type { CommandHandler } from './explain-command.js';
import { signalOf } from './explanation-markdown.js';

/** A fix ready to apply, or why there is none (said to the user as is). */
export type ComputedFix =
  | { readonly edit: WorkspaceEdit; readonly label: string; readonly note?: string }
  | { readonly reason: string };

/** What a fix may change: a unit, a top-level region, or — without a grammar — the block around it. */
export type FixTarget =
  | { readonly unit: CodeUnit }
  | { readonly region: TopLevelRegion }
  | { readonly block: TextBlock };

/**
 * Computes the verified edit for a diagnostic: the document must still be at the version the
 * diagnostic was reported for, the problem must lie in a unit or a top-level region (fixTargetAt), and
 * the model's answer must pass the edit pipeline. Shared by `codeAction/resolve` and the `lantern.fix` command.
 */
export async function computeFix(
  feature: FeatureContext,
  args: FixArgs,
  token: CancellationToken,
): Promise<ComputedFix> {
  const document = documentAsOffered(feature, args, 'this fix');
  if ('reason' in document) return document;
  const offset = offsetOf(document, args.diagnostic.range.start);
  const target = offset === undefined ? undefined : fixTargetAt(document, offset);
  if (offset === undefined || !target) {
    return {
      reason: document.language
        ? `Lantern fixes code inside a function, method or class, or one top-level statement or import block; line ${args.diagnostic.range.start.line + 1} is in none.`
        : `Lantern found no code around line ${args.diagnostic.range.start.line + 1} to fix.`,
    };
  }
  const problem = {
    message: args.diagnostic.message,
    source: args.diagnostic.source,
    startIndex: offset,
    line: args.diagnostic.range.start.line + 1,
  };
  const signal = signalOf(token);
  const { fixer } = feature.agent;
  const result =
    'unit' in target
      ? await fixer.fix(document, target.unit, problem, signal)
      : 'region' in target
        ? await fixer.fixRegion(document, target.region, problem, signal)
        : await fixer.fixBlock(document, target.block, problem, signal);
  if (result.kind === 'rejected') return { reason: result.reason };
  const what =
    'unit' in target
      ? target.unit.name
      : 'region' in target
        ? target.region.description
        : target.block.description;
  const edit = toWorkspaceEdit(feature, document, result.edit);
  const label = `Lantern: fix ${what}`;
  if ('block' in target) {
    // Said in the result and the log: the one check a grammar gives is missing.
    const note = `not checked for syntax: Lantern has no grammar for languageId \`${document.languageId}\``;
    feature.notifier.log(MessageType.Info, `${label}: ${note}.`);
    return { edit, label, note };
  }
  const note = skippedNote(result.check);
  if (note) feature.notifier.log(MessageType.Info, `${label}: ${note}.`);
  return { edit, label };
}

/**
 * What a fix for a problem at `offset` may change: the innermost unit there, else the top-level
 * statement or import block it is in; undefined when neither can be rewritten soundly. In a language
 * without a grammar, the block around it (blockAt).
 */
export function fixTargetAt(document: SyntaxDocument, offset: number): FixTarget | undefined {
  if (!document.language) {
    const block = blockAt(document.textDocument, offset);
    return block ? { block } : undefined;
  }
  const unit = unitAt(document.units(), offset);
  if (unit) return { unit };
  const region = topLevelRegionAt(document, offset);
  return region ? { region } : undefined;
}

/**
 * The open document an offered action was computed for, or why it cannot run: closed since, or
 * changed (its version moved on), in which case the action's offsets mean nothing any more.
 */
export function documentAsOffered(
  feature: FeatureContext,
  offered: { readonly uri: string; readonly version: number },
  what: string,
): SyntaxDocument | { readonly reason: string } {
  const document = feature.documents.get(offered.uri);
  if (!document) return { reason: `Lantern: ${offered.uri} is not open.` };
  if (document.version === offered.version) return document;
  return {
    reason: `Lantern: the document changed since ${what} was offered (version ${offered.version}, now ${document.version}); ask again.`,
  };
}

/** `lantern.fix {uri, version, diagnostic}`: computes the fix and sends it with workspace/applyEdit. */
export const fixCommand: CommandHandler = async (args, feature, token) => {
  const fix = await computeFix(feature, parseFixArgs(args[0]), token);
  if ('reason' in fix) {
    feature.notifier.showMessage(MessageType.Warning, fix.reason);
    return { applied: false, reason: fix.reason };
  }
  const applied = await applyIfSupported(feature, fix.label, fix.edit);
  return fix.note ? { ...applied, note: fix.note } : applied;
};

/** Validates the arguments of lantern.fix (they come from the client as JSON). */
export function parseFixArgs(raw: unknown): FixArgs {
  const args = raw as Partial<FixArgs> | undefined;
  const start = args?.diagnostic?.range?.start;
  if (
    typeof args?.uri !== 'string' ||
    typeof args.version !== 'number' ||
    typeof args.diagnostic?.message !== 'string' ||
    typeof start?.line !== 'number' ||
    typeof start.character !== 'number'
  ) {
    throw new Error('lantern.fix expects {uri, version, diagnostic: {range, message}}');
  }
  return args as FixArgs;
}

/** A versioned edit for an open document, so the client refuses it if the buffer moved on since. */
export function toWorkspaceEdit(
  feature: FeatureContext,
  document: SyntaxDocument,
  verified: VerifiedEdit,
): WorkspaceEdit {
  const edits: TextEdit[] = verified.edits.map((edit) => ({
    range: rangeOf(document, edit.startIndex, edit.endIndex),
    newText: edit.newText,
  }));
  if (feature.client().workspace?.workspaceEdit?.documentChanges) {
    return { documentChanges: [{ textDocument: { uri: document.uri, version: verified.version }, edits }] };
  }
  return { changes: { [document.uri]: edits } };
}

/** Sends workspace/applyEdit, or says why not when the client never declared support for it. */
export async function applyIfSupported(
  feature: FeatureContext,
  label: string,
  edit: WorkspaceEdit,
): Promise<{ applied: boolean; reason?: string }> {
  if (feature.client().workspace?.applyEdit !== true) {
    const reason =
      'Lantern: this editor does not accept edits from the server (workspace/applyEdit); nothing was changed.';
    feature.notifier.showMessage(MessageType.Warning, reason);
    return { applied: false, reason };
  }
  const result = await feature.notifier.applyEdit(label, edit);
  return result.failureReason
    ? { applied: result.applied, reason: result.failureReason }
    : { applied: result.applied };
}
