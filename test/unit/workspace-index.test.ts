import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { GrammarRegistry } from '../../server/src/syntax/grammar-registry.js';
import { namedType } from '../../server/src/workspace/facts/file-facts.js';
import { parseFacts } from '../../server/src/workspace/index/parse-facts.js';
import { type ClassRef, WorkspaceIndex } from '../../server/src/workspace/index/workspace-index.js';
import { indexedProject, writeProject } from '../support/index-projects.js';

// Cut from rxjs 7.8.2 (src/index.ts, internal/Subscription.ts, Subscriber.ts, Observable.ts, types.ts,
// operators/map.ts), keeping the shapes resolution depends on.
const RXJS = {
  'src/index.ts': [
    "export { Observable } from './internal/Observable';",
    "export { Subscriber } from './internal/Subscriber';",
    "export * from './internal/types';",
    "export { map } from './internal/operators/map';",
    '',
  ].join('\n'),
  'src/operators/index.ts': "export { map } from '../internal/operators/map';\n",
  'src/internal/types.ts': [
    'export interface Observer<T> {',
    '  next: (value: T) => void;',
    '  error: (err: any) => void;',
    '  complete: () => void;',
    '}',
    'export interface Unsubscribable {',
    '  unsubscribe(): void;',
    '}',
    '',
  ].join('\n'),
  'src/internal/Subscription.ts': [
    "import { Unsubscribable } from './types';",
    'export class Subscription implements Unsubscribable {',
    '  public closed = false;',
    '  unsubscribe(): void {',
    '    this.closed = true;',
    '  }',
    '  add(teardown: Subscription): void {}',
    '}',
    '',
  ].join('\n'),
  'src/internal/Subscriber.ts': [
    "import { Observer } from './types';",
    "import { Subscription } from './Subscription';",
    'export class Subscriber<T> extends Subscription implements Observer<T> {',
    '  protected destination: Subscriber<any> | Observer<any>;',
    '  constructor(destination?: Subscriber<any> | Observer<any>) {',
    '    super();',
    '  }',
    '  next(value: T): void {}',
    '  error(err?: any): void {}',
    '  complete(): void {}',
    '}',
    'export class SafeSubscriber<T> extends Subscriber<T> {}',
    '',
  ].join('\n'),
  'src/internal/Observable.ts': [
    "import { SafeSubscriber, Subscriber } from './Subscriber';",
    "import { Subscription } from './Subscription';",
    'export class Observable<T> {',
    '  subscribe(observerOrNext?: any): Subscription {',
    '    const subscriber = new SafeSubscriber(observerOrNext);',
    '    subscriber.add(this._trySubscribe(subscriber));',
    '    return subscriber;',
    '  }',
    '  protected _trySubscribe(sink: Subscriber<T>): Subscription {',
    '    return sink;',
    '  }',
    '}',
    '',
  ].join('\n'),
  'src/internal/operators/map.ts': [
    "import { Observable } from '../Observable';",
    'export function map<T, R>(project: (value: T) => R): (source: Observable<T>) => Observable<R> {',
    '  return (source) => source;',
    '}',
    '',
  ].join('\n'),
  'src/consumer.ts': [
    "import * as rx from './index';",
    "import { map as rxMap, Observable } from './index';",
    "import { map as fromOperators } from './operators';",
    'export function double(source: Observable<number>) {',
    '  return rxMap((x: number) => x * 2)(source);',
    '}',
    '',
  ].join('\n'),
};

