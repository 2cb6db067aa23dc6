import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { applyOffsetEdits, editUnitFromAnswer } from '../../server/src/agent/edits/unit-edit.js';
import { unitAt } from '../../server/src/syntax/code-units.js';
import { GrammarRegistry } from '../../server/src/syntax/grammar-registry.js';
import { SyntaxDocument } from '../../server/src/syntax/syntax-document.js';
import {
  type BadAnswerCase,
  BEFORE_AFTER,
  fixtureText,
  MULTILINE_STRINGS,
  NOISY_INDENTATION,
  WHOLE_FILE_ECHOES,
} from '../support/bad-answers.js';
import { FIXTURES_DIR } from '../support/paths.js';

const registry = new GrammarRegistry();

/** The edits the pipeline makes for a scripted answer, with the document they are for. */
function editsFor(c: BadAnswerCase) {
  const text = fixtureText(c.file);
  const uri = pathToFileURL(join(FIXTURES_DIR, 'fix', c.file)).href;
  const document = new SyntaxDocument(
    uri,
    c.file.endsWith('.py') ? 'python' : 'typescript',
    1,
    text,
    registry,
  );
  const lineStart =
    text
      .split('\n')
      .slice(0, c.line - 1)
      .join('\n').length + 1;
  const unit = unitAt(document.units(), lineStart + (/^\s*/.exec(text.slice(lineStart))?.[0].length ?? 0));
  if (!unit) throw new Error(`no unit at ${c.file}:${c.line}`);
  return { text, edits: editUnitFromAnswer(document, unit, c.answer, registry, { text: c.error }).edits };
}

// Every scripted fix changes exactly one line of its unit.
const ONE_LINE_FIXES = [...BEFORE_AFTER, ...MULTILINE_STRINGS, ...NOISY_INDENTATION, ...WHOLE_FILE_ECHOES];

describe('the edit of an answer touches only the lines that changed', () => {
  it.each(ONE_LINE_FIXES.map((c) => [`${c.file}: ${c.name}`, c] as const))(
    '%s: one line, replaced',
    (_, c) => {
      const { text, edits } = editsFor(c);
      expect(edits).toHaveLength(1);
      const [edit] = edits;
      expect(text.slice(edit?.startIndex, edit?.endIndex)).not.toContain('\n');
      expect(edit?.newText).not.toContain('\n');
      if ('applied' in c.expect) expect(applyOffsetEdits(text, edits)).toBe(c.expect.applied);
    },
  );
});
