import { describe, expect, it } from 'vitest';
import { type CodeUnit, unitAt } from '../../server/src/syntax/code-units.js';
import type { SyntaxDocument } from '../../server/src/syntax/syntax-document.js';
import { openDocument, unitNamed, unitText } from '../support/syntax-documents.js';

/** One line per unit: what a reader would check first. */
function summary(document: SyntaxDocument): string[] {
  const units = document.units();
  return units.map((unit: CodeUnit) => {
    const parent = unit.parentIndex === undefined ? '' : ` in ${units[unit.parentIndex]?.name}`;
    return `${unit.kind} ${unit.name}${parent}: ${unit.signature} | ${unit.parameters.join(' ; ')}`;
  });
}

const TYPESCRIPT = `export function add(a: number, b = 2, ...rest: number[]): number {
  return a + b;
}
function* ids() {}
export abstract class Shape<T> extends Base implements HasArea {
  abstract area(): number;
  protected scale = (factor: number): void => {};
  static create(
    kind: string,
    size: number,
  ): Shape<unknown> {
    return make(kind, size);
  }
  get name() { return 'shape'; }
}
class Plain {}
interface HasArea { area(): number; }
enum Color { Red, Green }
type Pair<T> = [T, T];
namespace Geometry { export function distance(p: Point, q: Point) {} }
declare module 'legacy' { function load(path: string): void; }
export const double = async (x: number): Promise<number> => { return x * 2; };
const identity = value => value;
const named = function inner(q) { return q; };
const stream = function* () {};
`;

