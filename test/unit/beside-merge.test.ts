import { describe, expect, it } from 'vitest';
import type { CodeAction, Command, Diagnostic } from 'vscode-languageserver';
import {
  MergedDiagnostics,
  markActions,
  mergeHovers,
  mergeInitializeResults,
  serverNameOf,
  unmarkAction,
} from '../../server/src/beside/merge-results.js';

const at = (line: number) => ({ start: { line, character: 0 }, end: { line, character: 1 } });
const diagnostic = (message: string, source: string): Diagnostic => ({ range: at(0), message, source });

describe('merging the answers of the main server and Lantern', () => {
  it('names the pair after the main server, from its command when it gives no serverInfo', () => {
    const lantern = { capabilities: {}, serverInfo: { name: 'lantern-ls', version: '0.1.0' } };
    // typescript-language-server answers initialize without serverInfo.
    const named = (command: string) =>
      mergeInitializeResults({ capabilities: {} }, lantern, command).serverInfo?.name;
    expect(named('typescript-language-server --stdio')).toBe('typescript-language-server + lantern-ls');
    expect(named('/usr/local/bin/pylsp -v')).toBe('pylsp + lantern-ls');
    expect(named('NODE_OPTIONS=--max-old-space-size=4096 npx -y typescript-language-server --stdio')).toBe(
      'typescript-language-server + lantern-ls',
    );
    expect(named('exec env FOO=1 node ./node_modules/.bin/vscode-json-languageserver --stdio')).toBe(
      'vscode-json-languageserver + lantern-ls',
    );
    const pylsp = { capabilities: {}, serverInfo: { name: 'pylsp', version: '1.12.0' } };
    expect(mergeInitializeResults(pylsp, lantern, 'python3 -m pylsp').serverInfo).toEqual({
      name: 'pylsp + lantern-ls',
      version: '0.1.0',
    });
    expect(serverNameOf('')).toBe('main server');
  });

  it('joins hovers of any shape into markdown, the main server first, keeping its range', () => {
    const merged = mergeHovers(
      { contents: ['plain', { language: 'python', value: 'def f(x)' }], range: at(3) },
      { contents: { kind: 'markdown', value: '**f** explained' } },
    );
    expect(merged).toEqual({
      contents: { kind: 'markdown', value: 'plain\n\n```python\ndef f(x)\n```\n\n---\n\n**f** explained' },
      range: at(3),
    });
    expect(mergeHovers(null, { contents: 'only ours' })).toEqual({ contents: 'only ours' });
    expect(mergeHovers({ contents: 'only theirs' }, null)).toEqual({ contents: 'only theirs' });
  });

  it('marks code actions with their server and gives resolve back the action as that server made it', () => {
    const ours: CodeAction = { title: 'Fix with Lantern: x', data: { provider: 'fix', args: 1 } };
    const bare: CodeAction = { title: 'Organize imports' };
    const command: Command = { title: 'Run', command: 'main.run' };
    const [marked, markedBare, passed] = [
      ...markActions('lantern', [ours]),
      ...markActions('main', [bare, command]),
    ];
    expect(passed).toBe(command); // a bare command is run, never resolved
    expect(unmarkAction(marked as CodeAction)).toEqual({ from: 'lantern', action: ours });
    expect(unmarkAction(markedBare as CodeAction)).toEqual({ from: 'main', action: bare });
  });

  it('publishes the union of both lists per document, each server replacing only its own', () => {
    const lists = new MergedDiagnostics();
    const theirs = diagnostic("'(' was never closed", 'pyflakes');
    const ours = diagnostic('missing `)`', 'lantern');
    expect(lists.update('file:///a.py', 'main', [theirs])).toEqual([theirs]);
    expect(lists.update('file:///a.py', 'lantern', [ours])).toEqual([theirs, ours]);
    expect(lists.update('file:///b.py', 'lantern', [])).toEqual([]);
    expect(lists.update('file:///a.py', 'main', [])).toEqual([ours]);
    expect(lists.update('file:///a.py', 'lantern', [])).toEqual([]);
  });
});