// Cut from Django 3.2 (utils/timezone.py, templatetags/tz.py, views/generic/base.py and list.py,
// utils/translation/__init__.py), keeping the names and the import shapes.
const DJANGO = {
  'django/__init__.py': '',
  'django/utils/__init__.py': '',
  'django/utils/timezone.py': [
    'from datetime import datetime, timezone as dt_timezone',
    '',
    'def get_current_timezone():',
    '    return dt_timezone.utc',
    '',
    'def localtime(value=None, timezone=None):',
    '    """Convert an aware datetime.datetime to local time."""',
    '    if timezone is None:',
    '        timezone = get_current_timezone()',
    '    return value.astimezone(timezone)',
    '',
  ].join('\n'),
  'django/utils/translation/__init__.py': [
    'def gettext(message):',
    '    return _trans.gettext(message)',
    '',
  ].join('\n'),
  'django/template/__init__.py': 'from .library import Library\n',
  'django/template/library.py': [
    'class Library:',
    '    def filter(self, name=None, filter_func=None, **flags):',
    '        return filter_func',
    '',
  ].join('\n'),
  'django/templatetags/__init__.py': '',
  'django/templatetags/tz.py': [
    'from django.template import Library',
    'from django.utils import timezone',
    '',
    'register = Library()',
    '',
    '@register.filter',
    'def localtime(value):',
    '    """Convert a datetime to local time in the active time zone."""',
    '    return do_timezone(value, timezone.get_current_timezone())',
    '',
    'def do_timezone(value, arg):',
    '    return timezone.localtime(value, arg)',
    '',
  ].join('\n'),
  'django/views/__init__.py': 'from django.views.generic.base import View\n',
  'django/views/generic/__init__.py':
    'from django.views.generic.base import View\nfrom django.views.generic.list import *\n',
  'django/views/generic/base.py': [
    'class ContextMixin:',
    '    extra_context = None',
    '',
    '    def get_context_data(self, **kwargs):',
    '        return kwargs',
    '',
    'class View:',
    '    def setup(self, request, *args, **kwargs):',
    '        self.request = request',
    '        self.args = args',
    '        self.kwargs = kwargs',
    '',
    '    def get(self, request):',
    '        return None',
    '',
  ].join('\n'),
  'django/views/generic/list.py': [
    'from django.utils.translation import gettext as _',
    'from django.views.generic.base import ContextMixin, View',
    '',
    'class MultipleObjectMixin(ContextMixin):',
    '    def get_queryset(self):',
    '        return self.kwargs.get("queryset")',
    '',
    'class BaseListView(MultipleObjectMixin, View):',
    '    def get(self, request, *args, **kwargs):',
    '        self.object_list = self.get_queryset()',
    "        raise Http404(_('Empty list'))",
    '',
  ].join('\n'),
};

let index: WorkspaceIndex;
let root: string;
const at = (path: string) => join(root, path);

function classRef(path: string, name: string): ClassRef {
  const found = index.classNamed(at(path), name);
  if (!found) throw new Error(`no class ${name} in ${path}`);
  return found;
}

function unitName(definition: { path: string; unit?: number } | undefined): string | undefined {
  if (definition?.unit === undefined) return undefined;
  return index.facts(definition.path)?.units[definition.unit]?.name;
}

beforeAll(async () => {
  root = writeProject({ ...RXJS, ...DJANGO });
  ({ index } = await indexedProject(root));
});

describe('workspace index: TypeScript', () => {
  it('follows an aliased import through a re-export to the function', () => {
    const found = index.resolveName(at('src/consumer.ts'), 'rxMap');
    expect(found?.path).toBe(at('src/internal/operators/map.ts'));
    expect(unitName(found)).toBe('map');
    expect(index.resolveName(at('src/consumer.ts'), 'fromOperators')?.path).toBe(
      at('src/internal/operators/map.ts'),
    );
  });

  it('a namespace import is the module; a dotted name goes through it and `export *`', () => {
    expect(index.resolveName(at('src/consumer.ts'), 'rx')).toEqual({
      path: at('src/index.ts'),
      kind: 'module',
    });
    const observer = index.resolveQualified(at('src/consumer.ts'), 'rx.Observer');
    expect(observer?.path).toBe(at('src/internal/types.ts'));
    expect(observer?.class?.kind).toBe('interface');
  });

  it('a method found along the class hierarchy, across files', () => {
    const safe = classRef('src/internal/Observable.ts', 'SafeSubscriber');
    const unsubscribe = index.memberOf(safe, 'unsubscribe');
    expect(unsubscribe?.owner.path).toBe(at('src/internal/Subscription.ts'));
    expect(unsubscribe?.member.kind).toBe('method');
    expect(index.memberOf(safe, 'next')?.owner.class.name).toBe('Subscriber');
    expect(index.memberOf(safe, 'nothingLikeThis')).toBeUndefined();
  });

  it("a field's declared type names a class the field's file can resolve", () => {
    const subscriber = classRef('src/internal/Subscriber.ts', 'Subscriber');
    const destination = index.memberOf(subscriber, 'destination');
    expect(destination?.member.type).toBe('Subscriber<any> | Observer<any>');
    // Two classes: no one type — a resolver must not pick one.
    expect(namedType(destination?.member.type ?? '')).toBeUndefined();
    const sinkType = index
      .facts(at('src/internal/Observable.ts'))
      ?.bindings.find((b) => b.name === 'sink')?.type;
    expect(index.classNamed(at('src/internal/Observable.ts'), namedType(sinkType ?? '') ?? '')?.path).toBe(
      at('src/internal/Subscriber.ts'),
    );
  });

  it('lists the files that import a module, re-exports included', () => {
    expect(index.importersOf(at('src/internal/operators/map.ts'))).toEqual([
      at('src/index.ts'),
      at('src/operators/index.ts'),
    ]);
    expect(index.importersOf(at('src/internal/Subscription.ts'))).toEqual([
      at('src/internal/Observable.ts'),
      at('src/internal/Subscriber.ts'),
    ]);
  });
});

