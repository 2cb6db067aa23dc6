import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildUnitContext, renderContext } from '../../context/unit-context.js';
import { ModelError } from '../../llm/errors.js';
import type { CodeUnit } from '../../syntax/code-units.js';
import { languageFor } from '../../syntax/languages.js';
import { SyntaxDocument } from '../../syntax/syntax-document.js';
import { findSyntaxProblems } from '../../syntax/syntax-errors.js';
import { readSmallFileSync } from '../../workspace/regular-file.js';
import { AnswerRejected, extractCodeBlock } from '../edits/code-block.js';
import { modelFailure, type Refusal } from '../edits/model-edit.js';
import type { OffsetEdit } from '../edits/unit-edit.js';
import type { FixServices } from '../fix.js';
import { callModel, codeAnswerTokens } from '../model-call.js';
import { loadPrompt, type PromptTemplate, promptRequest } from '../prompt-templates.js';
import { skeletonTests, type TestFramework, testLayout } from './test-layout.js';

/** A test file bigger than this is not merged into (its text goes into the prompt and the diff). */
const MAX_TEST_FILE_BYTES = 1_000_000;

export type TestsResult =
  | {
      readonly kind: 'edit';
      readonly testUri: string;
      /** The test file does not exist yet: create it (its whole text is the one insertion). */
      readonly create: boolean;
      /** Edits against `base`, the test file's current text ('' when created). */
      readonly edits: readonly OffsetEdit[];
      readonly base: string;
      /** The version of the open test document the edits are for, if it is open. */
      readonly version: number | null;
      readonly framework: TestFramework;
      readonly skeleton: boolean;
    }
  | Refusal;

const IMPORT_LINE = /^(import\s|from\s+\S+\s+import\s)/;

/**
 * `lantern.generateTests`: tests for a unit in the project's framework and layout, created in a new
 * test file or added to the existing one (new imports at its top, tests at its end); offline, an honest
 * skeleton of to-do tests. The resulting file is verified to parse. Throws only `cancelled`.
 */
export class TestWriter {
  readonly #prompt: PromptTemplate = loadPrompt('tests');

  constructor(
    private readonly services: FixServices & { readonly openVersion: (uri: string) => number | undefined },
  ) {}

  async write(
    document: SyntaxDocument,
    unit: CodeUnit,
    root: string | undefined,
    signal: AbortSignal,
  ): Promise<TestsResult> {
    if (!document.uri.startsWith('file:'))
      return { kind: 'rejected', reason: 'Lantern writes tests for files on disk only.' };
    const source = fileURLToPath(document.uri);
    const layout = testLayout(source, unit.name, root);
    const testUri = pathToFileURL(layout.testFile).href;
    const openDocument = this.services.sources.files.document(layout.testFile);
    const exists = openDocument !== undefined || existsSync(layout.testFile);
    const existing =
      openDocument?.text ?? (exists ? readSmallFileSync(layout.testFile, MAX_TEST_FILE_BYTES) : '');
    // Merging into a file Lantern could not read (a FIFO, a huge file) would overwrite it blind.
    if (existing === undefined)
      return {
        kind: 'rejected',
        reason: `Lantern did not write the tests: ${layout.testFile} is not a regular file of at most ${MAX_TEST_FILE_BYTES} bytes.`,
      };
    const choice = this.services.provider();
    let code = skeletonTests(layout, unit.name);
    if (choice.kind === 'model') {
      const context = buildUnitContext(
        document,
        unit,
        this.services.sources,
        this.services.config().context.maxTokens,
      );
      const values = {
        framework: layout.framework,
        testFile: root ? relative(root, layout.testFile) : layout.testFile,
        kind: unit.kind,
        name: unit.name,
        file: context.fileLabel,
        importLine: layout.importLine,
        existing: existing
          ? `The test file already contains:\n\n\`\`\`\n${existing.slice(0, 8_000)}\n\`\`\``
          : 'The test file does not exist yet.',
        context: renderContext(context),
      };
      const reply = await callModel(
        this.services,
        choice.provider,
        promptRequest(this.#prompt, values, codeAnswerTokens(this.services.config())),
        { signal },
      );
      if (reply instanceof ModelError) return modelFailure(reply);
      try {
        code = `${extractCodeBlock(reply.text)}\n`;
      } catch (error) {
        if (!(error instanceof AnswerRejected)) throw error;
        return { kind: 'rejected', reason: `Lantern did not write the tests: ${error.reason}.` };
      }
    }
    const edits = exists ? mergeInto(existing, code) : [{ startIndex: 0, endIndex: 0, newText: code }];
    const problem = syntaxProblemAfter(layout.testFile, existing, edits, this.services.registry);
    if (problem)
      return {
        kind: 'rejected',
        reason: `Lantern did not write the tests: they would not parse (${problem}).`,
      };
    return {
      kind: 'edit',
      testUri,
      create: !exists,
      edits,
      base: existing,
      version: this.services.openVersion(testUri) ?? null,
      framework: layout.framework,
      skeleton: choice.kind === 'offline',
    };
  }
}

// New import lines go after the file's imports (those it has already are dropped); the tests at its end.
function mergeInto(existing: string, code: string): OffsetEdit[] {
  const have = new Set(existing.split('\n').map((line) => line.trim()));
  const lines = code.split('\n');
  const imports = lines.filter((line) => IMPORT_LINE.test(line) && !have.has(line.trim()));
  const body = lines
    .filter((line) => !IMPORT_LINE.test(line))
    .join('\n')
    .replace(/^\n+/, '')
    .trimEnd();
  const edits: OffsetEdit[] = [];
  if (imports.length > 0) {
    const existingLines = existing.split('\n');
    let lastImport = -1;
    existingLines.forEach((line, index) => {
      if (IMPORT_LINE.test(line)) lastImport = index;
    });
    const at = lastImport === -1 ? 0 : existingLines.slice(0, lastImport + 1).join('\n').length + 1;
    edits.push({ startIndex: at, endIndex: at, newText: `${imports.join('\n')}\n` });
  }
  const separator = existing.endsWith('\n') ? '\n\n' : '\n\n\n';
  edits.push({ startIndex: existing.length, endIndex: existing.length, newText: `${separator}${body}\n` });
  return edits;
}

function syntaxProblemAfter(
  path: string,
  existing: string,
  edits: readonly OffsetEdit[],
  registry: FixServices['registry'],
): string | undefined {
  const uri = pathToFileURL(path).href;
  const language = languageFor('', uri);
  if (!language) return undefined;
  let text = existing;
  for (const edit of [...edits].sort((a, b) => b.startIndex - a.startIndex)) {
    text = text.slice(0, edit.startIndex) + edit.newText + text.slice(edit.endIndex);
  }
  const before = new SyntaxDocument(uri, language.languageIds[0] ?? '', 0, existing, registry);
  const after = new SyntaxDocument(uri, language.languageIds[0] ?? '', 0, text, registry);
  const count = (document: SyntaxDocument) => (document.tree ? findSyntaxProblems(document.tree).length : 0);
  if (count(after) <= count(before)) return undefined;
  return after.tree ? findSyntaxProblems(after.tree)[0]?.message : 'syntax error';
}