describe('code units of TypeScript', () => {
  it('captures every kind the query knows, with names, nesting, signatures and parameters', () => {
    expect(summary(openDocument('typescript', TYPESCRIPT))).toEqual([
      'function add: export function add(a: number, b = 2, ...rest: number[]): number | a: number ; b = 2 ; ...rest: number[]',
      'function ids: function* ids() | ',
      'class Shape: export abstract class Shape<T> extends Base implements HasArea | ',
      'method area in Shape: abstract area(): number | ',
      'method scale in Shape: protected scale = (factor: number): void | factor: number',
      'method create in Shape: static create( kind: string, size: number, ): Shape<unknown> | kind: string ; size: number',
      'method name in Shape: get name() | ',
      'class Plain: class Plain | ',
      'interface HasArea: interface HasArea | ',
      'method area in HasArea: area(): number | ',
      'enum Color: enum Color | ',
      'type Pair: type Pair<T> = [T, T]; | ',
      'namespace Geometry: namespace Geometry | ',
      'function distance in Geometry: export function distance(p: Point, q: Point) | p: Point ; q: Point',
      "namespace 'legacy': module 'legacy' | ",
      "function load in 'legacy': function load(path: string): void; | path: string",
      'function double: export const double = async (x: number): Promise<number> | x: number',
      'function identity: const identity = value | value',
      'function named: const named = function inner(q) | q',
      'function stream: const stream = function* () | ',
    ]);
  });

  it('includes `export` and `const` in the range of a bound arrow function, and its body', () => {
    const document = openDocument('typescript', TYPESCRIPT);
    const double = unitNamed(document, 'double');
    expect(unitText(document, double)).toBe(
      'export const double = async (x: number): Promise<number> => { return x * 2; };',
    );
    expect(document.text.slice(double.nameStartIndex, double.nameEndIndex)).toBe('double');
    expect(document.text.slice(double.bodyStartIndex)).toMatch(/^\{ return x \* 2; \}/);
    expect(double.node.type).toBe('variable_declarator');
  });

  it('limits a declarator to itself when one statement binds several functions', () => {
    const document = openDocument('typescript', 'let first = () => 1, second = (n: number) => n;\n');
    expect(unitText(document, unitNamed(document, 'first'))).toBe('first = () => 1');
    expect(unitText(document, unitNamed(document, 'second'))).toBe('second = (n: number) => n');
    expect(unitNamed(document, 'second').parameters).toEqual(['n: number']);
  });

  it('puts decorators and `export` inside the unit range, the JSDoc outside, and the JSDoc stripped of `*`', () => {
    const text = [
      '/**',
      ' * Renders a widget.',
      ' *',
      ' *   Indented example.',
      ' * @param id the widget',
      ' */',
      '@Component({ selector: "w" })',
      'export class Widget {',
      '  /** Refreshes. */',
      '  @Input() @Log()',
      '  refresh(force: boolean): void {}',
      '}',
      '',
    ].join('\n');
    const document = openDocument('typescript', text);
    const widget = unitNamed(document, 'Widget');
    expect(unitText(document, widget)).toMatch(/^@Component\(\{ selector: "w" \}\)\nexport class Widget \{/);
    expect(unitText(document, widget).endsWith('}')).toBe(true);
    expect(widget.signature).toBe('export class Widget');
    expect(widget.docstring).toBe('Renders a widget.\n\n  Indented example.\n@param id the widget');

    // TypeScript keeps member decorators beside the member; they still belong to it.
    const refresh = unitNamed(document, 'refresh');
    expect(unitText(document, refresh)).toBe('@Input() @Log()\n  refresh(force: boolean): void {}');
    expect(refresh.signature).toBe('refresh(force: boolean): void');
    expect(refresh.docstring).toBe('Refreshes.');
    expect(refresh.parentIndex).toBe(document.units().indexOf(widget));
  });

  it('drops decorators from the signature wherever they sit', () => {
    const document = openDocument('typescript', '@a export class A {}\nexport @b class B {}\n');
    expect(unitNamed(document, 'A').signature).toBe('export class A');
    expect(unitNamed(document, 'B').signature).toBe('export class B');
    expect(unitText(document, unitNamed(document, 'A'))).toBe('@a export class A {}');
  });

  it('drops comments inside the header: a doc comment per parameter is no part of the signature', () => {
    const long = 'The event type, described at length. '.repeat(12);
    const text = [
      'class Response {',
      '  constructor(',
      '    /** The raw event. */',
      '    readonly event: Event,',
      `    /** ${long} */`,
      "    readonly type: string = 'load', // the default",
      '  ) {}',
      '}',
      'function f(/* first */ a: number, b: number /* last */) {}',
    ].join('\n');
    const document = openDocument('typescript', text);
    expect(unitNamed(document, 'constructor').signature).toBe(
      "constructor( readonly event: Event, readonly type: string = 'load', )",
    );
    expect(unitNamed(document, 'f').signature).toBe('function f( a: number, b: number )');
  });

  it('documents a unit only with a JSDoc block right above it', () => {
    const text = [
      '/** Far away. */',
      '',
      'function far() {}',
      '// A line comment is no JSDoc.',
      'function lineComment() {}',
      '/* Nor is a plain block. */',
      'function block() {}',
      '/** Close. */',
      'function close() {}',
      '',
    ].join('\n');
    const document = openDocument('typescript', text);
    expect(document.units().map((unit) => [unit.name, unit.docstring])).toEqual([
      ['far', undefined],
      ['lineComment', undefined],
      ['block', undefined],
      ['close', 'Close.'],
    ]);
  });
});

describe('code units of JavaScript and TSX', () => {
  it('captures functions, generators, bound functions, classes, methods and function fields', () => {
    const text = [
      '/** Renders the app. */',
      'export default function App({ title }, ...rest) { return title; }',
      'function* gen() {}',
      'class Store {',
      '  #load = () => 1;',
      '  handler = function (event) {};',
      '  @track',
      '  save(item, { force } = {}) {}',
      '}',
      'const g = function* () {};',
      '',
    ].join('\n');
    const document = openDocument('javascript', text);
    expect(summary(document)).toEqual([
      'function App: export default function App({ title }, ...rest) | { title } ; ...rest',
      'function gen: function* gen() | ',
      'class Store: class Store | ',
      'method #load in Store: #load = () | ',
      'method handler in Store: handler = function (event) | event',
      'method save in Store: save(item, { force } = {}) | item ; { force } = {}',
      'function g: const g = function* () | ',
    ]);
    expect(unitNamed(document, 'App').docstring).toBe('Renders the app.');
    // JavaScript keeps a method's decorator inside the method node: in its range, not its signature.
    expect(unitText(document, unitNamed(document, 'save'))).toMatch(/^@track\n {2}save\(/);
  });

  it('parses TSX components as functions', () => {
    const document = openDocument(
      'tsx',
      'export const Card = (props: { title: string }) => <b>{props.title}</b>;\n',
    );
    expect(summary(document)).toEqual([
      'function Card: export const Card = (props: { title: string }) | props: { title: string }',
    ]);
  });
});

describe('functions handed to a wrapper and bound to a name', () => {
  const COMPONENTS = `import React, { forwardRef, memo, useCallback } from 'react';
export const Button = forwardRef((props: Props, ref) => {
  return <button ref={ref} {...props} />;
});
const Card = React.memo(function Card({ title }) { return <b>{title}</b>; });
const Fancy = memo(forwardRef((props, ref) => <i ref={ref} />));
export const map = dual(2, (self: Effect, f: (a: A) => B) => flatMap(self, f));
const doubled = items.map((x) => { return x * 2; });
const total = sum(1, 2);
function App() {
  const onSave = useCallback(async (event) => { await save(event); }, []);
  return null;
}
`;

  it('are units with the handed function’s parameters and body; values computed by a call are not', () => {
    const document = openDocument('tsx', COMPONENTS);
    expect(summary(document)).toEqual([
      'function Button: export const Button = forwardRef((props: Props, ref) | props: Props ; ref',
      'function Card: const Card = React.memo(function Card({ title }) | { title }',
      'function Fancy: const Fancy = memo(forwardRef((props, ref) | props ; ref',
      'function map: export const map = dual(2, (self: Effect, f: (a: A) => B) | self: Effect ; f: (a: A) => B',
      'function App: function App() | ',
      'function onSave in App: const onSave = useCallback(async (event) | event',
    ]);
    const button = unitNamed(document, 'Button');
    expect(unitText(document, button)).toMatch(/^export const Button = forwardRef\(.*\n.*\n\}\);$/);
    expect(document.text.slice(button.bodyStartIndex)).toMatch(/^\{\n {2}return <button/);
  });

  it('in JavaScript too', () => {
    const javascript = COMPONENTS.replace('props: Props', 'props').replace(
      /: Effect, f: \(a: A\) => B/,
      ', f',
    );
    expect(summary(openDocument('javascript', javascript)).map((line) => line.split(':')[0])).toEqual([
      'function Button',
      'function Card',
      'function Fancy',
      'function map',
      'function App',
      'function onSave in App',
    ]);
  });
});

describe('unitAt', () => {
  it('finds the innermost unit around an offset, header included', () => {
    const document = openDocument('typescript', TYPESCRIPT);
    const units = document.units();
    const at = (needle: string) => unitAt(units, document.text.indexOf(needle))?.name;
    expect(at('return make')).toBe('create');
    expect(at('static create')).toBe('create');
    expect(at('extends Base')).toBe('Shape');
    expect(at('Plain')).toBe('Plain');
    expect(unitAt(units, document.text.length)).toBeUndefined();
  });
});
