import { Lexer, type Token, type Tokens } from 'marked';

/**
 * How the CLI shows Markdown on stdout: `ansi` styles it for a terminal, `plain` lays it out the same
 * without escape sequences (NO_COLOR, TERM=dumb), `markdown` writes it as it is (piped: for files and
 * other programs).
 */
export type MarkdownStyle = 'ansi' | 'plain' | 'markdown';

/**
 * The style for a stdout: FORCE_COLOR (not `0`/`false`) styles it anywhere, as Node's own colour logic
 * does, and wins over NO_COLOR; FORCE_COLOR=0 turns colour off; otherwise a terminal is styled unless
 * NO_COLOR is set (non-empty) or TERM is `dumb`. Off a terminal, without FORCE_COLOR, it stays Markdown.
 */
export function markdownStyle(isTerminal: boolean, env: NodeJS.ProcessEnv): MarkdownStyle {
  const force = env.FORCE_COLOR;
  const forced = force === undefined ? undefined : force !== '0' && force !== 'false';
  const colour = forced ?? (isTerminal && !env.NO_COLOR && env.TERM !== 'dumb');
  if (colour) return 'ansi';
  return isTerminal ? 'plain' : 'markdown';
}

interface Styles {
  readonly bold: (text: string) => string;
  readonly italic: (text: string) => string;
  readonly underline: (text: string) => string;
  readonly strike: (text: string) => string;
  readonly code: (text: string) => string;
  readonly dim: (text: string) => string;
}

const sgr = (on: number, off: number) => (text: string) => `\x1b[${on}m${text}\x1b[${off}m`;
const ANSI: Styles = {
  bold: sgr(1, 22),
  italic: sgr(3, 23),
  underline: sgr(4, 24),
  strike: sgr(9, 29),
  code: sgr(36, 39),
  dim: sgr(2, 22),
};
const same = (text: string) => text;
const PLAIN: Styles = { bold: same, italic: same, underline: same, strike: same, code: same, dim: same };

const CODE_INDENT = '    ';
const LIST_INDENT = '  ';

/** Markdown for a terminal (`ansi` or `plain`): blocks a blank line apart; a final newline is kept. */
export function renderMarkdown(markdown: string, style: 'ansi' | 'plain'): string {
  return `${renderBlocks(markdown, style)}${markdown.endsWith('\n') ? '\n' : ''}`;
}

function renderBlocks(markdown: string, style: 'ansi' | 'plain'): string {
  const styles = style === 'ansi' ? ANSI : PLAIN;
  return blocks(Lexer.lex(markdown), styles, style === 'plain').join('\n\n');
}

/**
 * Markdown written as it streams in: on a terminal each block is shown rendered once it is complete
 * (the blank line after it has come, outside any code fence); the rest when the answer ends. Piped, the
 * text goes out as it arrives.
 */
export class MarkdownOutput {
  #pending = '';

  constructor(
    private readonly out: (text: string) => void,
    private readonly style: MarkdownStyle,
  ) {}

