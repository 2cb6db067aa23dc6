import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ClientCapabilities, CodeAction, Diagnostic, Range } from 'vscode-languageserver-protocol';
import { ApplyEditRecorder } from './apply-edit-recorder.js';
import { positionAt } from './cursor.js';
import type { FakeModelServer } from './fake-model-server.js';
import { FULL_CAPABILITIES, LspSession } from './lsp-session.js';
import { FAKE_KEYS, freshDir } from './model-session.js';
import { FIXTURES_DIR } from './paths.js';
import { perTestFake } from './per-test-fake.js';

const codeAction = FULL_CAPABILITIES.textDocument?.codeAction;
const workspace = { ...FULL_CAPABILITIES.workspace, applyEdit: true };

/** A client that resolves `edit` lazily (codeAction/resolve) and takes versioned documentChanges. */
export const RESOLVING_CLIENT: ClientCapabilities = { ...FULL_CAPABILITIES, workspace };

/** A client that cannot resolve `edit`: it gets the lantern.fix command and answers applyEdit. */
export const COMMAND_CLIENT: ClientCapabilities = {
  ...FULL_CAPABILITIES,
  workspace,
  textDocument: {
    ...FULL_CAPABILITIES.textDocument,
    codeAction: { codeActionLiteralSupport: codeAction?.codeActionLiteralSupport, dataSupport: true },
  },
};

/** A resolving client that also shows disabled actions greyed out, with their reason. */
export const DISABLED_SUPPORT_CLIENT: ClientCapabilities = {
  ...RESOLVING_CLIENT,
  textDocument: { ...FULL_CAPABILITIES.textDocument, codeAction: { ...codeAction, disabledSupport: true } },
};

export interface FixFixture {
  readonly uri: string;
  readonly languageId: string;
  readonly text: string;
}

/** A fixture of test/fixtures/fix/ (each has a real bug in one function), as a document to open. */
export function fixture(name: 'cart.py' | 'invoice.ts' | 'orders.py' | 'report.ts'): FixFixture {
  const text = readFileSync(join(FIXTURES_DIR, 'fix', name), 'utf8');
  return {
    uri: `file:///work/fix/${name}`,
    languageId: name.endsWith('.py') ? 'python' : 'typescript',
    text,
  };
}

/** cart.py, whose `subtotal` misspells its loop variable (`itemz`). */
export const cart = fixture('cart.py');
/** The buggy function as the file has it, as the model fixes it, and the whole file fixed. */
export const SUBTOTAL = cart.text.slice(
  cart.text.indexOf('def subtotal'),
  cart.text.indexOf('\n\n\ndef receipt'),
);
export const FIXED_SUBTOTAL = SUBTOTAL.replace('itemz', 'item');
export const FIXED_CART = cart.text.replace('itemz', 'item');

export interface FixSession {
  readonly session: LspSession;
  readonly applyEdits: ApplyEditRecorder;
}

/**
 * A server with a fresh cache talking to `fake` through ANTHROPIC_BASE_URL, or offline (no key) when
 * there is no fake. The client answers workspace/applyEdit from the start.
 */
export async function startFixSession(
  capabilities: ClientCapabilities,
  fake: FakeModelServer | undefined,
  traceName: string,
  initializationOptions?: unknown,
): Promise<FixSession> {
  const env: Record<string, string> = { LANTERN_CACHE_DIR: freshDir('lantern-fix-') };
  if (fake) {
    env.ANTHROPIC_BASE_URL = fake.url;
    env.ANTHROPIC_API_KEY = FAKE_KEYS.anthropic;
  }
  const session = await LspSession.start({
    env,
    capabilities,
    traceName,
    ...(initializationOptions === undefined ? {} : { initializationOptions }),
  });
  return { session, applyEdits: ApplyEditRecorder.attach(session) };
}

/** The range of the first occurrence of `needle` in `text`. */
export function rangeOfText(text: string, needle: string): Range {
  const start = text.indexOf(needle);
  if (start === -1) throw new Error(`${needle} is not in the text`);
  return { start: positionAt(text, start), end: positionAt(text, start + needle.length) };
}

/** What pyright reports for the bug in cart.py: a misspelt loop variable. */
export function pyrightUndefined(cart: FixFixture): Diagnostic {
  return {
    range: rangeOfText(cart.text, 'itemz'),
    severity: 1,
    source: 'Pyright',
    code: 'reportUndefinedVariable',
    message: '"itemz" is not defined',
  };
}

