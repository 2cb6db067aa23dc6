import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CodeAction, Diagnostic, DocumentSymbol } from 'vscode-languageserver-protocol';
import { SymbolKind } from 'vscode-languageserver-protocol';
import { ApplyEditRecorder, applyWorkspaceEdit, editsFor } from '../support/apply-edit-recorder.js';
import { actionsAt, runCommand } from '../support/code-actions.js';
import { fenced, fixActionFor, nextWarning, RESOLVING_CLIENT, rangeOfText } from '../support/fix-fixtures.js';
import { generateAnswer } from '../support/generate-fixtures.js';
import { caseText, LANGUAGE_CASES, type LanguageCase, projectRoot } from '../support/language-cases.js';
import { definitionFiles, hoverText, modelSessionsPerTest, promptOf } from '../support/model-session.js';
import { REPO_ROOT } from '../support/paths.js';

const KIND_NAMES = new Map<number, string>(Object.entries(SymbolKind).map(([name, kind]) => [kind, name]));

function outline(symbols: readonly DocumentSymbol[], depth = 0): string[] {
  return symbols.flatMap((symbol) => [
    `${'  '.repeat(depth)}${KIND_NAMES.get(symbol.kind)} ${symbol.name}`,
    ...outline(symbol.children ?? [], depth + 1),
  ]);
}

/** Where a unit's name is declared: the first line that has the name after a declaring keyword. */
function declarationOf(text: string, name: string): { line: number; character: number } {
  const lines = text.split('\n');
  const line = lines.findIndex((candidate) =>
    new RegExp(`^\\s*(?!//|#|\\*|///)\\S.*\\b${name}\\b\\s*[(<{:]|^\\s*def (self\\.)?${name}\\b`).test(
      candidate,
    ),
  );
  if (line < 0) throw new Error(`no declaration of ${name}`);
  return { line, character: (lines[line] ?? '').search(new RegExp(`\\b${name}\\b`)) };
}

