import type { MetaType } from './meta-model.js';

// Long strings in a finding are cut: the path says where the value is, the start says which it is.
const SHOWN_STRING_LENGTH = 40;
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
// One step of a path as memberPath and array indexes write it: `.name`, `[3]`, `["file:///a.py"]`.
const PATH_STEP = /\.[A-Za-z_$][A-Za-z0-9_$]*|\[(?:\d+|"(?:[^"\\]|\\.)*")\]/g;

/** A meta-model type as a reader of the protocol writes it: `Hover | null`, `TextEdit[]`. */
export function describeType(type: MetaType): string {
  switch (type.kind) {
    case 'base':
    case 'reference':
      return type.name;
    case 'array': {
      const element = describeType(type.element);
      return type.element.kind === 'or' || type.element.kind === 'and' ? `(${element})[]` : `${element}[]`;
    }
    case 'map':
      return `{ [key: ${describeType(type.key)}]: ${describeType(type.value)} }`;
    case 'tuple':
      return `[${type.items.map(describeType).join(', ')}]`;
    case 'and':
      return type.items.map(describeType).join(' & ');
    case 'or':
      return type.items.map(describeType).join(' | ');
    case 'literal':
      return `{ ${type.value.properties.map((property) => `${property.name}${property.optional ? '?' : ''}`).join(', ')} }`;
    case 'stringLiteral':
      return JSON.stringify(type.value);
    case 'integerLiteral':
    case 'booleanLiteral':
      return String(type.value);
  }
}

/** What a JSON value is, briefly: `null`, `an array`, `an object`, `"html"`, `-1`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') {
    const shown = value.length > SHOWN_STRING_LENGTH ? `${value.slice(0, SHOWN_STRING_LENGTH)}…` : value;
    return JSON.stringify(shown);
  }
  return String(value);
}

/** The path of a member: `.name` where that reads unambiguously, `["file:///a.py"]` otherwise. */
export function memberPath(path: string, key: string): string {
  return IDENTIFIER.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/** How many steps below its root a path goes (`result.contents[0]`: 2). */
export function pathDepth(path: string): number {
  return path.match(PATH_STEP)?.length ?? 0;
}
