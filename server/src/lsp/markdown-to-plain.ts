/**
 * Markdown as plain text, for clients that accept only plain-text hovers: fences, emphasis markers,
 * inline-code backticks and rules go; the words stay. Only paired markers are removed, so a Python
 * `**kwargs` or a `*args` in a signature survives.
 */
export function markdownToPlain(markdown: string): string {
  return markdown
    .split('\n')
    .filter((line) => !/^\s*(```|~~~)/.test(line))
    .map((line) => (/^\s*---\s*$/.test(line) ? '' : line))
    .join('\n')
    .replace(/\*\*([^*\n]+)\*\*/g, '$1')
    .replace(/(^|[\s(])\*([^*\s][^*\n]*?)\*(?=$|[\s).,:;])/gm, '$1$2')
    .replace(/`([^`\n]+)`/g, '$1')
    .replace(/\n{3,}/g, '\n\n');
}
