import type { ModelRequest } from '../../llm/provider.js';
import type { SyntaxDocument } from '../../syntax/syntax-document.js';
import { loadPrompt, promptRequest } from '../prompt-templates.js';
import type { CompletionContext } from './completion-context.js';

/** The completion prompt (its version enters the cache key). */
export const COMPLETE_PROMPT = loadPrompt('complete');

/**
 * One completion request, in both forms: the chat prompt asking for the middle only (Claude, chat
 * completions), and the fill-in-the-middle parts for a native FIM endpoint, whose extra context is
 * the same structural facts the chat prompt lists.
 */
export function completionRequest(
  document: SyntaxDocument,
  context: CompletionContext,
  maxOutputTokens: number,
): ModelRequest {
  const spec = document.language?.spec;
  const tag = spec?.fence ?? '';
  const sections = structuralSections(context, tag);
  const code = context.prefix + context.suffix;
  const fence = code.includes('```') ? '~~~~' : '```';
  const { style } = context;
  const request = promptRequest(
    COMPLETE_PROMPT,
    {
      language: spec?.name ?? document.languageId,
      tag,
      fence,
      file: context.fileLabel,
      enclosing: context.enclosing
        ? `, inside the ${context.enclosing.kind} \`${context.enclosing.name}\``
        : ', at the top level',
      indentation: style.tabs ? 'one tab per level' : `${style.width} spaces per level`,
      column: String(context.indent.replace(/\t/g, '    ').length),
      context: sections.map(({ title, body }) => `### ${title}\n\n${body}`).join('\n\n'),
      prefix: context.prefix,
      suffix: context.suffix,
    },
    maxOutputTokens,
  );
  return {
    ...request,
    fill: {
      prefix: context.prefix,
      suffix: context.suffix,
      extra: sections.map(({ filename, raw }) => ({ filename, text: raw })),
    },
  };
}

/** What tree-sitter knows around the cursor: the imports and the signatures in scope. */
function structuralSections(context: CompletionContext, tag: string) {
  const sections: { title: string; body: string; raw: string; filename: string }[] = [];
  const fenced = (code: string) => `\`\`\`${tag}\n${code}\n\`\`\``;
  if (context.imports) {
    sections.push({
      title: 'Imports of the file',
      body: fenced(context.imports),
      raw: context.imports,
      filename: context.fileLabel,
    });
  }
  const byFile = new Map<string, string[]>();
  for (const { file, signature } of context.signatures) {
    byFile.set(file, [...(byFile.get(file) ?? []), signature]);
  }
  for (const [file, signatures] of byFile) {
    const raw = signatures.join('\n');
    sections.push({ title: `Signatures in \`${file}\``, body: fenced(raw), raw, filename: file });
  }
  return sections;
}
