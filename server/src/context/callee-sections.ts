import type { CodeUnit } from '../syntax/code-units.js';
import type { SyntaxDocument } from '../syntax/syntax-document.js';
import { classSkeleton, declarationOnly, isShort } from './class-skeleton.js';
import { fenced, unitSource } from './source-text.js';

/** A piece of context, in the order it matters. */
export interface ContextSection {
  readonly title: string;
  readonly body: string;
}

/**
 * A callee's definition as a section: a function or method whole, a class (brought in by a
 * construction or a static call) as its skeleton.
 */
export function definitionSection(
  document: SyntaxDocument,
  definition: CodeUnit,
  where: string,
): ContextSection {
  const fence = document.language?.spec.fence ?? '';
  if (isType(definition))
    return {
      title: `\`${definition.name}\` (skeleton), ${where}`,
      body: fenced(fence, classSkeleton(document, definition, new Set(), { publicOnly: true })),
    };
  if (!isShort(definition, document))
    return {
      title: `\`${definition.name}\` (declaration), ${where}`,
      body: fenced(fence, declarationOnly(document, definition)),
    };
  return { title: `\`${definition.name}\`, ${where}`, body: fenced(fence, unitSource(document, definition)) };
}

export function isType(unit: CodeUnit): boolean {
  return unit.kind === 'class' || unit.kind === 'interface';
}

/** The code a prompt already holds, so that no section repeats it. */
export class ShownCode {
  readonly #ranges: { uri: string; start: number; end: number }[] = [];
  /** Classes shown as skeletons: the class is there, its methods' bodies are not. */
  readonly #skeletons = new Set<string>();

  constructor(document: SyntaxDocument, unit: CodeUnit, container: CodeUnit | undefined) {
    this.#ranges.push({ uri: document.uri, start: unit.startIndex, end: unit.endIndex });
    if (container) this.#skeletons.add(`${document.uri}#${container.startIndex}`);
  }

  /** Whether the definition is already there; else it now is. */
  has(document: SyntaxDocument, definition: CodeUnit): boolean {
    const key = `${document.uri}#${definition.startIndex}`;
    const within =
      this.#skeletons.has(key) ||
      this.#ranges.some(
        (range) =>
          range.uri === document.uri &&
          range.start <= definition.startIndex &&
          definition.endIndex <= range.end,
      );
    if (within) return true;
    if (isType(definition)) this.#skeletons.add(key);
    else this.#ranges.push({ uri: document.uri, start: definition.startIndex, end: definition.endIndex });
    return false;
  }
}
