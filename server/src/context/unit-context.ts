import type { ImportStatement } from '../syntax/calls-and-imports.js';
import type { CodeUnit } from '../syntax/code-units.js';
import type { SyntaxDocument } from '../syntax/syntax-document.js';
import type { WorkspaceIndex } from '../workspace/index/workspace-index.js';
import type { WorkspaceFiles } from '../workspace/workspace-files.js';
import type { ContextSection } from './callee-sections.js';
import { classSkeleton } from './class-skeleton.js';
import { importedCallees } from './import-callees.js';
import { indexedCallees } from './indexed-callees.js';
import { fenced, labelFor, unitSource } from './source-text.js';
import { estimateTokens, truncateToTokens } from './token-budget.js';

export type { ContextSection } from './callee-sections.js';
export { labelFor } from './source-text.js';

export interface UnitContext {
  /** The sections that fit the budget, most relevant first. */
  readonly sections: readonly ContextSection[];
  /** Sections left out for lack of budget (their titles), so prompts and logs can say so. */
  readonly omitted: readonly string[];
  /** The file the unit is in, relative to the workspace root when there is one. */
  readonly fileLabel: string;
}

export interface ContextSources {
  readonly files: WorkspaceFiles;
  readonly workspaceRoot: string | undefined;
  /**
   * The workspace index, when the front keeps one (its folders as roots). Without it, or before its
   * roots are set (the CLI), an index reading files on demand stands in (see indexed-callees.ts).
   */
  readonly index?: WorkspaceIndex;
}

/**
 * What a model needs to understand a unit, fitted to `maxTokens`: the unit's code (always, cut if it
 * alone is over budget), its enclosing class in outline, the file's imports, then the definitions of
 * what it calls — same file first, then other workspace files found through the imports.
 */
export function buildUnitContext(
  document: SyntaxDocument,
  unit: CodeUnit,
  sources: ContextSources,
  maxTokens: number,
): UnitContext {
  const fence = document.language?.spec.fence ?? '';
  const fileLabel = labelFor(document.uri, sources.workspaceRoot);
  const unitCode = unitSource(document, unit);
  const candidates: ContextSection[] = [];
  const container = enclosingClass(document, unit);
  if (container)
    candidates.push({
      title: `Enclosing ${container.kind} \`${container.name}\` (outline)`,
      body: fenced(fence, classSkeleton(document, container)),
    });
  const language = document.language?.spec.name;
  const indexedLanguage =
    language === 'typescript' || language === 'tsx' || language === 'javascript' || language === 'python';
  const imports = indexedLanguage ? importsUsed(document.imports(), unitCode) : document.imports();
  if (imports.length > 0) {
    // One statement can import several modules (Go's `import ( … )`): its text is shown once.
    const text = [
      ...new Set(imports.map((statement) => document.text.slice(statement.startIndex, statement.endIndex))),
    ].join('\n');
    candidates.push({ title: 'Imports of the file', body: fenced(fence, text) });
  }
  const indexed = indexedLanguage ? indexedCallees(document, unit, container, sources) : undefined;
  candidates.push(...(indexed ?? importedCallees(document, unit, container, sources)));

  const title = `The ${unit.kind} \`${unit.name}\` (${fileLabel})`;
  const budgetForUnit = Math.max(64, maxTokens - estimateTokens(title) - 16);
  const sections: ContextSection[] = [
    { title, body: fenced(fence, truncateToTokens(unitCode, budgetForUnit)) },
  ];
  let used = estimateTokens(title) + estimateTokens(sections[0]?.body ?? '');
  const omitted: string[] = [];
  for (const section of candidates) {
    const cost = estimateTokens(section.title) + estimateTokens(section.body);
    if (used + cost > maxTokens) {
      omitted.push(section.title);
      continue;
    }
    sections.push(section);
    used += cost;
  }
  return { sections, omitted, fileLabel };
}

/** The import statements that bind a name the unit's code uses: the others say nothing about it. */
function importsUsed(imports: readonly ImportStatement[], code: string): ImportStatement[] {
  const words = new Set(code.match(/[A-Za-z_$][\w$]*/g) ?? []);
  return imports.filter((statement) =>
    statement.locals.some((local) => words.has(local.split('.')[0] ?? local)),
  );
}

/** The sections as one markdown text. */
export function renderContext(context: UnitContext): string {
  return context.sections.map((section) => `### ${section.title}\n\n${section.body}`).join('\n\n');
}

function enclosingClass(document: SyntaxDocument, unit: CodeUnit): CodeUnit | undefined {
  const units = document.units();
  for (let index = unit.parentIndex; index !== undefined; index = units[index]?.parentIndex) {
    const candidate = units[index];
    if (candidate && (candidate.kind === 'class' || candidate.kind === 'interface')) return candidate;
  }
  return undefined;
}
