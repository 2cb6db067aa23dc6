import { describe, expect, it } from 'vitest';
import { MarkdownOutput, markdownStyle, renderMarkdown } from '../../server/src/cli/terminal-markdown.js';

const ESC = '\x1b[';
const bold = (text: string) => `${ESC}1m${text}${ESC}22m`;
const italic = (text: string) => `${ESC}3m${text}${ESC}23m`;
const code = (text: string) => `${ESC}36m${text}${ESC}39m`;

const EXPLANATION = `## What it does

Adds **one** item, or *tops up* the stock of \`item.sku\`.

- keeps \`items\` keyed by SKU
- never removes anything

1. look the SKU up
2. add the quantity

\`\`\`python
existing = self.items.get(item.sku)

existing.quantity += item.quantity
\`\`\`
`;

describe('Markdown for a terminal', () => {
  it('renders headings, emphasis, inline code, lists and code blocks with ANSI styles', () => {
    const shown = renderMarkdown(EXPLANATION, 'ansi');
    expect(shown).toBe(
      [
        bold('What it does'),
        '',
        `Adds ${bold('one')} item, or ${italic('tops up')} the stock of ${code('item.sku')}.`,
        '',
        `  • keeps ${code('items')} keyed by SKU`,
        '  • never removes anything',
        '',
        '  1. look the SKU up',
        '  2. add the quantity',
        '',
        `    ${code('existing = self.items.get(item.sku)')}`,
        '',
        `    ${code('existing.quantity += item.quantity')}`,
        '',
      ].join('\n'),
    );
  });

  it('without colour (NO_COLOR), the same layout and no escape sequence', () => {
    const shown = renderMarkdown(EXPLANATION, 'plain');
    expect(shown).not.toContain(ESC);
    expect(shown).toContain('What it does\n------------\n');
    expect(shown).toContain('Adds one item, or tops up the stock of item.sku.');
    expect(shown).toContain('  • keeps items keyed by SKU\n');
    expect(shown).toContain('    existing.quantity += item.quantity\n');
    expect(shown).not.toMatch(/```|\*\*|`/);
  });

  it('keeps a `**kwargs` in code and a snake_case name intact', () => {
    expect(renderMarkdown('Pass `**kwargs` to make_order_id.', 'plain')).toBe(
      'Pass **kwargs to make_order_id.',
    );
  });

  it('streamed, renders each finished block as it arrives, never splitting a code block', () => {
    const written: string[] = [];
    const output = new MarkdownOutput((text) => written.push(text), 'plain');
    for (const delta of [
      'Line **one**',
      ' goes on.\n',
      '\n```py\nx = 1\n',
      '\n',
      'y = 2\n```\n',
      '\n- a\n- b',
    ])
      output.write(delta);
    // The paragraph was shown once its blank line came; the fence waited for its end.
    expect(written).toEqual(['Line one goes on.\n\n', '    x = 1\n\n    y = 2\n\n']);
    output.end();
    expect(written.join('')).toBe('Line one goes on.\n\n    x = 1\n\n    y = 2\n\n  • a\n  • b');
  });

  it('piped, writes the Markdown as it is', () => {
    const written: string[] = [];
    const output = new MarkdownOutput((text) => written.push(text), 'markdown');
    output.write('**a**\n');
    output.end();
    expect(written).toEqual(['**a**\n']);
  });

  it.each([
    [true, {}, 'ansi'],
    [false, {}, 'markdown'],
    [true, { NO_COLOR: '1' }, 'plain'],
    [true, { TERM: 'dumb' }, 'plain'],
    [false, { FORCE_COLOR: '1' }, 'ansi'],
    [true, { FORCE_COLOR: '0' }, 'plain'],
    [false, { NO_COLOR: '1', FORCE_COLOR: '1' }, 'ansi'],
  ] as const)('stdout a terminal: %s, environment %j: %s', (tty, env, style) => {
    expect(markdownStyle(tty, env)).toBe(style);
  });
});