describe('workspace index: Python', () => {
  it('a module attribute resolves in that module, not to a same-named function of the caller', () => {
    const found = index.resolveQualified(at('django/templatetags/tz.py'), 'timezone.localtime');
    expect(found?.path).toBe(at('django/utils/timezone.py'));
    expect(unitName(found)).toBe('localtime');
    // The caller's own `localtime` is what the bare name means there.
    expect(index.resolveName(at('django/templatetags/tz.py'), 'localtime')?.path).toBe(
      at('django/templatetags/tz.py'),
    );
  });

  it('an aliased import (`gettext as _`) and a package re-export (`from .library import Library`)', () => {
    const underscore = index.resolveName(at('django/views/generic/list.py'), '_');
    expect(underscore?.path).toBe(at('django/utils/translation/__init__.py'));
    expect(unitName(underscore)).toBe('gettext');
    expect(index.classNamed(at('django/templatetags/tz.py'), 'Library')?.path).toBe(
      at('django/template/library.py'),
    );
    expect(index.exported(at('django/views/generic/__init__.py'), 'BaseListView')?.path).toBe(
      at('django/views/generic/list.py'),
    );
  });

  it('members through several bases; an untyped attribute stays untyped', () => {
    const view = classRef('django/views/generic/list.py', 'BaseListView');
    expect(index.memberOf(view, 'get_context_data')?.owner.class.name).toBe('ContextMixin');
    expect(index.memberOf(view, 'get')?.owner.class.name).toBe('BaseListView');
    const kwargs = index.memberOf(view, 'kwargs');
    expect(kwargs?.owner.class.name).toBe('View');
    expect(kwargs?.member).toMatchObject({ kind: 'field' });
    expect(kwargs?.member.type).toBeUndefined();
    expect(index.membersOf(view).map(({ owner, member }) => `${owner.class.name}.${member.name}`)).toEqual([
      'BaseListView.get',
      'BaseListView.object_list',
      'MultipleObjectMixin.get_queryset',
      'ContextMixin.extra_context',
      'ContextMixin.get_context_data',
      'View.setup',
      'View.get',
      'View.request',
      'View.args',
      'View.kwargs',
    ]);
  });

  it('`from package import module` counts as importing the module', () => {
    expect(index.importersOf(at('django/utils/timezone.py'))).toEqual([at('django/templatetags/tz.py')]);
    expect(index.resolveName(at('django/templatetags/tz.py'), 'timezone')).toEqual({
      path: at('django/utils/timezone.py'),
      kind: 'module',
    });
  });
});

describe('workspace index: files it does not hold', () => {
  it('resolves through files read on demand when a loader is given (no crawl: the CLI, a crawl under way)', () => {
    const registry = new GrammarRegistry();
    const loaded: string[] = [];
    const lazy = new WorkspaceIndex((path) => {
      if (!existsSync(path)) return undefined;
      loaded.push(path);
      return parseFacts(registry, path, readFileSync(path, 'utf8'));
    });
    lazy.setRoots([root]);
    const found = lazy.resolveName(at('src/consumer.ts'), 'rxMap');
    expect(found?.path).toBe(at('src/internal/operators/map.ts'));
    expect(loaded).toContain(at('src/index.ts'));
    expect([...lazy.paths()]).toEqual([]);
    expect(new WorkspaceIndex().resolveName(at('src/consumer.ts'), 'rxMap')).toBeUndefined();
  });
});

describe('workspace index: symbols', () => {
  it('ranks exact, prefix, camel-case humps, then subsequence', () => {
    const names = (query: string) => index.searchSymbols(query, 50).map((match) => match.name);
    expect(names('Subscriber').slice(0, 1)).toEqual(['Subscriber']);
    // Prefixes of the same case first, then of another case (shorter first), then humps, then the rest.
    expect(names('subscri')).toEqual([
      'subscribe',
      'Subscriber',
      'Subscription',
      '_trySubscribe',
      'SafeSubscriber',
      'unsubscribe',
      'unsubscribe',
      'Unsubscribable',
    ]);
    expect(names('gcd')).toEqual(['get_context_data']);
    expect(index.searchSymbols('gct', 50).map(({ name, rank }) => [name, rank])).toEqual([
      ['get_current_timezone', 4],
      ['get_context_data', 5],
    ]);
    const trySubscribe = index.searchSymbols('trySub', 5);
    expect(trySubscribe.map(({ name, container, rank }) => [name, container, rank])).toEqual([
      ['_trySubscribe', 'Observable', 4],
    ]);
  });
});
