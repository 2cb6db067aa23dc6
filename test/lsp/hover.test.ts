import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cursor, type Position } from '../support/cursor.js';
import { FULL_CAPABILITIES, LspSession } from '../support/lsp-session.js';
import { FIXTURES_DIR } from '../support/paths.js';

type Hover = { contents: { kind: string; value: string } } | null;

const fixtureText = (fixture: string) => readFileSync(join(FIXTURES_DIR, fixture), 'utf8');
const uriOf = (fixture: string) => `file:///work/${fixture}`;

/** The cursor where `marked` (a snippet of the text with one `<|>`) occurs, exactly once, in `text`. */
function cursorIn(text: string, marked: string): Position {
  const snippet = marked.replace('<|>', '');
  const index = text.indexOf(snippet);
  if (index === -1 || text.indexOf(snippet, index + 1) !== -1)
    throw new Error(`the snippet must occur exactly once: ${JSON.stringify(snippet)}`);
  return cursor(text.slice(0, index) + marked + text.slice(index + snippet.length)).position;
}

describe('hover (structural)', () => {
  let session: LspSession | undefined;
  afterEach(async () => {
    await session?.finish();
    session = undefined;
  });

  it('summarises a Python function from its name, with docstring, parameters and calls', async () => {
    session = await LspSession.start({ traceName: 'hover-python' });
    const { text, position } = cursor(
      [
        'import os',
        '',
        '@cache',
        'def lo<|>ad(path: str, mode="r") -> bytes:',
        '    """Read a file.',
        '',
        '    Returns its bytes."""',
        '    check(path)',
        '    return os.read(path)',
        '',
      ].join('\n'),
    );
    await session.open('file:///w/a.py', 'python', text);
    const hover = await session.request<Hover>('textDocument/hover', {
      textDocument: { uri: 'file:///w/a.py' },
      position,
    });
    expect(hover?.contents.kind).toBe('markdown');
    const value = hover?.contents.value ?? '';
    expect(value).toContain('def load(path: str, mode="r") -> bytes');
    expect(value).toContain('*function* **load** — lines 3–9 (7 lines)');
    expect(value).toContain('Read a file.\n\nReturns its bytes.');
    expect(value).toContain('**Calls:** `check`, `read`');
  });
});

/**
 * Per language: hovers at a snippet (`<|>` marks the cursor) and what the markdown must contain, or
 * null where the cursor is on nothing (blank lines, indentation).
 */
const HOVERS: { fixture: string; languageId: string; cases: [string, string[] | null][] }[] = [
  {
    fixture: 'typescript/user-service.ts',
    languageId: 'typescript',
    cases: [
      [
        'export function get<|>User(',
        [
          '```typescript\nexport function getUser(users: User[], id: UserId): User | undefined\n```',
          '*function* **getUser** — lines 28–31 (4 lines)',
          // The JSDoc above the declaration, without its comment markers.
          'Finds a user by id.\nReturns undefined when there is none.',
        ],
      ],
      ['?? getU<|>ser(this', ['*function* **getUser** — defined at line 28 of `user-service.ts` (4 lines)']],
      [
        'this.desc<|>ribe(user)',
        [
          '*method* **describe** in class `UserService` — defined at line 45 of `user-service.ts`',
          'A one-line description of a user.',
        ],
      ],
      [
        'Directory.norm<|>alize(id)',
        ['*function* **normalize** in namespace `Directory` — defined at line 19'],
      ],
      ['joined ${format<|>Date(', ['**import** `formatDate` from `./dates` — imported at line 1']],
      ['<|>log.info', ['**import** `log` from `./log` — imported at line 2']],
      ["import * as log from './log';\n<|>\n", null],
      ['this.users.push(user);\n<|>\n', null],
      ['  <|>  log.info', null],
    ],
  },
  {
    fixture: 'tsx/user-card.tsx',
    languageId: 'typescriptreact',
    cases: [
      [
        'export function User<|>Card(',
        [
          '```tsx\nexport function UserCard({ user, onSelect }: UserCardProps)\n```',
          '*function* **UserCard** — lines 17–29 (13 lines)',
        ],
      ],
      [
        '<span>{init<|>ials(',
        [
          '*function* **initials** — defined at line 10 of `user-card.tsx`',
          'Initials shown when a user has no avatar.',
        ],
      ],
      ['<User<|>Card key', ['*function* **UserCard** — defined at line 17 of `user-card.tsx`']],
      ['onClick={tog<|>gle}', ['*function* **toggle** in function `UserCard` — defined at line 19']],
      ['useSt<|>ate(false)', ['**import** `useState` from `react` — imported at line 1']],
      ['}\n<|>\n/** Initials', null],
      ['  <|>    <span>', null],
    ],
  },
  {
    fixture: 'javascript/cart.jsx',
    languageId: 'javascriptreact',
    cases: [
      [
        'export class Ca<|>rt {',
        ['```javascript\nexport class Cart\n```', '*class* **Cart** — lines 12–28 (17 lines)'],
      ],
      ['withTax(sub<|>total(', ['*function* **subtotal** — defined at line 6 of `cart.jsx` (3 lines)']],
      // Two classes have a `total`: `this.total()` means the one beside the caller.
      ['Total: ${formatPrice(this.to<|>tal', ['*method* **total** in class `Cart` — defined at line 17']],
      [
        'Gift card: ${formatPrice(this.to<|>tal',
        ['*method* **total** in class `GiftCard` — defined at line 31'],
      ],
      ['Total: ${format<|>Price(', ['**import** `formatPrice` from `./money.js` — imported at line 1']],
      ['const TAX_RATE = 0.2;\n<|>\n', null],
      ['  <|>  this.items = items;', null],
    ],
  },
  {
    fixture: 'python/inventory.py',
    languageId: 'python',
    cases: [
      [
        'def get_<|>user',
        [
          '```python\ndef get_user(user_id: int) -> dict\n```',
          '*function* **get_user** — lines 52–54 (3 lines)',
        ],
      ],
      [
        'def to<|>tal(self)',
        ['*method* **total** in class `Inventory` — lines 26–29', 'The value of everything in stock.'],
      ],
      ['{discounted_<|>total(', ['*function* **discounted_total** — defined at line 57 of `inventory.py`']],
      // Two classes have a `save`: `self.save()` means the one beside the caller.
      [
        'item.quantity += count\n        self.sa<|>ve()',
        ['*method* **save** in class `Inventory` — defined at line 39'],
      ],
      [
        'def close(self) -> None:\n        self.sa<|>ve()',
        ['*method* **save** in class `Archive` — defined at line 45'],
      ],
      ['return apply_dis<|>count(', ['**import** `apply_discount` from `.pricing` — imported at line 7']],
      ['            js<|>on.dump', ['**import** `json` from `json` — imported at line 3']],
      ['price: float\n<|>\n', null],
      ['        return item.name == name\n<|>\n', null],
      // The indentation before a def's first statement is not part of its header.
      ['    def value(self) -> float:\n  <|>      return', null],
    ],
  },
];

