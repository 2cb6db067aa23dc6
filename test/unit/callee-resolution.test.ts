import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CalleeDefinition } from '../../server/src/context/callee-sections.js';
import { buildUnitContext, type UnitContext } from '../../server/src/context/unit-context.js';
import { WorkspaceFiles } from '../../server/src/workspace/workspace-files.js';
import { FIXTURES_DIR } from '../support/paths.js';
import { testRegistry, unitNamed } from '../support/syntax-documents.js';

/**
 * Callee definitions an explain prompt holds, resolved through the workspace index (here one that
 * reads files on demand, as the CLI has it), on multi-file projects shaped like rxjs and Django:
 * typed parameters, fields and variables, `new C()` and `self.x = C()`, this/self/super along the class
 * hierarchy across files, module attributes, re-exports through `index.ts` / `__init__.py`, aliases,
 * and the wrong-owner cases, where nothing is better than a same-named definition of another owner.
 */
function sectionsOf(project: string, path: string, unit: string): UnitContext {
  const root = join(FIXTURES_DIR, 'projects', project);
  const files = new WorkspaceFiles(testRegistry(), () => undefined);
  const document = files.document(join(root, path));
  if (!document) throw new Error(`cannot open ${path}`);
  return buildUnitContext(document, unitNamed(document, unit), { files, workspaceRoot: root }, 6_000);
}

/** The callee definitions in the prompt, each as `name, file (shape)`; the file relative to the unit's. */
const label = (definition: CalleeDefinition) =>
  `${definition.name}, ${definition.file}${definition.shape ? ` (${definition.shape})` : ''}`;
const titles = (context: UnitContext) => context.definitions.map(label);
/** The definitions whose code holds `code`; and the enclosing class's outline, when it does. */
const holding = (context: UnitContext, code: string) => [
  ...context.sections
    .slice(1)
    .filter((section) => section.title.startsWith('Enclosing') && section.body.includes(code))
    .map((section) => section.title),
  ...context.definitions.filter((definition) => definition.code.includes(code)).map(label),
];

describe('callee resolution: TypeScript', () => {
  const report = sectionsOf('ts-resolve', 'src/report.ts', 'report');

  it('a method of a parameter whose type is stated, and one it inherits from a class in another file', () => {
    expect(holding(report, 'write(line: string): void {')).toEqual(['Sink, ./sink.ts (the members called)']);
    expect(holding(report, 'send(message: string): void {')).toEqual([
      'Channel, ./base.ts (the members called)',
    ]);
  });

  it('a module attribute (`import * as fmt`) and an alias through a re-export of index.ts', () => {
    expect(titles(report)).toContain('shout, ./format/shout.ts');
    expect(holding(report, 'export function shout(text: string): string {')).toHaveLength(1);
  });

  const run = sectionsOf('ts-resolve', 'src/report.ts', 'run');

  it('a field with a declared type, a parameter property (`this.sink`), `new C()`, a method of its own class', () => {
    expect(holding(run, 'put(text: string): void {')).toEqual(['Writer, ./writer.ts (outline)']);
    expect(holding(run, 'write(line: string): void {')).toEqual(['Sink, ./sink.ts (the members called)']);
    expect(titles(run)).toContain('finish, this file');
  });

  it("never the class's own `get` for `options.get(…)` on a Map", () => {
    expect(holding(run, 'get(key: string): string {')).toEqual([]);
    expect(titles(run)).not.toContain('get, this file');
  });
});

describe('callee resolution: callbacks', () => {
  const pipeline = sectionsOf('ts-resolve', 'src/pipeline.ts', 'pipeline');

  it("a callback's parameters typed by the function it is handed to", () => {
    expect(holding(pipeline, 'put(text: string): void {')).toEqual([
      'Writer, ./writer.ts (the members called)',
    ]);
    expect(holding(pipeline, 'write(line: string): void {')).toEqual([
      'Sink, ./sink.ts (the members called)',
    ]);
  });

  it('a callback parameter hides the module imported under its name', () => {
    expect(holding(pipeline, 'export function shout')).toEqual([]);
  });
});

describe('callee resolution: Python', () => {
  it("`timezone.localtime(…)` is the module's, not the caller's own `localtime`", () => {
    const tz = sectionsOf('py-resolve', 'app/templatetags/tz.py', 'localtime');
    expect(titles(tz)).toEqual(['localtime, ../utils/timezone.py']);
  });

  const page = sectionsOf('py-resolve', 'app/views/list.py', 'get_page');

  it("`self.kwargs.get(…)` is not the view's own `get`: an attribute the code does not type resolves to nothing", () => {
    // The class's outline names it, as every method; no definition shows it as the callee.
    expect(holding(page, 'def get(self, request):')).toEqual([]);
    expect(titles(page).filter((title) => title.startsWith('get,'))).toEqual([]);
  });

  it('an aliased import (`gettext as _`) through a package `__init__.py`, an inherited method, `self.x = C()`', () => {
    expect(holding(page, 'def gettext(')).toEqual(['_, ../utils/translation/trans_real.py']);
    expect(holding(page, 'def dispatch(self, request):')).toEqual(['View, ./base.py (the members called)']);
    expect(holding(page, 'def page(self, number):')).toEqual([
      'Paginator, ../paginator.py (the members called)',
    ]);
  });

  it('a method of a parameter with an annotation', () => {
    const paginate = sectionsOf('py-resolve', 'app/views/list.py', 'paginate');
    expect(holding(paginate, 'def page(self, number):')).toEqual([
      'Paginator, ../paginator.py (the members called)',
    ]);
  });
});

