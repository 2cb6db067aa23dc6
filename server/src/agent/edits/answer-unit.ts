import type { CodeUnit } from '../../syntax/code-units.js';
import type { GrammarRegistry } from '../../syntax/grammar-registry.js';
import { SyntaxDocument } from '../../syntax/syntax-document.js';
import { findSyntaxProblems, type SyntaxProblem } from '../../syntax/syntax-errors.js';
import { AnswerRejected } from './code-block.js';
import { codeSignature, emptyBody, linesInsideStrings } from './code-shape.js';

/** The unit an answer's code block holds, ready to re-indent and diff against the original. */
export interface AnswerUnit {
  /** The unit's text as the answer has it (its first line from the unit's first character). */
  readonly code: string;
  /** Import statements in the block (ones the file has already are dropped later). */
  readonly imports: readonly string[];
  /** Lines of `code` inside multi-line strings. */
  readonly keep: ReadonlySet<number>;
  /** How the unit's body is empty (`pass`, `{}`…), when it is. */
  readonly emptyBody: string | undefined;
  /** The unit's code without comments or layout. */
  readonly signature: string;
}

const WRAPPER = '__LanternWrapper__';
const PREFIX = `class ${WRAPPER} {\n`;
const SUFFIX = '\n}';

interface Probe {
  readonly document: SyntaxDocument;
  /** The block as the answer has it. */
  readonly code: string;
  /** Whether a class was put around the block (after its leading imports, `head` characters). */
  readonly wrapped: boolean;
  readonly head: number;
  readonly target: CodeUnit | undefined;
}

/**
 * Reads "the complete new unit" out of an answer's code block, the way a reviewer would: the unit
 * asked about must be there, complete on its own (a method whose closing `}` is missing is not saved by
 * the class brace after it) and free of syntax errors the original did not have; the block may hold
 * imports, and may echo code of the file unchanged (a whole-file answer where only the unit changed),
 * but nothing else: another unit that is new or changed, or any other code, is a rejection that names
 * it. Throws AnswerRejected with the reason.
 */
export class AnswerReader {
  readonly #document: SyntaxDocument;
  readonly #unit: CodeUnit;
  readonly #registry: GrammarRegistry;
  readonly #languageId: string;
  readonly #reads = new Map<string, AnswerUnit | AnswerRejected>();
  /** The unit's names from the outermost enclosing unit down to it: [`Stack`, `pop`]. */
  readonly #chain: readonly string[];
  readonly originalSignature: string;
  readonly originalEmptyBody: string | undefined;

  constructor(document: SyntaxDocument, unit: CodeUnit, registry: GrammarRegistry) {
    this.#document = document;
    this.#unit = unit;
    this.#registry = registry;
    this.#languageId = document.language?.spec.languageIds[0] ?? document.languageId;
    this.#chain = chainOf(document.units(), unit);
    const root = document.tree?.rootNode;
    this.originalSignature = root ? codeSignature(root, unit.startIndex, unit.endIndex) : '';
    this.originalEmptyBody = emptyBody(unit.node);
  }

  /** The unit in `code`, or the rejection saying why there is none (remembered per code). */
  read(code: string): AnswerUnit {
    let result = this.#reads.get(code);
    if (!result) {
      try {
        result = this.#read(code);
      } catch (error) {
        if (!(error instanceof AnswerRejected)) throw error;
        result = error;
      }
      this.#reads.set(code, result);
    }
    if (result instanceof AnswerRejected) throw result;
    return result;
  }

  /** Whether `code` holds the unit in a form the pipeline can apply. */
  accepts(code: string): boolean {
    try {
      this.read(code);
      return true;
    } catch {
      return false;
    }
  }

  #read(code: string): AnswerUnit {
    const probe = this.#probe(code);
    this.#checkSyntax(probe);
    const { document, target } = probe;
    if (!target) throw new AnswerRejected(this.#missingReason(probe));
    this.#checkOtherUnits(probe, target);
    this.#checkNothingElse(probe, outermost(document.units(), target));
    const root = document.tree?.rootNode;
    if (!root) throw new AnswerRejected('the answer could not be parsed');
    const wrapper = this.#blockRange(probe).wrapper;
    return {
      code: document.text.slice(target.startIndex, target.endIndex),
      // A statement importing several modules (Go's `import ( … )`) is listed once per module.
      imports: [
        ...new Set(
          document
            .imports()
            .filter((statement) => !wrapper || statement.startIndex < wrapper[0])
            .map((statement) => document.text.slice(statement.startIndex, statement.endIndex)),
        ),
      ],
      keep: linesInsideStrings(root, target.startIndex, target.endIndex),
      emptyBody: emptyBody(target.node),
      signature: codeSignature(root, target.startIndex, target.endIndex),
    };
  }

