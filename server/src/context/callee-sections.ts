import type { CodeUnit } from '../syntax/code-units.js';
import type { SyntaxDocument } from '../syntax/syntax-document.js';
import { classSkeleton, declarationOnly, isShort } from './class-skeleton.js';
import { unitSource } from './source-text.js';

/** A piece of context, in the order it matters. */
export interface ContextSection {
  readonly title: string;
  readonly body: string;
}

/**
 * A definition the unit calls, as the prompt shows it. All of them share one code block, each under a
 * comment naming its file: a section (a title and a fence) per callee cost more than a short callee
 * itself.
 */
export interface CalleeDefinition {
  /** The name the code calls it by: an import binding only it is not worth showing again. */
  readonly name: string;
  /** Its file, relative to the unit's folder (`../util/isFunction.ts`); `this file` for the unit's own. */
  readonly file: string;
  /**
   * What of a class is shown: `outline`, `the members called`. A function needs no such word: a
   * declaration alone ends in `;` or `: ...`.
   */
  readonly shape: string | undefined;
  readonly fence: string;
  readonly code: string;
}

/**
 * A callee's definition: a function or method whole when short, else its declaration; a class (brought
 * in by a construction or a static call) as its skeleton.
 */
export function definitionOf(
  document: SyntaxDocument,
  definition: CodeUnit,
  name: string,
  file: string,
): CalleeDefinition {
  const fence = document.language?.spec.fence ?? '';
  if (isType(definition))
    return {
      name,
      file,
      shape: 'outline',
      fence,
      code: classSkeleton(document, definition, { publicOnly: true }),
    };
  if (!isShort(definition, document))
    return { name, file, shape: undefined, fence, code: declarationOnly(document, definition) };
  return { name, file, shape: undefined, fence, code: unitSource(document, definition) };
}

/** The comment above a definition in the shared block: where it is, and what of it is shown. */
export function definitionComment(definition: CalleeDefinition, lineComment: string): string {
  return `${lineComment} ${definition.file}${definition.shape ? ` (${definition.shape})` : ''}`;
}

export function isType(unit: CodeUnit): boolean {
  return unit.kind === 'class' || unit.kind === 'interface';
}

/** The code a prompt already holds, so that no section repeats it. */
export class ShownCode {
  readonly #ranges: { uri: string; start: number; end: number }[] = [];
  /** Classes shown as skeletons: the class is there, its methods' bodies are not. */
  readonly #skeletons = new Set<string>();
  readonly #unit: { uri: string; name: string; parent: number | undefined };

  constructor(document: SyntaxDocument, unit: CodeUnit, container: CodeUnit | undefined) {
    this.#ranges.push({ uri: document.uri, start: unit.startIndex, end: unit.endIndex });
    this.#unit = { uri: document.uri, name: unit.name, parent: unit.parentIndex };
    if (container) this.#skeletons.add(`${document.uri}#${container.startIndex}`);
  }

  /** Whether the definition is already there; else it now is. */
  has(document: SyntaxDocument, definition: CodeUnit): boolean {
    const key = `${document.uri}#${definition.startIndex}`;
    const within =
      this.#skeletons.has(key) ||
      this.#isOverloadOfUnit(document, definition) ||
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

  /** A recursive call resolves to the unit's first overload signature: the unit says more. */
  #isOverloadOfUnit(document: SyntaxDocument, definition: CodeUnit): boolean {
    const unit = this.#unit;
    return (
      document.uri === unit.uri &&
      definition.name === unit.name &&
      definition.parentIndex === unit.parent &&
      definition.bodyStartIndex === undefined
    );
  }
}