describe.each(HOVERS)('hover in $fixture', ({ fixture, languageId, cases }) => {
  let session: LspSession;
  const text = fixtureText(fixture);
  beforeAll(async () => {
    session = await LspSession.start({ traceName: `hover-${languageId}` });
    await session.open(uriOf(fixture), languageId, text);
  });
  afterAll(() => session.finish());

  it.each(cases)('at %j', async (marked, expected) => {
    const hover = await session.request<Hover>('textDocument/hover', {
      textDocument: { uri: uriOf(fixture) },
      position: cursorIn(text, marked),
    });
    if (expected === null) {
      expect(hover).toBeNull();
      return;
    }
    expect(hover?.contents.kind).toBe('markdown');
    for (const part of expected) expect(hover?.contents.value).toContain(part);
  });
});

/*
 * Each labels fixture has the string "😀 数据 café" (é as e + U+0301: 11 UTF-16 code units, 10 code points,
 * 18 UTF-8 bytes) before the hovered name on the same line; positions are hard-coded in UTF-16 units.
 */
describe('hover after emoji, CJK and combining marks on the same line', () => {
  let session: LspSession | undefined;
  afterEach(async () => {
    await session?.finish();
    session = undefined;
  });

  it.each([
    [
      'typescript/labels.ts',
      'typescript',
      4,
      79,
      'shout',
      '*function* **shout** — defined at line 1 of `labels.ts`',
    ],
    ['typescript/labels.ts', 'typescript', 4, 50, 'greet', '*function* **greet** — lines 5–5 (1 line)'],
    [
      'tsx/labels.tsx',
      'typescriptreact',
      4,
      60,
      'Badge',
      '*function* **Badge** — defined at line 1 of `labels.tsx`',
    ],
    [
      'javascript/labels.js',
      'javascript',
      4,
      71,
      'shout',
      '*function* **shout** — defined at line 1 of `labels.js`',
    ],
    ['python/labels.py', 'python', 4, 48, 'shout', '*function* **shout** — defined at line 1 of `labels.py`'],
    [
      'python/labels.py',
      'python',
      9,
      44,
      'wrap',
      '*method* **wrap** in class `Greeter` — defined at line 12',
    ],
  ])(
    '%s (%s) line %i character %i is in %s',
    async (fixture, languageId, line, character, name, expected) => {
      const text = fixtureText(fixture);
      // The hard-coded position is inside `name` when counted in UTF-16 code units.
      const lineText = text.split('\n')[line] ?? '';
      const start = lineText.indexOf(name, character - name.length);
      expect(start).toBeLessThan(character);
      expect(start + name.length).toBeGreaterThan(character);
      session = await LspSession.start({ traceName: 'hover-unicode' });
      await session.open(uriOf(fixture), languageId, text);
      const hover = await session.request<Hover>('textDocument/hover', {
        textDocument: { uri: uriOf(fixture) },
        position: { line, character },
      });
      expect(hover?.contents.value).toContain(expected);
    },
  );

  it('answers a plaintext-only client with plaintext', async () => {
    const capabilities = {
      ...FULL_CAPABILITIES,
      textDocument: { ...FULL_CAPABILITIES.textDocument, hover: { contentFormat: ['plaintext' as const] } },
    };
    session = await LspSession.start({ traceName: 'hover-plaintext', capabilities });
    const fixture = 'typescript/user-service.ts';
    const text = fixtureText(fixture);
    await session.open(uriOf(fixture), 'typescript', text);
    const hover = await session.request<Hover>('textDocument/hover', {
      textDocument: { uri: uriOf(fixture) },
      position: cursorIn(text, '?? getU<|>ser(this'),
    });
    expect(hover?.contents.kind).toBe('plaintext');
    expect(hover?.contents.value).toContain('getUser(users: User[], id: UserId)');
  });
});