  // The block parsed as it is; a bare TS/JS method (not a valid program alone) inside a class.
  #probe(code: string): Probe {
    const plain = this.#parse(code, false, 0);
    const needsClass = this.#unit.kind === 'method' && this.#document.language?.spec.name !== 'python';
    if (plain.target || !needsClass) return plain;
    // The imports a fix needs come first in the block, and an import is not valid inside a class.
    return this.#parse(code, true, this.#leadingImportsEnd(code));
  }

  #parse(code: string, wrapped: boolean, head: number): Probe {
    const text = wrapped ? `${code.slice(0, head)}${PREFIX}${code.slice(head)}${SUFFIX}` : code;
    const document = new SyntaxDocument('untitled:answer', this.#languageId, 0, text, this.#registry);
    const units = document.units();
    const bare = wrapped ? `${WRAPPER}.${this.#unit.name}` : this.#unit.name;
    const target =
      units.find((candidate) => sameChain(chainOf(units, candidate), this.#chain)) ??
      units.find((candidate) => chainOf(units, candidate).join('.') === bare);
    return { document, code, wrapped, head, target };
  }

  // Where the block's own text lies in the probe, and the wrapper's text inside that range.
  #blockRange(probe: Probe): { start: number; end: number; wrapper: [number, number] | undefined } {
    const end = probe.document.text.length - (probe.wrapped ? SUFFIX.length : 0);
    return { start: 0, end, wrapper: probe.wrapped ? [probe.head, probe.head + PREFIX.length] : undefined };
  }

  // Syntax errors in the answer that the original unit did not have already.
  #checkSyntax(probe: Probe): void {
    const tree = probe.document.tree;
    if (!tree) return;
    const existing = new Set(this.#originalProblems().map((problem) => problem.message));
    const problem = findSyntaxProblems(tree).find((candidate) => !existing.has(candidate.message));
    if (!problem) return;
    const lastCode = probe.document.text.slice(0, this.#blockRange(probe).end).trimEnd().length;
    if (problem.missingToken === '}' && problem.startIndex >= lastCode)
      throw new AnswerRejected(`the answer’s \`${this.#unit.name}\` is missing its closing \`}\``);
    throw new AnswerRejected(
      `the change would break the syntax (${problem.message} at line ${this.#fileLine(probe, problem.startIndex)})`,
    );
  }

  #originalProblems(): SyntaxProblem[] {
    const tree = this.#document.tree;
    if (!tree) return [];
    return findSyntaxProblems(tree).filter(
      (problem) => problem.startIndex >= this.#unit.startIndex && problem.startIndex <= this.#unit.endIndex,
    );
  }

  // The file line a place in the answer would land on: the answer's unit (or, when it was not found,
  // its first line of code after the imports) stands where the file's unit starts.
  #fileLine(probe: Probe, index: number): number {
    const row = (offset: number) => probe.document.textDocument.positionAt(offset).line;
    const lead = probe.code.slice(this.#leadingImportsEnd(probe.code));
    const firstCode = probe.code.length - lead.trimStart().length;
    const firstRow = probe.code.slice(0, firstCode).split('\n').length - 1 + (probe.wrapped ? 1 : 0);
    const anchor = probe.target ? row(probe.target.startIndex) : firstRow;
    const unitLine = this.#document.textDocument.positionAt(this.#unit.startIndex).line;
    return unitLine + row(index) - anchor + 1;
  }

  #missingReason(probe: Probe): string {
    const units = probe.document.units();
    const named = units
      .filter((candidate) => {
        const parent = candidate.parentIndex === undefined ? undefined : units[candidate.parentIndex];
        return candidate.name !== WRAPPER && (parent === undefined || parent.name === WRAPPER);
      })
      .map((candidate) => `\`${candidate.name}\``);
    return named.length > 0
      ? `the answer defines ${named.join(', ')}, not \`${this.#unit.name}\``
      : `the answer does not contain \`${this.#unit.name}\``;
  }

  // Units beside the target must be the file's own, unchanged: name the ones that are new or changed.
  // Siblings are compared one by one (a class's other methods, the file's other functions); a unit
  // around the target (the class of an echoed method) is named only when none of its members is.
  #checkOtherUnits(probe: Probe, target: CodeUnit): void {
    const units = probe.document.units();
    const root = probe.document.tree?.rootNode;
    const documentRoot = this.#document.tree?.rootNode;
    if (!root || !documentRoot) return;
    const documentUnits = this.#document.units();
    const findChain = (chain: readonly string[]) =>
      documentUnits.find((candidate) => sameChain(chainOf(documentUnits, candidate), chain));
    // A unit beside a bare method (the answer left its class out) is the method's sibling in the file.
    const targetChain = chainOf(units, target);
    const siblingChain = (chain: readonly string[]) =>
      chain.length === targetChain.length &&
      chain.slice(0, -1).join('.') === targetChain.slice(0, -1).join('.')
        ? [...this.#chain.slice(0, -1), chain.at(-1) ?? '']
        : undefined;
    const counterpartOf = (unit: CodeUnit) => {
      const chain = chainOf(units, unit);
      const sibling = siblingChain(chain);
      return findChain(chain) ?? (sibling ? findChain(sibling) : undefined);
    };
    const around = (unit: CodeUnit) => isInside(target, unit);
    const parentOf = (unit: CodeUnit) =>
      unit.parentIndex === undefined ? undefined : units[unit.parentIndex];
    const changed: string[] = [];
    const added: string[] = [];
    for (const unit of units) {
      const parent = parentOf(unit);
      const beside = parent === undefined || parent.name === WRAPPER || around(parent);
      if (unit === target || unit.name === WRAPPER || around(unit) || !beside) continue;
      const counterpart = counterpartOf(unit);
      if (!counterpart) added.push(unit.name);
      else if (
        codeSignature(root, unit.startIndex, unit.endIndex) !==
        codeSignature(documentRoot, counterpart.startIndex, counterpart.endIndex)
      )
        changed.push(unit.name);
    }
    if (changed.length === 0 && added.length === 0) {
      for (const unit of units.filter((candidate) => around(candidate) && candidate.name !== WRAPPER)) {
        const counterpart = counterpartOf(unit);
        if (!counterpart) continue;
        const outside = (node: typeof root, from: number, inner: CodeUnit, to: number) =>
          `${codeSignature(node, from, inner.startIndex)} ${codeSignature(node, inner.endIndex, to)}`;
        if (
          outside(root, unit.startIndex, target, unit.endIndex) !==
          outside(documentRoot, counterpart.startIndex, this.#unit, counterpart.endIndex)
        )
          changed.push(`${unit.name}\` outside \`${target.name}`);
      }
    }
    if (changed.length === 0 && added.length === 0) return;
    const list = (names: string[]) => names.map((name) => `\`${name}\``).join(', ');
    const parts = [
      changed.length > 0 ? `changes ${list(changed)}` : '',
      added.length > 0 ? `defines ${list(added)}` : '',
    ];
    throw new AnswerRejected(
      `the answer changes more than \`${this.#unit.name}\` (it also ${parts.filter(Boolean).join(' and ')})`,
    );
  }

  // Outside the unit (with its echoed surroundings), its imports and echoed units, only code the file
  // has already may stand: anything else would land outside the unit.
  #checkNothingElse(probe: Probe, top: CodeUnit): void {
    const { document } = probe;
    const range = this.#blockRange(probe);
    let rest = document.text.slice(0, range.end);
    const blank = (start: number, end: number) => {
      const to = Math.min(end, rest.length);
      if (to > start) rest = rest.slice(0, start) + ' '.repeat(to - start) + rest.slice(to);
    };
    if (range.wrapper) blank(...range.wrapper);
    blank(top.startIndex, top.endIndex);
    for (const statement of document.imports()) blank(statement.startIndex, statement.endIndex);
    for (const unit of document.units()) if (unit.name !== WRAPPER) blank(unit.startIndex, unit.endIndex);
    const text = this.#document.text;
    const elsewhere = new Set(
      `${text.slice(0, this.#unit.startIndex)}\n${text.slice(this.#unit.endIndex)}`
        .split('\n')
        .map((line) => line.trim()),
    );
    const stray = rest
      .split('\n')
      .map((line) => line.trim())
      .find((line) => line !== '' && !elsewhere.has(line));
    if (stray)
      throw new AnswerRejected(
        `the answer contains code outside \`${this.#unit.name}\`: \`${stray.slice(0, 60)}\``,
      );
  }

  /** Where the import statements at the very start of `code` end (0 when it starts with none). */
  #leadingImportsEnd(code: string): number {
    const probe = new SyntaxDocument('untitled:answer-imports', this.#languageId, 0, code, this.#registry);
    let end = 0;
    for (const statement of probe.imports()) {
      if (code.slice(end, statement.startIndex).trim() !== '') break;
      end = statement.endIndex;
    }
    return end;
  }
}

function chainOf(units: readonly CodeUnit[], unit: CodeUnit): string[] {
  const chain: string[] = [];
  for (
    let at: CodeUnit | undefined = unit;
    at;
    at = at.parentIndex === undefined ? undefined : units[at.parentIndex]
  )
    chain.unshift(at.name);
  return chain;
}

function sameChain(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((name, index) => name === b[index]);
}

function outermost(units: readonly CodeUnit[], unit: CodeUnit): CodeUnit {
  let at = unit;
  for (
    let parent = at.parentIndex === undefined ? undefined : units[at.parentIndex];
    parent && parent.name !== WRAPPER;
  ) {
    at = parent;
    parent = at.parentIndex === undefined ? undefined : units[at.parentIndex];
  }
  return at;
}

/** Whether `inner` lies within `outer` (and is not it). */
function isInside(inner: CodeUnit, outer: CodeUnit): boolean {
  return inner !== outer && inner.startIndex >= outer.startIndex && inner.endIndex <= outer.endIndex;
}