  write(text: string): void {
    if (this.style === 'markdown') {
      this.out(text);
      return;
    }
    this.#pending += text;
    const cut = lastBlockEnd(this.#pending);
    if (cut === 0) return;
    const done = this.#pending.slice(0, cut);
    this.#pending = this.#pending.slice(cut);
    if (done.trim() !== '') this.out(`${renderBlocks(done, this.style)}\n\n`);
  }

  /** Shows what is left (an answer need not end with a blank line). */
  end(): void {
    if (this.style === 'markdown' || this.#pending === '') return;
    const rest = this.#pending;
    this.#pending = '';
    this.out(rest.trim() === '' ? rest : renderMarkdown(rest, this.style));
  }
}

const FENCE = /^ {0,3}(```|~~~)/;

// Where the last complete block ends: just after a blank line that is not inside a code fence (0: none).
function lastBlockEnd(text: string): number {
  let inFence = false;
  let end = 0;
  let offset = 0;
  for (const line of text.split('\n').slice(0, -1)) {
    offset += line.length + 1;
    if (FENCE.test(line)) inFence = !inFence;
    else if (!inFence && line.trim() === '' && offset > 1) end = offset;
  }
  return end;
}

function blocks(tokens: readonly Token[], styles: Styles, plain: boolean): string[] {
  return tokens.flatMap((token) => {
    const shown = block(token, styles, plain);
    return shown === undefined ? [] : [shown];
  });
}

function block(token: Token, styles: Styles, plain: boolean): string | undefined {
  switch (token.type) {
    case 'space':
      return undefined;
    case 'heading': {
      const { depth, tokens } = token as Tokens.Heading;
      const text = inline(tokens, styles);
      // Without styles, a heading is underlined as Markdown's own setext headings are.
      if (plain && depth <= 2) return `${text}\n${(depth === 1 ? '=' : '-').repeat(text.length)}`;
      return depth === 1 ? styles.bold(styles.underline(text)) : styles.bold(text);
    }
    case 'paragraph':
      return inline((token as Tokens.Paragraph).tokens, styles);
    case 'text': {
      const { tokens, text } = token as Tokens.Text;
      return tokens ? inline(tokens, styles) : text;
    }
    case 'code':
      return (token as Tokens.Code).text
        .split('\n')
        .map((line) => (line === '' ? '' : `${CODE_INDENT}${styles.code(line)}`))
        .join('\n');
    case 'list':
      return list(token as Tokens.List, styles, plain);
    case 'blockquote':
      return blocks((token as Tokens.Blockquote).tokens, styles, plain)
        .join('\n\n')
        .split('\n')
        .map((line) => `${styles.dim('│')} ${line}`)
        .join('\n');
    case 'hr':
      return styles.dim('─'.repeat(40));
    case 'table':
      return table(token as Tokens.Table, styles);
    default:
      return token.raw.replace(/\n+$/, '');
  }
}

function list(token: Tokens.List, styles: Styles, plain: boolean): string {
  const first = typeof token.start === 'number' ? token.start : 1;
  return token.items
    .map((item, index) => {
      const marker = token.ordered ? `${first + index}.` : '•';
      const check = item.task ? (item.checked ? '[x] ' : '[ ] ') : '';
      const body = blocks(item.tokens, styles, plain).join(item.loose ? '\n\n' : '\n');
      const hanging = `${LIST_INDENT}${' '.repeat(marker.length + 1)}`;
      const lines = `${check}${body}`.split('\n');
      return lines
        .map((line, at) =>
          at === 0 ? `${LIST_INDENT}${marker} ${line}` : line === '' ? '' : `${hanging}${line}`,
        )
        .join('\n');
    })
    .join(token.loose ? '\n\n' : '\n');
}

function table(token: Tokens.Table, styles: Styles): string {
  const rows = [token.header, ...token.rows].map((row) => row.map((cell) => inline(cell.tokens, styles)));
  const widths = (rows[0] ?? []).map((_, column) =>
    Math.max(...rows.map((row) => visibleLength(row[column] ?? ''))),
  );
  const line = (row: string[]) =>
    row.map((cell, column) => cell + ' '.repeat((widths[column] ?? 0) - visibleLength(cell))).join('  ');
  const [header = [], ...body] = rows;
  return [styles.bold(line(header)), ...body.map(line)].join('\n');
}

function visibleLength(text: string): number {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the escape sequences are what is skipped
  return text.replace(/\x1b\[\d+m/g, '').length;
}

function inline(tokens: readonly Token[], styles: Styles): string {
  return tokens.map((token) => span(token, styles)).join('');
}

function span(token: Token, styles: Styles): string {
  switch (token.type) {
    case 'text': {
      const { tokens, text } = token as Tokens.Text;
      return tokens ? inline(tokens, styles) : decodeEntities(text);
    }
    case 'strong':
      return styles.bold(inline((token as Tokens.Strong).tokens, styles));
    case 'em':
      return styles.italic(inline((token as Tokens.Em).tokens, styles));
    case 'del':
      return styles.strike(inline((token as Tokens.Del).tokens, styles));
    case 'codespan':
      return styles.code((token as Tokens.Codespan).text);
    case 'link': {
      const { tokens, href } = token as Tokens.Link;
      const text = inline(tokens, styles);
      return href === text || href === `mailto:${text}`
        ? styles.underline(text)
        : `${text} ${styles.dim(`(${href})`)}`;
    }
    case 'image':
      return `[${(token as Tokens.Image).text}]`;
    case 'br':
      return '\n';
    case 'escape':
      return (token as Tokens.Escape).text;
    default:
      return token.raw;
  }
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" };

// A model may write `&lt;` in prose meant for HTML renderers; a terminal shows the character.
function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39);/g, (_, name: string) => ENTITIES[name] ?? _);
}
