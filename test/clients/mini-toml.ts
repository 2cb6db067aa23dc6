/** A TOML value of the subset clients/helix/languages.toml uses. */
export type TomlValue = string | number | boolean | TomlValue[] | TomlTable;
export interface TomlTable {
  [key: string]: TomlValue;
}

/**
 * Parses the TOML subset of a Helix languages.toml: `[a.b]` tables, `[[a]]` arrays of tables, and
 * `key = value` lines whose value is a basic string, integer, boolean, one-line array or inline
 * table. Anything else throws with its line number, so a typo fails the test instead of passing.
 */
export function parseToml(text: string): TomlTable {
  const root: TomlTable = {};
  let current = root;
  for (const [index, raw] of text.split('\n').entries()) {
    const line = stripComment(raw).trim();
    if (line === '') continue;
    const arrayTable = /^\[\[([\w.-]+)\]\]$/.exec(line);
    const table = /^\[([\w.-]+)\]$/.exec(line);
    if (arrayTable?.[1]) {
      const path = arrayTable[1].split('.');
      const parent = descend(root, path.slice(0, -1), index);
      const key = path.at(-1) as string;
      parent[key] ??= [];
      const list = parent[key];
      if (!Array.isArray(list)) throw new Error(`line ${index + 1}: ${key} is not an array of tables`);
      current = {};
      list.push(current);
    } else if (table?.[1]) {
      current = descend(root, table[1].split('.'), index);
    } else {
      const assignment = /^([\w-]+)\s*=\s*(.+)$/.exec(line);
      if (!assignment?.[1] || !assignment[2]) throw new Error(`line ${index + 1}: cannot parse \`${line}\``);
      const reader = new ValueReader(assignment[2], index + 1);
      current[assignment[1]] = reader.value();
      reader.end();
    }
  }
  return root;
}

function descend(root: TomlTable, path: readonly string[], index: number): TomlTable {
  let table = root;
  for (const key of path) {
    table[key] ??= {};
    const next = table[key];
    if (typeof next !== 'object' || Array.isArray(next))
      throw new Error(`line ${index + 1}: ${key} is not a table`);
    table = next;
  }
  return table;
}

// A `#` starts a comment unless it is inside a string.
function stripComment(line: string): string {
  let inString = false;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '"' && line[i - 1] !== '\\') inString = !inString;
    if (line[i] === '#' && !inString) return line.slice(0, i);
  }
  return line;
}

class ValueReader {
  #at = 0;
  constructor(
    private readonly text: string,
    private readonly line: number,
  ) {}

  value(): TomlValue {
    this.#skipSpace();
    const char = this.text[this.#at];
    if (char === '"') return this.#string();
    if (char === '[') return this.#list('[', ']', () => this.value()) as TomlValue[];
    if (char === '{') {
      const table: TomlTable = {};
      this.#list('{', '}', () => {
        const key = /^[\w-]+/.exec(this.text.slice(this.#at))?.[0];
        if (!key) this.#fail('a key');
        this.#at += key.length;
        this.#expect('=');
        table[key] = this.value();
        return table[key];
      });
      return table;
    }
    const word = /^(true|false|-?\d+)/.exec(this.text.slice(this.#at))?.[0];
    if (!word) this.#fail('a value');
    this.#at += word.length;
    return word === 'true' ? true : word === 'false' ? false : Number(word);
  }

  end(): void {
    this.#skipSpace();
    if (this.#at !== this.text.length) this.#fail('the end of the line');
  }

  #string(): string {
    const match = /^"((?:[^"\\]|\\.)*)"/.exec(this.text.slice(this.#at));
    if (!match) this.#fail('a closing quote');
    this.#at += match[0].length;
    return JSON.parse(match[0]) as string;
  }

  #list(open: string, close: string, item: () => TomlValue): TomlValue[] {
    this.#expect(open);
    const items: TomlValue[] = [];
    for (;;) {
      this.#skipSpace();
      if (this.text[this.#at] === close) break;
      items.push(item());
      this.#skipSpace();
      if (this.text[this.#at] === ',') this.#at++;
      else if (this.text[this.#at] !== close) this.#fail(`',' or '${close}'`);
    }
    this.#at++;
    return items;
  }

  #expect(token: string): void {
    this.#skipSpace();
    if (this.text[this.#at] !== token) this.#fail(`'${token}'`);
    this.#at++;
  }

  #skipSpace(): void {
    while (this.text[this.#at] === ' ' || this.text[this.#at] === '\t') this.#at++;
  }

  #fail(expected: string): never {
    throw new Error(`line ${this.line}: expected ${expected} at column ${this.#at + 1} of \`${this.text}\``);
  }
}
