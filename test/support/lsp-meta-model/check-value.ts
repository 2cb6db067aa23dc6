import { describeType, describeValue, memberPath, pathDepth } from './describe.js';
import type { Enumeration, MetaModel, MetaType, Property } from './meta-model.js';

/** One thing wrong (or, for a warning, unusual) at a place in a JSON value. */
export interface Finding {
  /** Where, from the root the caller named: `params.position.character`, `result[0].range`. */
  readonly path: string;
  readonly problem: string;
  /** Within unions: the alternatives the value was read as, outermost first (`Hover`, `MarkupContent`). */
  readonly readAs?: readonly string[];
}

/** A finding in one line: `result.contents.value: expected string, got 1 (read as Hover › MarkupContent)`. */
export function formatFinding(finding: Finding): string {
  const readAs = finding.readAs?.length ? ` (read as ${finding.readAs.join(' › ')})` : '';
  return `${finding.path}: ${finding.problem}${readAs}`;
}

export interface ValueCheck {
  readonly errors: Finding[];
  /** Properties no type declares: allowed by the protocol in practice, so not errors. */
  readonly warnings: Finding[];
}

/** The LSP's `integer` and `uinteger` are 32-bit; `uinteger` stops at 2^31 - 1 like `integer`. */
const INTEGER_MIN = -(2 ** 31);
const INTEGER_MAX = 2 ** 31 - 1;
// RFC 3986: a URI starts with a scheme (`file:`, `untitled:`), which a bare path lacks.
const URI_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;
// Enumerations with more values than this are named without listing them.
const LISTED_VALUES = 8;

/** Checks a JSON value against a meta-model type; `root` names the value in the paths (`params`). */
export function checkValue(model: MetaModel, type: MetaType, value: unknown, root: string): ValueCheck {
  const warnings: Finding[] = [];
  const errors = new ValueChecker(model).check(type, value, root, warnings);
  return { errors, warnings };
}

type Json = unknown;

class ValueChecker {
  readonly #model: MetaModel;
  readonly #properties = new Map<string, readonly Property[]>();

  constructor(model: MetaModel) {
    this.#model = model;
  }

  check(type: MetaType, value: Json, path: string, warnings: Finding[]): Finding[] {
    switch (type.kind) {
      case 'base':
        return baseProblem(type.name, value, path);
      case 'reference':
        return this.#checkReference(type.name, value, path, warnings);
      case 'array':
        if (!Array.isArray(value)) return [mismatch(path, type, value)];
        return value.flatMap((item, index) => this.check(type.element, item, `${path}[${index}]`, warnings));
      case 'map':
        if (!isObject(value)) return [mismatch(path, type, value)];
        return Object.entries(value).flatMap(([key, item]) =>
          this.check(type.value, item, memberPath(path, key), warnings),
        );
      case 'tuple':
        if (!Array.isArray(value) || value.length !== type.items.length) return [mismatch(path, type, value)];
        return type.items.flatMap((item, index) =>
          this.check(item, value[index], `${path}[${index}]`, warnings),
        );
      case 'and':
        return this.#checkAll(type.items, value, path, warnings);
      case 'or':
        return this.#checkAny(type.items, value, path, warnings);
      case 'literal':
        return this.#checkProperties(type.value.properties, 'the object literal', value, path, warnings);
      case 'stringLiteral':
      case 'integerLiteral':
      case 'booleanLiteral':
        return value === type.value ? [] : [mismatch(path, type, value)];
    }
  }

