import { fileURLToPath } from 'node:url';
import type { LanternConfig } from '../../config.js';
import { labelFor } from '../../context/unit-context.js';
import { ModelError } from '../../llm/errors.js';
import { needsModel } from '../../llm/offline-hint.js';
import { type CodeUnit, unitAt } from '../../syntax/code-units.js';
import type { SyntaxDocument } from '../../syntax/syntax-document.js';
import { runTests } from '../../tools/run-tests.js';
import { WorkspaceCopy } from '../../tools/workspace-copy.js';
import { fenceOf } from '../block-context.js';
import { AnswerRejected, extractCodeBlock } from '../edits/code-block.js';
import { modelFailure, type Refusal } from '../edits/model-edit.js';
import { applyOffsetEdits, type OffsetEdit, type VerifiedEdit, verifySyntax } from '../edits/unit-edit.js';
import type { FixServices } from '../fix.js';
import { callModel, codeAnswerTokens } from '../model-call.js';
import { loadPrompt, type PromptTemplate, promptRequest } from '../prompt-templates.js';
import { generatedCodeJudge, indentedCode } from './generated-code.js';
import { commentInstruction, insertionText, type Placement, placementFor } from './placement.js';
import { stubShape } from './stub-body.js';
import { StubImplementer } from './stub-implementer.js';

export interface GenerateRequest {
  readonly document: SyntaxDocument;
  readonly offset: number;
  readonly selection?: { readonly start: number; readonly end: number };
  readonly instruction?: string;
  /** TS/JS: the project's type check, run in a copy of the workspace with the code inserted. */
  readonly typecheck?: {
    readonly command: string;
    readonly root: string;
    readonly unsaved: ReadonlyMap<string, string>;
  };
}

export type GenerateResult =
  | {
      readonly kind: 'edit';
      readonly edit: VerifiedEdit;
      readonly instruction: string;
      readonly plan: string;
    }
  | Refusal;

/** Stages reported while generating, with how much has streamed. */
export type GenerateStage = 'planning' | 'writing code' | 'checking';

const SURROUNDING_LINES = 40;

/**
 * The generate ability: instruction (argument, selection or the comment at the cursor) → requirement →
 * plan → code, in one streamed answer → re-indented for its place → verified to parse → a versioned
 * insertion. With no instruction or selection in a stub (stubShape), its body is written instead
 * (StubImplementer). Throws only a `cancelled` ModelError.
 */
export class Generator {
  readonly #prompt: PromptTemplate = loadPrompt('generate');
  readonly #stubs: StubImplementer;

  constructor(private readonly services: FixServices) {
    this.#stubs = new StubImplementer(services);
  }