/** What eslint's no-undef reports for the bug in invoice.ts: a function used but never imported. */
export function eslintUndefined(invoice: FixFixture): Diagnostic {
  return {
    range: rangeOfText(invoice.text, 'roundCents'),
    severity: 1,
    source: 'eslint',
    code: 'no-undef',
    message: "'roundCents' is not defined.",
  };
}

/** The code actions an editor gets with the cursor on a diagnostic it passes along. */
export function diagnosticActions(
  session: LspSession,
  uri: string,
  diagnostic: Diagnostic,
): Promise<CodeAction[]> {
  return session.request<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri },
    range: diagnostic.range,
    context: { diagnostics: [diagnostic] },
  });
}

/** The "Fix with Lantern" actions an editor gets with the cursor on a diagnostic it passes along. */
export async function fixActionsFor(
  session: LspSession,
  uri: string,
  diagnostic: Diagnostic,
): Promise<CodeAction[]> {
  const actions = await diagnosticActions(session, uri, diagnostic);
  return actions.filter((action) => action.title.startsWith('Fix with Lantern'));
}

/** The single "Fix with Lantern" action for a diagnostic. */
export async function fixActionFor(
  session: LspSession,
  uri: string,
  diagnostic: Diagnostic,
): Promise<CodeAction> {
  const actions = await fixActionsFor(session, uri, diagnostic);
  const [action] = actions;
  if (!action || actions.length !== 1) throw new Error(`expected one fix action, got ${actions.length}`);
  return action;
}

/** A model answer: optional prose, then the code in one fenced block. */
export function fenced(language: string, code: string, prose = ''): string {
  return `${prose ? `${prose}\n\n` : ''}\`\`\`${language}\n${code}\n\`\`\`\n`;
}

/**
 * The fake's next answer, held back until the document has changed under it, for "the document
 * changed while the model was writing". Script nothing else before it: the next request gets it.
 */
export function answerAfterChange(fake: FakeModelServer, text: string) {
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const asked = fake.requests.length + 1;
  fake.script({ kind: 'gate', text, release: gate });
  return {
    /** Once the model is asked: inserts a line at the top of `uri`, waits until the server has it, answers. */
    async changeThenAnswer(session: LspSession, uri: string): Promise<void> {
      await fake.waitForRequests(asked);
      const top = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
      const version = await session.change(uri, [{ range: top, text: '# changed meanwhile\n' }]);
      // Diagnostics published for the new version prove the server took the change before the answer.
      await session.diagnosticsFor(uri, version);
      release();
    },
  };
}

/** The window/showMessage text the server sends next (or has sent) with a warning. */
export async function nextWarning(session: LspSession): Promise<string> {
  const params = await session.waitForNotification<{ type: number; message: string }>(
    'window/showMessage',
    (p) => p.type === 2,
  );
  return params.message;
}

/** What one test may change about the session `fakeModelSessions` starts. */
export interface SessionVariant {
  readonly capabilities?: ClientCapabilities;
  readonly initializationOptions?: unknown;
}

/** Sessions against a fresh fake model per test (see `fakeModelSessions`). */
export interface FakeModelSessions {
  /** This test's fake model (started before it). */
  readonly fake: FakeModelServer;
  /** The session `start` made last in this test, if any. */
  readonly session: LspSession | undefined;
  /** A server talking to this test's fake (or offline), finished and trace-checked after the test. */
  start(traceName: string, withModel?: boolean, options?: SessionVariant): Promise<FixSession>;
}

/**
 * The per-test lifecycle most model tests share: a fake model starts before each test; after it, every
 * session the test started is finished (its trace validated) and the fake closed.
 */
export function fakeModelSessions(capabilities: ClientCapabilities): FakeModelSessions {
  const perTest = perTestFake();
  return {
    get fake() {
      return perTest.fake;
    },
    get session() {
      return perTest.lastSession;
    },
    async start(traceName, withModel = true, options = {}) {
      const started = await startFixSession(
        options.capabilities ?? capabilities,
        withModel ? perTest.fake : undefined,
        traceName,
        options.initializationOptions,
      );
      perTest.track(started.session);
      return started;
    },
  };
}