describe.each(LANGUAGE_CASES.map((one) => [one.language, one] as const))(
  '%s end to end',
  (_language, one) => {
    const root = projectRoot(one);
    const uri = pathToFileURL(join(root, one.file)).href;
    const text = caseText(one);
    const model = modelSessionsPerTest('anthropic');

    async function open(traceName: string) {
      const { session } = await model.start({
        client: { capabilities: RESOLVING_CLIENT, rootUri: pathToFileURL(root).href },
        traceName,
      });
      const applyEdits = ApplyEditRecorder.attach(session);
      await session.open(uri, one.languageId, text);
      return { session, applyEdits };
    }

    it('outline, and hovers with the signature, the doc comment and the calls', async () => {
      model.fake.script({ kind: 'text', text: 'Explained.' }, { kind: 'text', text: 'Explained.' });
      const { session } = await open(`languages-${one.languageId}-hover`);
      const symbols = await session.request<DocumentSymbol[]>('textDocument/documentSymbol', {
        textDocument: { uri },
      });
      expect(outline(symbols)).toEqual(one.outline);

      const documented = await hoverText(session, uri, declarationOf(text, one.documented.name));
      expect(documented).toContain(one.documented.signature);
      expect(documented).toContain(one.documented.doc);
      const caller = await hoverText(session, uri, declarationOf(text, one.caller.name));
      expect(caller).toContain(one.caller.calls);
    });

    it('explain sends the unit and the definitions it uses from other files', async () => {
      model.fake.script({ kind: 'text', text: 'Explained.' });
      const { session } = await open(`languages-${one.languageId}-explain`);
      expect(await hoverText(session, uri, declarationOf(text, one.caller.name))).toContain('Explained.');
      const { user } = promptOf(await model.fake.waitForRequests(1));
      // LANTERN_WRITE_GOLDEN=1 writes the golden of a new language from what the server sent (review it).
      if (process.env.LANTERN_WRITE_GOLDEN)
        writeFileSync(join(REPO_ROOT, 'test', 'golden', one.caller.golden), `${user}\n`);
      for (const [path, definitionLine] of one.imported) {
        expect(definitionFiles(user)).toContain(path);
        expect(user).toContain(definitionLine);
      }
      expect(user).toBe(readFileSync(join(REPO_ROOT, 'test', 'golden', one.caller.golden), 'utf8').trimEnd());
    });

    it('applies a fix through the edit pipeline and refuses one that breaks the syntax', async () => {
      const unit = unitText(one, text);
      const fixed = unit.replace(one.fix.wrong, one.fix.right);
      const broken = fixed.slice(0, fixed.trimEnd().lastIndexOf('\n'));
      model.fake.script(
        { kind: 'text', text: fenced(one.languageId, fixed) },
        { kind: 'text', text: fenced(one.languageId, broken) },
      );
      const { session } = await open(`languages-${one.languageId}-fix`);
      const diagnostic: Diagnostic = {
        range: rangeOfText(text, one.fix.wrong.trim()),
        severity: 1,
        source: 'compiler',
        message: one.fix.diagnostic,
      };
      const resolve = async () =>
        session.request<CodeAction>('codeAction/resolve', await fixActionFor(session, uri, diagnostic));
      const applied = await resolve();
      expect(applyWorkspaceEdit(text, uri, applied.edit ?? {})).toBe(
        text.replace(one.fix.wrong, one.fix.right),
      );
      expect(editsFor(applied.edit ?? {}, uri).version).toBe(1);

      const refused = await resolve();
      expect(refused.edit).toBeUndefined();
      expect(await nextWarning(session)).toMatch(
        /^Lantern did not apply the fix: the (change would break the syntax|answer’s `\w+` is missing its closing)/,
      );
    });

    it('implements the code a comment asks for, under the comment', async () => {
      const code = one.implement.code;
      model.fake.script({ kind: 'text', text: generateAnswer('Count.', ['Loop.'], one.languageId, code) });
      const { session, applyEdits } = await open(`languages-${one.languageId}-implement`);
      const withComment = `${text}\n${one.implement.comment}\n`;
      await session.change(uri, [{ range: endRange(text), text: `\n${one.implement.comment}\n` }]);
      const position = { line: withComment.split('\n').length - 2, character: 3 };
      await runCommand(
        session,
        (await actionsAt(session, uri, position)).get('Implement from comment with Lantern'),
      );
      const sent = await applyEdits.waitFor(1);
      expect(applyWorkspaceEdit(withComment, uri, sent.edit)).toBe(`${withComment}${code}\n`);
      expect(promptOf(await model.fake.waitForRequests(1)).system).toContain(`in ${one.language},`);
    });

    it('writes a docstring in the language’s convention', async () => {
      model.fake.script({ kind: 'text', text: fenced('text', one.docstring.answer) });
      const { session, applyEdits } = await open(`languages-${one.languageId}-docstring`);
      const actions = await actionsAt(session, uri, declarationOf(text, one.caller.name));
      expect(await runCommand(session, actions.get(`Add docstring to ${one.caller.name}`))).toEqual({
        applied: true,
        skeleton: false,
      });
      const sent = await applyEdits.waitFor(1);
      const line = declarationOf(text, one.caller.name).line;
      const lines = text.split('\n');
      const expected = [...lines.slice(0, line), ...one.docstring.lines, ...lines.slice(line)].join('\n');
      expect(applyWorkspaceEdit(text, uri, sent.edit)).toBe(expected);
    });
  },
);

function endRange(text: string) {
  const lines = text.split('\n');
  const end = { line: lines.length - 1, character: (lines.at(-1) ?? '').length };
  return { start: end, end };
}

/** The documented unit's code, from its doc comment's end to the line that closes it. */
function unitText(one: LanguageCase, text: string): string {
  const start = text.indexOf('\n', text.indexOf(one.documented.doc)) + 1;
  const end = text.indexOf('\n\n', start);
  return text.slice(start, end < 0 ? undefined : end);
}