  async generate(
    request: GenerateRequest,
    signal: AbortSignal,
    progress: (stage: GenerateStage, detail: string) => void,
    /** The model's answer as it streams in (requirement, plan, code), for a front that shows it. */
    onText?: (delta: string) => void,
  ): Promise<GenerateResult> {
    const { document } = request;
    const selected =
      request.selection && request.selection.end > request.selection.start
        ? document.text.slice(request.selection.start, request.selection.end).trim()
        : undefined;
    const comment =
      request.instruction || selected ? undefined : commentInstruction(document, request.offset);
    const stub =
      request.instruction?.trim() || selected ? undefined : unitAt(document.units(), request.offset);
    if (stub && stubShape(stub)) return this.#implement(document, stub, comment?.text, signal, progress);
    const instruction = request.instruction?.trim() || selected || comment?.text;
    if (!instruction) {
      return {
        kind: 'rejected',
        reason:
          'Lantern needs an instruction: pass one, select it, or put the cursor on a comment such as "// TODO: …".',
      };
    }
    const choice = this.services.provider();
    if (choice.kind === 'offline')
      return { kind: 'rejected', reason: needsModel('to generate code', choice.reason) };
    const placement = placementFor(document, request.offset, request.selection, comment);
    const file = labelFor(document.uri, this.services.sources.workspaceRoot);
    const values = promptValues(document, placement, instruction, file);
    const versionAsked = document.version;
    let streamed = '';
    progress('planning', '');
    const reply = await callModel(
      this.services,
      choice.provider,
      promptRequest(this.#prompt, values, codeAnswerTokens(this.services.config())),
      {
        signal,
        onText: (delta) => {
          onText?.(delta);
          streamed += delta;
          const fence = streamed.indexOf('```');
          if (fence === -1) progress('planning', `${streamed.length} characters`);
          else {
            const lines = streamed.slice(fence).split('\n').length - 1;
            progress('writing code', `${lines} line${lines === 1 ? '' : 's'}`);
          }
        },
      },
    );
    if (reply instanceof ModelError) return modelFailure(reply);
    const answer = reply.text;
    progress('checking', '');
    if (document.version !== versionAsked) {
      return {
        kind: 'rejected',
        reason:
          'Lantern did not insert the code: the document changed while it was being written; ask again.',
      };
    }
    try {
      const registry = this.services.registry;
      const code = extractCodeBlock(answer, generatedCodeJudge(answer, document, registry));
      const edits = [
        {
          startIndex: placement.start,
          endIndex: placement.end,
          newText: insertionText(document, placement, indentedCode(document, placement, code, registry)),
        },
      ];
      verifySyntax(document, edits, registry);
      // The command offers a type check only where there is one to run (TypeScript, JavaScript).
      if (request.typecheck) {
        const failure = await typecheckFails(
          request.typecheck,
          document,
          edits,
          this.services.config(),
          signal,
        );
        if (failure)
          return {
            kind: 'rejected',
            reason: `Lantern did not insert the code: the type check fails with it:\n${failure}`,
          };
      }
      return { kind: 'edit', edit: { version: versionAsked, edits }, instruction, plan: planOf(answer) };
    } catch (error) {
      if (error instanceof AnswerRejected)
        return { kind: 'rejected', reason: `Lantern did not insert the code: ${error.reason}.` };
      throw error;
    }
  }

  // "Implement with Lantern": the stub's body, from its signature and docstring (a comment in it as a hint).
  async #implement(
    document: SyntaxDocument,
    unit: CodeUnit,
    hint: string | undefined,
    signal: AbortSignal,
    progress: (stage: GenerateStage, detail: string) => void,
  ): Promise<GenerateResult> {
    progress('writing code', '');
    const result = await this.#stubs.implement(document, unit, signal, hint);
    if (result.kind === 'rejected') return result;
    const instruction = `implement \`${unit.name}\` from its signature and docstring`;
    return { kind: 'edit', edit: result.edit, instruction, plan: result.summary };
  }
}

function promptValues(
  document: SyntaxDocument,
  placement: Placement,
  instruction: string,
  file: string,
): Record<string, string> {
  const lines = document.text.split('\n');
  const from = Math.max(0, placement.line - SURROUNDING_LINES);
  const to = Math.min(lines.length, placement.line + SURROUNDING_LINES);
  const surroundings = [
    ...lines.slice(from, placement.line),
    `${placement.indent}<<< insert here`,
    ...lines.slice(placement.line, to),
  ].join('\n');
  const spec = document.language?.spec;
  return {
    instruction,
    line: String(placement.line + 1),
    file,
    where: placement.where,
    // Without a grammar, all Lantern knows of the language is the editor's languageId.
    language:
      spec?.displayName ?? `the language of this file (the editor calls it \`${document.languageId}\`)`,
    fence: fenceOf(document),
    surroundings,
  };
}

// The requirement and plan the model wrote before its code, for the progress report and the result.
function planOf(answer: string): string {
  return (answer.split(/^(```|~~~)/m)[0] ?? '').trim().slice(0, 1000);
}

// Runs the project's type check in a throw-away copy holding the insertion; returns its output's end on failure.
async function typecheckFails(
  typecheck: NonNullable<GenerateRequest['typecheck']>,
  document: SyntaxDocument,
  edits: readonly OffsetEdit[],
  config: LanternConfig,
  signal: AbortSignal,
): Promise<string | undefined> {
  const copy = await WorkspaceCopy.create(typecheck.root, typecheck.unsaved, signal);
  try {
    copy.write(fileURLToPath(document.uri), applyOffsetEdits(document.text, edits));
    const result = await runTests({
      command: typecheck.command,
      cwd: copy.root,
      timeoutMs: config.tests.timeoutMs,
      maxOutputChars: 4_000,
      signal,
    });
    return result.passed ? undefined : result.output.trim().split('\n').slice(-15).join('\n');
  } finally {
    copy.dispose();
  }
}