  #checkReference(name: string, value: Json, path: string, warnings: Finding[]): Finding[] {
    const alias = this.#model.typeAliases.get(name);
    if (alias) return this.check(alias.type, value, path, warnings);
    const enumeration = this.#model.enumerations.get(name);
    if (enumeration) return enumerationProblem(enumeration, value, path);
    const structure = this.#model.structures.get(name);
    if (structure) return this.#checkProperties(this.#propertiesOf(name), name, value, path, warnings);
    return [{ path, problem: `the meta-model has no type ${name}` }];
  }

  #checkProperties(
    properties: readonly Property[],
    typeName: string,
    value: Json,
    path: string,
    warnings: Finding[],
  ): Finding[] {
    if (!isObject(value)) return [{ path, problem: `expected ${typeName}, got ${describeValue(value)}` }];
    const errors: Finding[] = [];
    for (const property of properties) {
      const propertyPath = memberPath(path, property.name);
      const member = value[property.name];
      // Optional means "may be left out", not "may be null": null is checked against the type.
      if (member === undefined) {
        if (!property.optional)
          errors.push({ path: propertyPath, problem: `missing, ${typeName} requires it` });
        continue;
      }
      errors.push(...this.check(property.type, member, propertyPath, warnings));
    }
    const declared = new Set(properties.map((property) => property.name));
    for (const key of Object.keys(value)) {
      if (!declared.has(key))
        warnings.push({ path: memberPath(path, key), problem: `not a property of ${typeName}` });
    }
    return errors;
  }

  /** A structure's own properties, then those it extends and mixes in; its own declaration wins. */
  #propertiesOf(name: string): readonly Property[] {
    const known = this.#properties.get(name);
    if (known) return known;
    const structure = this.#model.structures.get(name);
    const byName = new Map<string, Property>();
    for (const property of structure?.properties ?? []) byName.set(property.name, property);
    for (const parent of [...(structure?.extends ?? []), ...(structure?.mixins ?? [])]) {
      if (parent.kind !== 'reference') continue;
      for (const property of this.#propertiesOf(parent.name)) {
        if (!byName.has(property.name)) byName.set(property.name, property);
      }
    }
    const properties = [...byName.values()];
    this.#properties.set(name, properties);
    return properties;
  }

  /**
   * An intersection of object types is one object with all their properties, so a property of one
   * part is not "unknown" to the others. Other intersections are checked part by part.
   */
  #checkAll(items: readonly MetaType[], value: Json, path: string, warnings: Finding[]): Finding[] {
    const parts = items.map((item) => this.#objectProperties(item));
    if (parts.every((part) => part !== undefined)) {
      const name = items.map(describeType).join(' & ');
      return this.#checkProperties(parts.flat(), name, value, path, warnings);
    }
    return items.flatMap((item) => this.check(item, value, path, warnings));
  }

  #objectProperties(type: MetaType): readonly Property[] | undefined {
    if (type.kind === 'literal') return type.value.properties;
    if (type.kind === 'reference' && this.#model.structures.has(type.name))
      return this.#propertiesOf(type.name);
    return undefined;
  }

  /**
   * The first alternative that fits wins. When none does, the one that got furthest into the value
   * (then the one with fewest errors) is the one the sender most likely meant: its findings are
   * reported with their precise paths.
   */
  #checkAny(items: readonly MetaType[], value: Json, path: string, warnings: Finding[]): Finding[] {
    let closest: { item: MetaType; errors: Finding[]; depth: number } | undefined;
    for (const item of items) {
      const itemWarnings: Finding[] = [];
      const errors = this.check(item, value, path, itemWarnings);
      if (errors.length === 0) {
        warnings.push(...itemWarnings);
        return [];
      }
      const depth = Math.max(...errors.map((error) => pathDepth(error.path)));
      const closer =
        !closest ||
        depth > closest.depth ||
        (depth === closest.depth && errors.length < closest.errors.length);
      if (closer) closest = { item, errors, depth };
    }
    // No alternative got past the value itself: its kind is wrong for all of them.
    if (!closest || closest.depth <= pathDepth(path)) {
      return [
        { path, problem: `expected ${items.map(describeType).join(' | ')}, got ${describeValue(value)}` },
      ];
    }
    const alternative = describeType(closest.item);
    return closest.errors.map((error) => ({ ...error, readAs: [alternative, ...(error.readAs ?? [])] }));
  }
}

function baseProblem(name: string, value: Json, path: string): Finding[] {
  const fits = baseFits(name, value);
  if (fits === undefined) return [{ path, problem: `the meta-model's base type ${name} is not known here` }];
  return fits ? [] : [{ path, problem: `expected ${name}, got ${describeValue(value)}` }];
}

function baseFits(name: string, value: Json): boolean | undefined {
  switch (name) {
    case 'string':
    case 'RegExp':
      return typeof value === 'string';
    case 'URI':
    case 'DocumentUri':
      return typeof value === 'string' && URI_SCHEME.test(value);
    case 'integer':
      return Number.isInteger(value) && (value as number) >= INTEGER_MIN && (value as number) <= INTEGER_MAX;
    case 'uinteger':
      return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= INTEGER_MAX;
    case 'decimal':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'null':
      return value === null;
    default:
      return undefined;
  }
}

function enumerationProblem(enumeration: Enumeration, value: Json, path: string): Finding[] {
  const base = baseProblem(enumeration.type.name, value, path);
  if (base.length > 0 || enumeration.supportsCustomValues) return base;
  if (enumeration.values.some((known) => known.value === value)) return [];
  const values = enumeration.values.map((known) => JSON.stringify(known.value));
  const listed = values.length <= LISTED_VALUES ? `: ${values.join(', ')}` : '';
  return [{ path, problem: `${describeValue(value)} is not a value of ${enumeration.name}${listed}` }];
}

function mismatch(path: string, type: MetaType, value: Json): Finding {
  return { path, problem: `expected ${describeType(type)}, got ${describeValue(value)}` };
}

function isObject(value: Json): value is Record<string, Json> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