describe('callee resolution: what `this` is', () => {
  it("a function's `this: T` parameter types `this`; an interface's method signature is its definition", () => {
    const section = ['Action, ./action.ts (the members called)'];
    expect(
      holding(sectionsOf('ts-resolve', 'src/schedule.ts', 'repeat'), 'reschedule(delay: number): void'),
    ).toEqual(section);
    expect(
      holding(sectionsOf('ts-resolve', 'src/schedule.ts', 'tick'), 'reschedule(delay: number): void'),
    ).toEqual(section);
  });

  it("`this` in a plain function inside a method is not the class's instance; in an arrow function it is", () => {
    const own = 'reschedule, this file';
    expect(titles(sectionsOf('ts-resolve', 'src/schedule.ts', 'start'))).not.toContain(own);
    expect(titles(sectionsOf('ts-resolve', 'src/schedule.ts', 'restart'))).toContain(own);
  });
});

describe('callee resolution: inside functions nested in the unit', () => {
  const put = 'put(text: string): void {';
  const writer = ['Writer, ./writer.ts (the members called)'];

  it('a variable of a function nested in the unit (TypeScript and Python)', () => {
    expect(holding(sectionsOf('ts-resolve', 'src/lines.ts', 'perLine'), put)).toEqual([
      'Writer, ./writer.ts (outline)',
    ]);
    expect(
      holding(sectionsOf('py-resolve', 'app/pages.py', 'first_items'), 'return (number - 1) * self.per_page'),
    ).toEqual(['Paginator, ./paginator.py (outline)']);
  });

  it('what a parameter typed as a function returns (`const made = factory()`, `factory().put(…)`)', () => {
    expect(holding(sectionsOf('ts-resolve', 'src/lines.ts', 'withFactory'), put)).toEqual(writer);
    expect(holding(sectionsOf('ts-resolve', 'src/lines.ts', 'throughFactory'), put)).toEqual(writer);
  });

  it("an arrow function's parameter with a stated type", () => {
    expect(holding(sectionsOf('ts-resolve', 'src/lines.ts', 'putting'), put)).toEqual(writer);
  });
});

describe('callee resolution: a variable set to what a function declares it returns', () => {
  it('`const w = writerOf(…)` where `writerOf(…): Writer` (TypeScript)', () => {
    expect(holding(sectionsOf('ts-resolve', 'src/made.ts', 'greet'), 'put(text: string): void {')).toEqual([
      'Writer, ./writer.ts (the members called)',
    ]);
  });

  it('a field set to such a call (`writer = writerOf(…)`)', () => {
    expect(holding(sectionsOf('ts-resolve', 'src/made.ts', 'welcome'), 'put(text: string): void {')).toEqual([
      'Writer, ./writer.ts (the members called)',
    ]);
  });

  it('overloads that declare different classes, or a parameter named as the function: nothing', () => {
    expect(
      holding(sectionsOf('ts-resolve', 'src/made.ts', 'openAndPut'), 'put(text: string): void {'),
    ).toEqual([]);
    expect(
      holding(sectionsOf('ts-resolve', 'src/made.ts', 'withMaker'), 'put(text: string): void {'),
    ).toEqual([]);
  });

  it('`pager = make_pager()` and `self.pager = make_pager()` where `make_pager() -> Paginator` (Python)', () => {
    const page = 'return (number - 1) * self.per_page';
    const paginator = ['Paginator, ./paginator.py (the members called)'];
    expect(holding(sectionsOf('py-resolve', 'app/pages.py', 'last_page'), page)).toEqual(paginator);
    expect(holding(sectionsOf('py-resolve', 'app/pages.py', 'show'), page)).toEqual(paginator);
  });
});

describe("callee resolution: a method of what a call's result returns when called (curried calls)", () => {
  const put = 'put(text: string): void {';
  const writer = ['Writer, ./writer.ts (the members called)'];

  it('an interface with a call signature, through a base with type arguments (rxjs: `mergeAll(n)(source).subscribe`)', () => {
    expect(holding(sectionsOf('ts-resolve', 'src/steps.ts', 'viaStep'), put)).toEqual(writer);
  });

  it('a function type (TypeScript) and `Callable[[…], C]` (Python)', () => {
    expect(holding(sectionsOf('ts-resolve', 'src/steps.ts', 'viaFunctionType'), put)).toEqual(writer);
    expect(
      holding(sectionsOf('py-resolve', 'app/pages.py', 'tenth_page'), 'return (number - 1) * self.per_page'),
    ).toEqual(['Paginator, ./paginator.py (the members called)']);
  });

  it('calling a parameter typed `Callable[[], C]` (Python)', () => {
    expect(
      holding(sectionsOf('py-resolve', 'app/pages.py', 'page_from'), 'return (number - 1) * self.per_page'),
    ).toEqual(['Paginator, ./paginator.py (the members called)']);
  });

  it('call signatures that name different classes: nothing', () => {
    expect(holding(sectionsOf('ts-resolve', 'src/steps.ts', 'viaEither'), put)).toEqual([]);
  });
});
