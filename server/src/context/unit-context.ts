import type { CodeUnit } from '../syntax/code-units.js';
import type { SyntaxDocument } from '../syntax/syntax-document.js';
import type { WorkspaceIndex } from '../workspace/index/workspace-index.js';
import type { WorkspaceFiles } from '../workspace/workspace-files.js';
import { type CalleeDefinition, type ContextSection, definitionComment } from './callee-sections.js';
import { classSkeleton } from './class-skeleton.js';
import { importedCallees } from './import-callees.js';
import { importsShown } from './imports-shown.js';
import { indexedCallees } from './indexed-callees.js';
import { fenced, labelFor, unitSource } from './source-text.js';
import { estimateTokens, TokenBudget, truncateToTokens } from './token-budget.js';

export type { ContextSection } from './callee-sections.js';
export { labelFor } from './source-text.js';

export interface UnitContext {
  /** The sections that fit the budget, most relevant first. */
  readonly sections: readonly ContextSection[];
  /** The callee definitions in the sections (under 'What it calls'), in order. */
  readonly definitions: readonly CalleeDefinition[];
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
 * alone is over budget), its enclosing class in outline, the imports of names it uses that no
 * definition below shows, then the definitions of what it calls — same file first, then other
 * workspace files — in one code block.
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
  const container = enclosingClass(document, unit);
  const language = document.language?.spec.name;
  const indexedLanguage =
    language === 'typescript' || language === 'tsx' || language === 'javascript' || language === 'python';
  const indexed = indexedLanguage ? indexedCallees(document, unit, container, sources) : undefined;
  const callees = indexed ?? importedCallees(document, unit, container, sources);

  // Every prompt names the unit's file in its request line: the title does not repeat it.
  const title = `The ${unit.kind} \`${unit.name}\``;
  const budget = new TokenBudget(maxTokens);
  budget.spend(estimateTokens(title));
  const sections: ContextSection[] = [
    { title, body: fenced(fence, truncateToTokens(unitCode, Math.max(64, budget.left - 16))) },
  ];
  budget.spend(estimateTokens(sections[0]?.body ?? ''));
  const omitted: string[] = [];
  const offer = (section: ContextSection) => {
    if (budget.take(estimateTokens(section.title) + estimateTokens(section.body))) sections.push(section);
    else omitted.push(section.title);
  };
  if (container)
    offer({
      title: `Enclosing ${container.kind} \`${container.name}\` (outline)`,
      body: fenced(fence, classSkeleton(document, container, { omit: unit })),
    });
  const shownNames = new Set(callees.map((callee) => callee.name));
  const imports = indexedLanguage
    ? importsShown(document, unit, unitCode, shownNames)
    : document
        .imports()
        .filter(
          (statement) =>
            statement.locals.length === 0 || statement.locals.some((local) => !shownNames.has(local)),
        );
  if (imports.length > 0) {
    // One statement can import several modules (Go's `import ( … )`): its text is shown once.
    const text = [
      ...new Set(imports.map((statement) => document.text.slice(statement.startIndex, statement.endIndex))),
    ].join('\n');
    offer({ title: 'Imports of the file', body: fenced(fence, text) });
  }
  if (callees.length > 0) budget.spend(estimateTokens(CALLEES_TITLE) + 8);
  const definitions = callees.filter((callee) => fits(callee, document, budget, omitted));
  sections.push(...calleeSections(definitions, document));
  return { sections, definitions, omitted, fileLabel };
}

/** Whether a callee's definition fits what is left of the budget (then spent), else noted as omitted. */
function fits(callee: CalleeDefinition, document: SyntaxDocument, budget: TokenBudget, omitted: string[]) {
  if (budget.take(estimateTokens(calleeText(callee, document)))) return true;
  omitted.push(`\`${callee.name}\` (${callee.file})`);
  return false;
}

/** The callees' definitions, one code block per language, each under a comment naming its file. */
function calleeSections(
  definitions: readonly CalleeDefinition[],
  document: SyntaxDocument,
): ContextSection[] {
  const blocks = new Map<string, string[]>();
  for (const definition of definitions)
    blocks.set(definition.fence, [...(blocks.get(definition.fence) ?? []), calleeText(definition, document)]);
  return [...blocks].map(([fence, texts]) => ({
    title: CALLEES_TITLE,
    body: fenced(fence, texts.join('\n\n')),
  }));
}

function calleeText(definition: CalleeDefinition, document: SyntaxDocument): string {
  const docs = document.language?.spec.docs;
  const lineComment = docs === 'python' || docs === 'yard' ? '#' : '//';
  return `${definitionComment(definition, lineComment)}\n${definition.code}`;
}

const CALLEES_TITLE = 'What it calls';

/**
 * The sections as one markdown text. `unitHeading: false` leaves the unit's code without its heading,
 * for a prompt whose request line, just above, names the unit already.
 */
export function renderContext(context: UnitContext, { unitHeading = true } = {}): string {
  return context.sections
    .map((section, index) =>
      index === 0 && !unitHeading ? section.body : `### ${section.title}\n\n${section.body}`,
    )
    .join('\n\n');
}

function enclosingClass(document: SyntaxDocument, unit: CodeUnit): CodeUnit | undefined {
  const units = document.units();
  for (let index = unit.parentIndex; index !== undefined; index = units[index]?.parentIndex) {
    const candidate = units[index];
    if (candidate && (candidate.kind === 'class' || candidate.kind === 'interface')) return candidate;
  }
  return undefined;
}
