import { describe, expect, it } from 'vitest';
import type { InitializeParams } from 'vscode-languageserver';
import { changedFolders, folderFor, foldersOf } from '../../server/src/lsp/workspace-folders.js';

const params = (extra: Partial<InitializeParams>): InitializeParams => ({
  processId: null,
  rootUri: null,
  capabilities: {},
  ...extra,
});

describe('workspace folders from initialize', () => {
  it('every file: folder, the first being the root; other schemes left out', () => {
    const given = params({
      rootUri: 'file:///old/root',
      workspaceFolders: [
        { uri: 'file:///work/app', name: 'app' },
        { uri: 'vscode-vfs://github/x/y', name: 'remote' },
        { uri: 'file:///work/lib', name: 'lib' },
      ],
    });
    expect(foldersOf(given)).toEqual(['/work/app', '/work/lib']);
  });

  it('the deprecated rootUri alone when there are no folders, and nothing when there is neither', () => {
    expect(foldersOf(params({ rootUri: 'file:///old/root' }))).toEqual(['/old/root']);
    expect(foldersOf(params({}))).toEqual([]);
  });
});

describe('folderFor', () => {
  const folders = ['/work/app', '/work/lib', '/work/lib/vendor'];

  it('the innermost folder holding the document', () => {
    expect(folderFor(folders, 'file:///work/lib/money.py')).toBe('/work/lib');
    expect(folderFor(folders, 'file:///work/lib/vendor/x.py')).toBe('/work/lib/vendor');
    expect(folderFor(folders, 'file:///work/app/src/main.py')).toBe('/work/app');
  });

  it('the first folder for a document outside them all, or not on disk', () => {
    expect(folderFor(folders, 'file:///tmp/scratch.py')).toBe('/work/app');
    expect(folderFor(folders, 'untitled:Untitled-1')).toBe('/work/app');
    expect(folderFor([], 'file:///work/app/a.py')).toBeUndefined();
  });
});

describe('workspace folders changed later (didChangeWorkspaceFolders)', () => {
  const folder = (path: string) => ({ uri: `file://${path}`, name: path.split('/').pop() ?? path });

  it('drops the removed, appends the added, and keeps the first first', () => {
    const event = { added: [folder('/work/docs'), folder('/work/app')], removed: [folder('/work/lib')] };
    expect(changedFolders(['/work/app', '/work/lib'], event)).toEqual(['/work/app', '/work/docs']);
  });

  it('makes the next folder the first when the first is removed, and ignores non-file folders', () => {
    const event = {
      added: [{ uri: 'vscode-vfs://github/x/y', name: 'remote' }],
      removed: [folder('/work/app')],
    };
    expect(changedFolders(['/work/app', '/work/lib'], event)).toEqual(['/work/lib']);
    expect(changedFolders([], { added: [], removed: [folder('/work/app')] })).toEqual([]);
  });
});
