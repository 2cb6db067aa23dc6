import { describe, expect, it } from 'vitest';
import type { LanguageName } from '../../server/src/syntax/languages.js';
import { documentFacts, type FileFacts, namedType } from '../../server/src/workspace/facts/file-facts.js';
import { openDocument } from '../support/syntax-documents.js';

function factsOf(language: LanguageName, text: string): FileFacts {
  const facts = documentFacts(openDocument(language, text));
  if (!facts) throw new Error('no facts');
  return facts;
}

function classNamed(facts: FileFacts, name: string) {
  const found = facts.classes.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no class ${name}`);
  return found;
}

// From rxjs 7.8.2 src/internal/Subscriber.ts, cut to the parts that matter.
const RXJS_SUBSCRIBER = `import { isFunction } from './util/isFunction';
import { Observer, ObservableNotification } from './types';
import { isSubscription, Subscription } from './Subscription';
import { config } from './config';

export class Subscriber<T> extends Subscription implements Observer<T> {
  static create<T>(next?: (x?: T) => void, error?: (e?: any) => void, complete?: () => void): Subscriber<T> {
    return new SafeSubscriber(next, error, complete);
  }

  protected isStopped: boolean = false;
  protected destination: Subscriber<any> | Observer<any>; // this \`any\` is the escape hatch

  constructor(destination?: Subscriber<any> | Observer<any>) {
    super();
    if (destination) {
      this.destination = destination;
    } else {
      this.destination = EMPTY_OBSERVER;
    }
  }

  next(value: T): void {
    if (this.isStopped) {
      handleStoppedNotification(nextNotification(value), this);
    } else {
      this._next(value!);
    }
  }
}

class ConsumerObserver<T> implements Observer<T> {
  constructor(private partialObserver: Partial<Observer<T>>) {}

  next(value: T): void {
    const { partialObserver } = this;
    partialObserver.next(value);
  }
}

export class SafeSubscriber<T> extends Subscriber<T> {
  constructor(observerOrNext?: Partial<Observer<T>> | ((value: T) => void) | null) {
    super();
    this.destination = new ConsumerObserver(observerOrNext);
  }
}
`;

describe('file facts: TypeScript', () => {
  const facts = factsOf('typescript', RXJS_SUBSCRIBER);

  it('reads imports with the name each binds and the name it imports', () => {
    expect(facts.imports.map(({ source, bindings }) => [source, bindings])).toEqual([
      ['./util/isFunction', [{ local: 'isFunction', imported: 'isFunction' }]],
      [
        './types',
        [
          { local: 'Observer', imported: 'Observer' },
          { local: 'ObservableNotification', imported: 'ObservableNotification' },
        ],
      ],
      [
        './Subscription',
        [
          { local: 'isSubscription', imported: 'isSubscription' },
          { local: 'Subscription', imported: 'Subscription' },
        ],
      ],
      ['./config', [{ local: 'config', imported: 'config' }]],
    ]);
  });

  it('exports the exported classes only', () => {
    expect(facts.exports.map(({ name, local }) => [name, local])).toEqual([
      ['Subscriber', 'Subscriber'],
      ['SafeSubscriber', 'SafeSubscriber'],
    ]);
  });

  it('reads classes with their bases, implemented interfaces and members', () => {
    const subscriber = classNamed(facts, 'Subscriber');
    expect(subscriber.bases).toEqual(['Subscription']);
    expect(subscriber.implements).toEqual(['Observer']);
    expect(subscriber.members.map(({ name, kind }) => [name, kind])).toEqual([
      ['create', 'method'],
      ['isStopped', 'field'],
      ['destination', 'field'],
      ['constructor', 'constructor'],
      ['next', 'method'],
    ]);
    const [create, isStopped, destination] = subscriber.members;
    expect(create).toMatchObject({ static: true, returns: 'Subscriber<T>' });
    expect(isStopped).toMatchObject({ type: 'boolean' });
    expect(destination).toMatchObject({ type: 'Subscriber<any> | Observer<any>' });
    // The member's unit is the method's own.
    const next = subscriber.members.find((member) => member.name === 'next');
    expect(facts.units[next?.unit as number]).toMatchObject({
      name: 'next',
      kind: 'method',
      returns: 'void',
    });
  });

  it('a constructor parameter with a modifier is a field, typed', () => {
    const consumer = classNamed(facts, 'ConsumerObserver');
    expect(consumer.members.find((member) => member.name === 'partialObserver')).toMatchObject({
      kind: 'field',
      type: 'Partial<Observer<T>>',
    });
  });

  it('a field set in a method is a member, with the class it is constructed from', () => {
    const safe = classNamed(facts, 'SafeSubscriber');
    expect(safe.bases).toEqual(['Subscriber']);
    expect(safe.members.find((member) => member.name === 'destination')).toMatchObject({
      kind: 'field',
      init: 'ConsumerObserver',
    });
  });

  it('records typed parameters in the unit they belong to', () => {
    const next = facts.units.findIndex((unit) => unit.name === 'next');
    expect(
      facts.bindings.find((binding) => binding.name === 'value' && binding.scope === next),
    ).toMatchObject({
      kind: 'parameter',
      type: 'T',
    });
    const constructorUnit = facts.units.findIndex((unit) => unit.name === 'constructor');
    expect(facts.bindings.find((binding) => binding.scope === constructorUnit)).toMatchObject({
      name: 'destination',
      type: 'Subscriber<any> | Observer<any>',
    });
  });

  it('gives each unit its LSP range', () => {
    const subscriber = facts.units.find((unit) => unit.name === 'Subscriber');
    expect(subscriber?.range).toEqual([5, 0, 29, 1]);
  });
});

describe('file facts: TypeScript imports and exports of every form', () => {
  const facts = factsOf(
    'typescript',
    [
      "import D, { a as b, c } from './m';",
      "import * as ns from 'x';",
      "import type { T } from './t';",
      "const req = require('r'), { p, q: qq } = require('pq');",
      "export { a as z, q } from './r';",
      "export * from './s';",
      "export * as N from './n';",
      'export { c as cc, local };',
      'export default class K {}',
      'export const v: Foo = new Bar<X>(1), w = 2;',
      'export function f(x: Sub, y = new Q()): R {}',
      'export interface I extends J<T>, L { p: string; m(x: number): Thing }',
      'export enum E { A }',
      'export type TT = string;',
      'export function g(each: (inner: Sub) => void): void { const made = make(); }',
      '',
    ].join('\n'),
  );

  it('imports: default, named with alias, namespace, type-only, require', () => {
    expect(facts.imports.map(({ source, bindings, typeOnly }) => [source, bindings, typeOnly])).toEqual([
      [
        './m',
        [
          { local: 'D', imported: 'default' },
          { local: 'b', imported: 'a' },
          { local: 'c', imported: 'c' },
        ],
        undefined,
      ],
      ['x', [{ local: 'ns', imported: '*' }], undefined],
      ['./t', [{ local: 'T', imported: 'T' }], true],
      ['r', [{ local: 'req', imported: '*' }], undefined],
      [
        'pq',
        [
          { local: 'p', imported: 'p' },
          { local: 'qq', imported: 'q' },
        ],
        undefined,
      ],
    ]);
  });

  it('re-exports: named, star, namespace', () => {
    expect(facts.reExports.map(({ source, names, star }) => [source, names, star])).toEqual([
      [
        './r',
        [
          { exported: 'z', imported: 'a' },
          { exported: 'q', imported: 'q' },
        ],
        undefined,
      ],
      ['./s', [], true],
      ['./n', [{ exported: 'N', imported: '*' }], undefined],
    ]);
  });

  it('exports: a clause, default, declarations of every kind', () => {
    expect(facts.exports.map(({ name, local }) => [name, local])).toEqual([
      ['cc', 'c'],
      ['local', 'local'],
      ['default', 'K'],
      ['v', 'v'],
      ['w', 'w'],
      ['f', 'f'],
      ['I', 'I'],
      ['E', 'E'],
      ['TT', 'TT'],
      ['g', 'g'],
    ]);
  });

  it('variables and parameters: annotation, construction and call; not the parameters a function type names', () => {
    expect(facts.bindings.map(({ name, kind, type, init }) => [name, kind, type, init])).toEqual([
      ['v', 'variable', 'Foo', 'Bar'],
      ['x', 'parameter', 'Sub', undefined],
      ['y', 'parameter', undefined, 'Q'],
      ['x', 'parameter', 'number', undefined],
      ['each', 'parameter', '(inner: Sub) => void', undefined],
      ['made', 'variable', undefined, 'make'],
    ]);
    expect(facts.units.find((unit) => unit.name === 'f')?.returns).toBe('R');
  });

  it('an interface: its bases and members', () => {
    expect(classNamed(facts, 'I')).toMatchObject({
      kind: 'interface',
      bases: ['J', 'L'],
      members: [
        { name: 'p', kind: 'field', type: 'string' },
        { name: 'm', kind: 'method', returns: 'Thing' },
      ],
    });
  });
});

// From CPython 3.11 Lib/logging/__init__.py and Lib/json/__init__.py, cut; the typed parts in the
// style of Django 3.2 (django/views/generic/list.py, django/templatetags/tz.py).
const PYTHON_MODULE = `import sys, os.path, re as regex
from .decoder import JSONDecoder, JSONDecodeError
from .encoder import JSONEncoder as Encoder
from django.utils import timezone
from ..util import *
try:
    import threading
except ImportError:
    threading = None

__all__ = ['Handler']
NOTSET = 0
_lock: "RLock" = threading.RLock()

class Handler(Filterer):
    """Handler instances dispatch logging events to specific destinations."""
    terminator = '\\n'
    formatter_class: type = Formatter

    def __init__(self, level=NOTSET, stream: "TextIO" = None):
        Filterer.__init__(self)
        self._name = None
        self.level = _checkLevel(level)
        self.formatter = None
        self.stream = stream
        self.decoder = JSONDecoder()
        self.lock: Optional[RLock] = None

    @property
    def name(self) -> str:
        return self._name

    @name.setter
    def name(self, name):
        self.set_name(name)

    @staticmethod
    def make(kwargs: Dict[str, Any]) -> "Handler":
        return Handler()

def localtime(value: datetime, timezone=None):
    handler = Handler()
    local: datetime = timezone.localtime(value)
    return local
`;

describe('file facts: Python', () => {
  const facts = factsOf('python', PYTHON_MODULE);

  it('imports: plain (dotted, aliased), from (aliased, relative, star), in a top-level try', () => {
    expect(facts.imports.map(({ source, bindings, star }) => [source, bindings, star])).toEqual([
      ['sys', [{ local: 'sys', imported: '*' }], undefined],
      ['os.path', [{ local: 'os.path', imported: '*' }], undefined],
      ['re', [{ local: 'regex', imported: '*' }], undefined],
      [
        '.decoder',
        [
          { local: 'JSONDecoder', imported: 'JSONDecoder' },
          { local: 'JSONDecodeError', imported: 'JSONDecodeError' },
        ],
        undefined,
      ],
      ['.encoder', [{ local: 'Encoder', imported: 'JSONEncoder' }], undefined],
      ['django.utils', [{ local: 'timezone', imported: 'timezone' }], undefined],
      ['..util', [], true],
      ['threading', [{ local: 'threading', imported: '*' }], undefined],
    ]);
  });

  it('from-imports are what the module passes on; top-level names are its attributes', () => {
    expect(facts.reExports.map(({ source, names, star }) => [source, names.length, star])).toEqual([
      ['.decoder', 2, undefined],
      ['.encoder', 1, undefined],
      ['django.utils', 1, undefined],
      ['..util', 0, true],
    ]);
    expect(facts.exports.map(({ name }) => name)).toEqual([
      'threading',
      '__all__',
      'NOTSET',
      '_lock',
      'Handler',
      'localtime',
    ]);
  });

  it('a class: bases, methods by kind, attributes set in __init__ typed where the code says', () => {
    const handler = classNamed(facts, 'Handler');
    expect(handler.bases).toEqual(['Filterer']);
    const byName = Object.fromEntries(handler.members.map((member) => [member.name, member]));
    expect(handler.members.map(({ name, kind }) => [name, kind])).toEqual([
      ['terminator', 'field'],
      ['formatter_class', 'field'],
      ['__init__', 'constructor'],
      ['name', 'getter'],
      ['name', 'setter'],
      ['make', 'method'],
      ['_name', 'field'],
      ['level', 'field'],
      ['formatter', 'field'],
      ['stream', 'field'],
      ['decoder', 'field'],
      ['lock', 'field'],
    ]);
    expect(byName.formatter_class).toMatchObject({ type: 'type' });
    expect(byName.stream).toMatchObject({ type: 'TextIO' });
    expect(byName.decoder).toMatchObject({ init: 'JSONDecoder' });
    expect(byName.lock).toMatchObject({ type: 'Optional[RLock]' });
    expect(byName.make).toMatchObject({ static: true, returns: 'Handler' });
    expect(handler.members.find((member) => member.kind === 'getter')).toMatchObject({ type: 'str' });
  });

  it('typed parameters and variables in their function', () => {
    const localtime = facts.units.findIndex((unit) => unit.name === 'localtime');
    expect(
      facts.bindings
        .filter((binding) => binding.scope === localtime)
        .map(({ name, kind, type, init }) => [name, kind, type, init]),
    ).toEqual([
      ['value', 'parameter', 'datetime', undefined],
      ['handler', 'variable', undefined, 'Handler'],
      ['local', 'variable', 'datetime', 'timezone.localtime'],
    ]);
    const lock = facts.bindings.find((binding) => binding.name === '_lock');
    expect(lock).toMatchObject({ kind: 'variable', type: 'RLock' });
    expect(lock?.scope).toBeUndefined();
  });
});

describe('file facts: other languages', () => {
  it('Go: units only', () => {
    const facts = factsOf('go', 'package shop\n\nfunc Total(items []int) int {\n\treturn 0\n}\n');
    expect(facts.units.map(({ name, kind }) => [name, kind])).toEqual([['Total', 'function']]);
    expect(facts.classes).toEqual([]);
  });
});

describe('namedType', () => {
  it.each([
    ['Subscriber<T>', 'Subscriber'],
    ['Subscriber<any> | Observer<any>', undefined],
    ['Optional[Foo]', 'Foo'],
    ['Foo | None', 'Foo'],
    ['Foo | undefined | null', 'Foo'],
    ['models.Model', 'models.Model'],
    ['Dict[str, int]', 'Dict'],
    ['string[]', undefined],
    ['(x: number) => void', undefined],
    ['readonly Foo', 'Foo'],
  ])('%s → %s', (type, expected) => {
    expect(namedType(type)).toBe(expected);
  });
});
