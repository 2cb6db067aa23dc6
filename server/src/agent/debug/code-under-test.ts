import { fileURLToPath } from 'node:url';
import { callsWithin } from '../../syntax/calls-and-imports.js';
import type { CodeUnit } from '../../syntax/code-units.js';
import type { SyntaxDocument } from '../../syntax/syntax-document.js';
import { resolveImport } from '../../workspace/import-resolver.js';
import type { WorkspaceFiles } from '../../workspace/workspace-files.js';

const TEST_FILE = /(^|[/\\])(test_[^/\\]*\.py|[^/\\]*_test\.py|[^/\\]*\.(test|spec)\.[cm]?[jt]sx?)$/;
const REGION_LINES = 60;

/** Whether a path names a test file by the usual conventions (test_x.py, x_test.py, x.test.ts, x.spec.js). */
export function isTestFile(path: string): boolean {
  return TEST_FILE.test(path);
}

/** The failing test's code: its unit (Python, named tests) or the lines from where its name appears. */
export function testRegion(
  document: SyntaxDocument,
  testName: string | undefined,
): { start: number; end: number } {
  const text = document.text;
  if (testName) {
    const unit = document.units().find((candidate) => candidate.name === testName);
    if (unit) return { start: unit.startIndex, end: unit.endIndex };
    const at = text.indexOf(testName);
    if (at !== -1) {
      const start = text.lastIndexOf('\n', at) + 1;
      let end = start;
      for (let line = 0; line < REGION_LINES && end !== -1 && end < text.length; line++)
        end = text.indexOf('\n', end + 1);
      return { start, end: end === -1 ? text.length : end };
    }
  }
  return { start: 0, end: text.length };
}

/**
 * The unit a failing test exercises: the first function it calls that is defined in a workspace file
 * that is not a test (found through the test file's imports), else one defined beside the test.
 */
export function codeUnderTest(
  testDocument: SyntaxDocument,
  region: { start: number; end: number },
  files: WorkspaceFiles,
  workspaceRoot: string,
): { document: SyntaxDocument; unit: CodeUnit } | undefined {
  const language = testDocument.language;
  const tree = testDocument.tree;
  if (!language || !tree) return undefined;
  const testPath = fileURLToPath(testDocument.uri);
  const calls = callsWithin(tree.rootNode, language).filter(
    (call) => call.startIndex >= region.start && call.startIndex < region.end,
  );
  for (const call of calls) {
    const statement = testDocument.imports().find((candidate) => candidate.locals.includes(call.callee));
    if (statement?.source) {
      const target = resolveImport(testPath, statement.source, language.spec.name, workspaceRoot);
      const document = target && !isTestFile(target) ? files.document(target) : undefined;
      const unit = document?.units().find((candidate) => candidate.name === call.callee);
      if (document && unit) return { document, unit };
    }
    const local = testDocument
      .units()
      .find((candidate) => candidate.name === call.callee && !/^test/i.test(candidate.name));
    if (local) return { document: testDocument, unit: local };
  }
  return undefined;
}
